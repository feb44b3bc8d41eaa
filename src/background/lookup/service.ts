/**
 * The lookup service: finds keys for addresses across the sources, classifies each found
 * key against the keyring (KM-01), and imports one only when the user confirmed.
 */
import type { IDBPDatabase } from 'idb';
import { CachetError } from '../../core/errors';
import { mergeKeys } from '../../core/keys/merge';
import { foundKeys } from '../../core/lookup/found-key';
import type { LookupFound, LookupResult } from '../../shared/lookup-protocol';
import type { KeyRecord } from '../keystore/db';
import { describeArmored } from '../describe-armored';
import type { LookupDeps } from './deps';
import { openLookupDb, type LookupDb } from './db';
import { getLookupSettings } from './settings';
import { askSources } from './sources';

export class LookupService {
  private db: Promise<IDBPDatabase<LookupDb>> | null = null;

  constructor(readonly deps: LookupDeps) {}

  database(): Promise<IDBPDatabase<LookupDb>> {
    this.db ??= openLookupDb(this.deps.dbName).catch((e: unknown) => {
      this.db = null;
      throw new CachetError('STORAGE_FAILED', e instanceof Error ? e.message : undefined);
    });
    return this.db;
  }

  /** Looks one address up in every enabled source; found keys merged by fingerprint, sources kept in order. */
  async lookup(address: string): Promise<LookupResult> {
    const settings = await getLookupSettings(this.deps.local);
    const vaultUrl = await this.deps.vaultUrl().catch(() => null);
    const { answers, failures } = await askSources(address, settings, vaultUrl, this.deps, await this.database());
    const stored = await (await this.deps.keystore()).byEmail(address);
    const storedFprs = stored.map((r) => r.fingerprint);
    const byFpr = new Map<string, LookupFound>();
    for (const a of answers) {
      for (const k of a.keys) {
        const seen = byFpr.get(k.fingerprint);
        if (seen) {
          seen.sources.push(a.source);
          continue;
        }
        const known = storedFprs.includes(k.fingerprint);
        byFpr.set(k.fingerprint, {
          fingerprint: k.fingerprint,
          armored: k.armored,
          info: k.info,
          sources: [a.source],
          // KM-01: a key for an address that has another key is a conflict, never "new".
          state: known ? 'known' : storedFprs.length > 0 ? 'conflict' : 'new',
          conflictsWith: known ? [] : storedFprs,
        });
      }
    }
    return { address, found: [...byFpr.values()], errors: failures };
  }

  /**
   * Imports a found key the user confirmed. The armored text is parsed again (the page is
   * trusted, but the key came from the network): it must be exactly `fingerprint` with a
   * valid user ID for `address`. A different key already stored for the address →
   * KEY_CONFLICT unless `replace`; with `replace` the new key becomes the address's
   * default and the old one stays (the user may delete it).
   */
  async importFound(address: string, armored: string, fingerprint: string, replace: boolean): Promise<string> {
    const { keys } = await foundKeys(armored, address, this.deps.now());
    const key = keys.find((k) => k.fingerprint === fingerprint);
    if (!key || keys.length !== 1) throw new CachetError('KEY_INVALID', 'not the confirmed key');
    const ks = await this.deps.keystore();
    const others = (await ks.byEmail(address)).filter((r) => r.fingerprint !== fingerprint);
    if (others.length > 0 && !replace) throw new CachetError('KEY_CONFLICT', others.map((r) => r.fingerprint).join(' '));
    const existing = await ks.get(fingerprint);
    const now = this.deps.now().toISOString();
    const merged = existing ? await mergeKeys(existing.armored, key.armored) : key.armored;
    const record: KeyRecord = { fingerprint, armored: merged, info: await describeArmored(merged), addedAt: existing?.addedAt ?? now, updatedAt: now };
    await ks.apply({ put: [record], ...(others.length > 0 ? { setDefaults: [{ email: address.toLowerCase(), fingerprint }] } : {}) });
    return fingerprint;
  }
}
