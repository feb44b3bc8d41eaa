/**
 * Publishing the user's own public key (issue 5 §3): to the vault directory and/or to a
 * configured VKS or HKP server, only when the user asks. The state is kept per target;
 * once a key is revoked, the revoked key is uploaded again wherever it was published.
 */
import * as openpgp from 'openpgp';
import { CachetError, isCachetError } from '../../core/errors';
import { hkpAdd } from '../../core/lookup/hkp';
import { keyServerBase } from '../../core/lookup/server-url';
import { vksRequestVerify, vksUpload, type VksAddressStatus } from '../../core/lookup/vks';
import { pgpConfig } from '../../core/openpgp-config';
import type { KeyServerKind, PublishState, PublishStateName, PublishTarget } from '../../shared/lookup-protocol';
import type { PublishRecord } from './db';
import type { LookupService } from './service';
import { getLookupSettings } from './settings';

const VAULT = 'vault-directory';

interface ResolvedTarget {
  id: string;
  kind: 'vault-directory' | KeyServerKind;
  base: string;
}

/** The targets the user can publish to now: the vault directory (with a vault account) and configured servers. */
export async function publishTargets(svc: LookupService): Promise<{ targets: PublishTarget[]; resolved: ResolvedTarget[] }> {
  const settings = await getLookupSettings(svc.deps.local);
  const vaultUrl = await svc.deps.vaultUrl().catch(() => null);
  const resolved: ResolvedTarget[] = [];
  if (vaultUrl) resolved.push({ id: VAULT, kind: VAULT, base: keyServerBase(vaultUrl) });
  for (const s of settings.keyServers) resolved.push({ id: s.url, kind: s.kind, base: s.url });
  return { targets: resolved.map((r) => (r.kind === VAULT ? { kind: VAULT } : { kind: 'server', url: r.id })), resolved };
}

function stateOf(addresses: Record<string, VksAddressStatus>): PublishStateName {
  const values = Object.values(addresses);
  if (values.some((v) => v === 'published')) return values.some((v) => v === 'pending' || v === 'unpublished') ? 'pending' : 'published';
  return values.some((v) => v === 'pending') ? 'pending' : 'not-published';
}

async function publicArmor(armored: string): Promise<{ armored: string; revoked: boolean; emails: string[] }> {
  const key = await openpgp.readKey({ armoredKey: armored, config: pgpConfig });
  const pub = key.isPrivate() ? key.toPublic() : key;
  const revoked = await pub.isRevoked(undefined, undefined, undefined, pgpConfig).catch(() => false);
  const emails = pub.users.map((u) => u.userID?.email ?? '').filter((e) => e !== '');
  return { armored: pub.armor(pgpConfig), revoked, emails };
}

async function uploadTo(t: ResolvedTarget, fingerprint: string, prev: PublishRecord | undefined, svc: LookupService): Promise<PublishRecord> {
  const record = await (await svc.deps.keystore()).require(fingerprint);
  const pub = await publicArmor(record.armored);
  const base = { id: `${fingerprint} ${t.id}`, fingerprint, target: t.id, kind: t.kind, updatedAt: svc.deps.now().toISOString() };
  try {
    if (t.kind === 'hkp') {
      await hkpAdd(pub.armored, { fetch: svc.deps.fetch, base: t.base });
      return { ...base, state: 'published', addresses: {}, revocationPublished: pub.revoked, token: null, lastError: null };
    }
    const o = { fetch: svc.deps.fetch, base: t.base };
    let up = await vksUpload(pub.armored, o);
    // Ask the server to mail a verification link for every address not yet published (VKS).
    const toVerify = Object.entries(up.status).filter(([, s]) => s === 'unpublished').map(([a]) => a);
    if (toVerify.length > 0 && !pub.revoked) up = await vksRequestVerify(up.token, toVerify, o);
    const state = pub.revoked && prev && prev.state !== 'not-published' ? prev.state : stateOf(up.status);
    return { ...base, state, addresses: up.status, revocationPublished: pub.revoked, token: up.token, lastError: null };
  } catch (e) {
    if (!isCachetError(e)) throw e;
    return { ...(prev ?? { ...base, state: 'not-published', addresses: {}, revocationPublished: false, token: null }), updatedAt: base.updatedAt, lastError: e.code };
  }
}

function view(r: PublishRecord): PublishState {
  return { target: r.target, kind: r.kind, state: r.state, addresses: r.addresses, revocationPublished: r.revocationPublished, updatedAt: r.updatedAt, lastError: r.lastError };
}

async function save(svc: LookupService, r: PublishRecord): Promise<void> {
  await (await svc.database()).put('published', r);
}

/** Publishes `fingerprint` to the given targets (each must be a current target). */
export async function publishKey(svc: LookupService, fingerprint: string, wanted: PublishTarget[]): Promise<PublishState[]> {
  const { resolved } = await publishTargets(svc);
  const db = await svc.database();
  const out: PublishState[] = [];
  for (const w of wanted) {
    const id = w.kind === VAULT ? VAULT : keyServerBase(w.url);
    const t = resolved.find((r) => r.id === id);
    if (!t) throw new CachetError('BAD_REQUEST', 'not a configured key server');
    const r = await uploadTo(t, fingerprint, await db.get('published', `${fingerprint} ${t.id}`), svc);
    await save(svc, r);
    out.push(view(r));
  }
  return out;
}

/**
 * States for every current target. Where the key was published and is now revoked but
 * the revocation has not gone out yet, it is uploaded now (issue 5 §3).
 */
export async function publishStates(svc: LookupService, fingerprint: string): Promise<{ states: PublishState[]; targets: PublishTarget[] }> {
  const { targets, resolved } = await publishTargets(svc);
  const db = await svc.database();
  await pushRevocations(svc, fingerprint);
  const states: PublishState[] = [];
  for (const t of resolved) {
    const r = await db.get('published', `${fingerprint} ${t.id}`);
    states.push(r ? view(r) : { target: t.id, kind: t.kind, state: 'not-published', addresses: {}, revocationPublished: false, updatedAt: null, lastError: null });
  }
  return { states, targets };
}

/** Uploads the revoked key to every target it was published to and that has not got the revocation yet. */
export async function pushRevocations(svc: LookupService, fingerprint?: string): Promise<number> {
  const db = await svc.database();
  const records = fingerprint ? await db.getAllFromIndex('published', 'byFingerprint', fingerprint) : await db.getAll('published');
  const { resolved } = await publishTargets(svc);
  const ks = await svc.deps.keystore();
  let pushed = 0;
  for (const r of records) {
    if (r.state === 'not-published' || r.revocationPublished) continue;
    const key = await ks.get(r.fingerprint);
    if (!key?.info.revoked) continue;
    const t = resolved.find((x) => x.id === r.target);
    if (!t) continue;
    const next = await uploadTo(t, r.fingerprint, r, svc);
    await save(svc, next);
    if (next.revocationPublished) pushed++;
  }
  return pushed;
}
