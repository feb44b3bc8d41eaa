/**
 * The directory's operations, shared by the HKP, VKS and WKD front ends:
 * accept an upload, compute per-address status, find keys by an exact query,
 * and produce the copies served.
 */
import type * as openpgp from 'openpgp';
import { mergeKeys } from '../../core/keys/merge.js';
import type { VaultContext } from '../context.js';
import { DirectoryError } from './errors.js';
import { pgpConfig } from '../../core/openpgp-config.js';
import { addressesOf, checkSelfSigned, isEmail, normaliseEmail, parseUpload, readStored, servable, stripToStorable } from './key-material.js';
import { keyByFingerprint, keysByEmail, keysByKeyId, pendingEmails, publishedEmails, storeKey, type StoredKey } from './repo.js';

/** keys.openpgp.org's per-address states. */
export type AddressStatus = 'unpublished' | 'pending' | 'published' | 'revoked';

export interface UploadedKey { fingerprint: string; isNew: boolean; key: openpgp.PublicKey }

/** Parses, checks, strips and stores (merging into a known copy) every key of an upload. */
export async function acceptUpload(ctx: VaultContext, keytext: string): Promise<UploadedKey[]> {
  const keys = await parseUpload(keytext);
  const out: UploadedKey[] = [];
  for (const key of keys) {
    // Self-signatures only are verified here (third-party ones are dropped unverified next);
    // before stripping, so a key whose user IDs are names only is still accepted (served without them).
    await checkSelfSigned(key);
    stripToStorable(key);
    const fingerprint = key.getFingerprint();
    const isNew = await storeKey(ctx.store, { fingerprint, keyId: key.getKeyID().toHex(), armored: key.armor() }, mergeKeys);
    out.push({ fingerprint, isNew, key });
  }
  return out;
}

/** Status of every address among the stored key's user IDs (revoked key: all revoked). */
export async function addressStatus(ctx: VaultContext, fingerprint: string): Promise<Record<string, AddressStatus>> {
  const stored = await keyByFingerprint(ctx.store, fingerprint);
  if (!stored) throw new DirectoryError(404, 'no such key');
  const all = await readStored(stored.armored);
  const revokedKey = await all.isRevoked(undefined, undefined, new Date(), pgpConfig);
  const [published, pending] = await Promise.all([publishedEmails(ctx.store, fingerprint), pendingEmails(ctx.store, fingerprint)]);
  const status: Record<string, AddressStatus> = {};
  for (const [email, state] of await addressesOf(all)) {
    if (revokedKey || state === 'revoked') status[email] = 'revoked';
    else if (published.has(email)) status[email] = 'published';
    else if (pending.has(email)) status[email] = 'pending';
    else status[email] = 'unpublished';
  }
  return status;
}

export type Query =
  | { kind: 'fingerprint'; value: string }
  | { kind: 'keyid'; value: string }
  | { kind: 'email'; value: string };

/**
 * Reads an HKP `search=` value exactly: `0x` + 40/64 hex (fingerprint), `0x` + 16
 * hex (key ID), or one address (bare, `<addr>` or `=addr`). Short key IDs, names and
 * substrings are refused: look-ups are exact so the directory cannot be enumerated.
 */
export function parseQuery(search: string): Query | null {
  const s = search.trim();
  const hex = /^(?:0x)?([0-9a-fA-F]+)$/.exec(s.replace(/\s+/g, ''));
  if (hex?.[1] && (s.startsWith('0x') || s.startsWith('0X') || hex[1].length >= 16)) {
    const v = hex[1].toLowerCase();
    if (v.length === 40 || v.length === 64) return { kind: 'fingerprint', value: v };
    if (v.length === 16) return { kind: 'keyid', value: v };
    return null;
  }
  const email = normaliseEmail(s.replace(/^=/, '').replace(/^<(.*)>$/, '$1'));
  return isEmail(email) ? { kind: 'email', value: email } : null;
}

export async function findKeys(ctx: VaultContext, q: Query): Promise<StoredKey[]> {
  if (q.kind === 'fingerprint') {
    const k = await keyByFingerprint(ctx.store, q.value);
    return k ? [k] : [];
  }
  if (q.kind === 'keyid') return keysByKeyId(ctx.store, q.value);
  return keysByEmail(ctx.store, q.value);
}

/** The copies served: published user IDs only, everything else of the stored key kept. */
export async function servedKeys(ctx: VaultContext, rows: StoredKey[]): Promise<openpgp.PublicKey[]> {
  return Promise.all(rows.map(async (r) => servable(r.armored, await publishedEmails(ctx.store, r.fingerprint))));
}
