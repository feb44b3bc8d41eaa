/**
 * The look-up sources in their order (issue 5 §1): local keyring → the user's vault
 * directory → WKD → configured key servers → keys remembered from Autocrypt. Each returns
 * the keys it found for one address, tagged with where they came from.
 */
import { CachetError, isCachetError, type ErrorCode } from '../../core/errors';
import { fromBase64 } from '../../core/keys/armor';
import { splitAddress } from '../../core/lookup/address';
import { foundKeys, type FoundKey } from '../../core/lookup/found-key';
import { hkpGet } from '../../core/lookup/hkp';
import { keyServerBase } from '../../core/lookup/server-url';
import { vksByEmail } from '../../core/lookup/vks';
import { wkdLookup } from '../../core/lookup/wkd';
import type { LookupSettings, LookupSource } from '../../shared/lookup-protocol';
import type { LookupDeps } from './deps';
import type { LookupDb } from './db';
import type { IDBPDatabase } from 'idb';

export interface SourceAnswer {
  source: LookupSource;
  keys: FoundKey[];
}

export interface SourceFailure {
  source: LookupSource['kind'];
  code: ErrorCode;
}

/** One look-up never waits longer than this for one source. */
export const SOURCE_TIMEOUT_MS = 15_000;

type Query = { kind: LookupSource['kind']; run: (signal: AbortSignal) => Promise<SourceAnswer[]> };

function queries(address: string, settings: LookupSettings, vaultUrl: string | null, deps: LookupDeps, db: IDBPDatabase<LookupDb>): Query[] {
  const now = deps.now();
  const list: Query[] = [
    {
      kind: 'keyring',
      run: async () => {
        const ks = await deps.keystore();
        const records = await ks.byEmail(address);
        const keys: FoundKey[] = [];
        for (const r of records) keys.push(...(await foundKeys(r.armored, address, now)).keys);
        return [{ source: { kind: 'keyring' }, keys }];
      },
    },
  ];
  if (settings.vaultDirectory && vaultUrl) {
    const url = keyServerBase(vaultUrl);
    list.push({ kind: 'vault-directory', run: async (signal) => [{ source: { kind: 'vault-directory', url }, keys: await vksByEmail(address, { fetch: deps.fetch, base: url, signal, now }) }] });
  }
  const domain = splitAddress(address)?.domain;
  if (settings.wkd && domain) {
    list.push({
      kind: 'wkd',
      run: async (signal) => {
        const base = await deps.wkdBase?.();
        const r = await wkdLookup(address, { fetch: deps.fetch, signal, now, ...(base ? { base } : {}) });
        return [{ source: { kind: 'wkd', domain, method: r.method }, keys: r.keys }];
      },
    });
  }
  for (const server of settings.keyServers) {
    list.push({
      kind: server.kind,
      run: async (signal) => {
        const o = { fetch: deps.fetch, base: server.url, signal, now };
        const keys = server.kind === 'vks' ? await vksByEmail(address, o) : await hkpGet({ email: address }, o);
        return [{ source: { kind: server.kind, url: server.url }, keys }];
      },
    });
  }
  list.push({
    kind: 'autocrypt',
    run: async () => {
      const peer = await db.get('autocrypt', address.toLowerCase());
      if (!peer) return [];
      const keys = (await foundKeys(fromBase64(peer.keydata), address, now)).keys;
      return [{ source: { kind: 'autocrypt', preferEncrypt: peer.preferEncrypt, seenAt: peer.autocryptTimestamp }, keys }];
    },
  });
  return list;
}

/**
 * Asks every enabled source at once (bounded by SOURCE_TIMEOUT_MS each) and returns the
 * answers in the lookup order, with the sources that failed. Nothing is stored here.
 */
export async function askSources(
  address: string,
  settings: LookupSettings,
  vaultUrl: string | null,
  deps: LookupDeps,
  db: IDBPDatabase<LookupDb>,
): Promise<{ answers: SourceAnswer[]; failures: SourceFailure[] }> {
  const list = queries(address, settings, vaultUrl, deps, db);
  const settled = await Promise.allSettled(
    list.map(async (q) => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), SOURCE_TIMEOUT_MS);
      try {
        return await q.run(controller.signal);
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const answers: SourceAnswer[] = [];
  const failures: SourceFailure[] = [];
  settled.forEach((s, i) => {
    if (s.status === 'fulfilled') answers.push(...s.value);
    else failures.push({ source: list[i]!.kind, code: isCachetError(s.reason) ? s.reason.code : codeOfAbort(s.reason) });
  });
  return { answers, failures };
}

function codeOfAbort(e: unknown): ErrorCode {
  return e instanceof Error && e.name === 'AbortError' ? 'LOOKUP_UNREACHABLE' : new CachetError('INTERNAL').code;
}
