/**
 * Storage of the public key directory. Every query is an exact match on an
 * indexed column: fingerprint, key ID, normalised address, or (domain, WKD hash).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Store } from '../db/database.js';
import type { DirectoryKeysTable } from './schema.js';

export type TokenKind = 'upload' | 'verify';

export interface StoredKey { fingerprint: string; armored: string }

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export async function keyByFingerprint(store: Store, fingerprint: string): Promise<StoredKey | undefined> {
  return store.db.selectFrom('directory_keys').select(['fingerprint', 'armored']).where('fingerprint', '=', fingerprint).executeTakeFirst();
}

export async function keysByKeyId(store: Store, keyId: string): Promise<StoredKey[]> {
  return store.db.selectFrom('directory_keys').select(['fingerprint', 'armored']).where('key_id', '=', keyId).orderBy('fingerprint').execute();
}

/** Keys with `email` published (one at most: publishing an address for a key unpublishes it elsewhere). */
export async function keysByEmail(store: Store, email: string): Promise<StoredKey[]> {
  return store.db
    .selectFrom('directory_addresses as a')
    .innerJoin('directory_keys as k', 'k.fingerprint', 'a.fingerprint')
    .select(['k.fingerprint', 'k.armored'])
    .where('a.email', '=', email)
    .orderBy('k.fingerprint')
    .execute();
}

/** Keys published for a WKD (domain, hash) pair, with the matching addresses. */
export async function keysByWkdHash(store: Store, domain: string, wkdHash: string): Promise<Array<StoredKey & { email: string }>> {
  return store.db
    .selectFrom('directory_addresses as a')
    .innerJoin('directory_keys as k', 'k.fingerprint', 'a.fingerprint')
    .select(['k.fingerprint', 'k.armored', 'a.email'])
    .where('a.domain', '=', domain)
    .where('a.wkd_hash', '=', wkdHash)
    .orderBy('k.fingerprint')
    .execute();
}

export async function publishedEmails(store: Store, fingerprint: string): Promise<Set<string>> {
  const rows = await store.db.selectFrom('directory_addresses').select('email').where('fingerprint', '=', fingerprint).execute();
  return new Set(rows.map((r) => r.email));
}

/** Addresses of the key with a verification mail out that has not expired. */
export async function pendingEmails(store: Store, fingerprint: string, now = Date.now()): Promise<Set<string>> {
  const rows = await store.db
    .selectFrom('directory_tokens')
    .select('email')
    .where('fingerprint', '=', fingerprint)
    .where('kind', '=', 'verify')
    .where('expires_at', '>', now)
    .execute();
  return new Set(rows.flatMap((r) => (r.email ? [r.email] : [])));
}

/**
 * Stores a key, merging it into the stored copy (`merge(stored, incoming)`) when the
 * fingerprint is known. Optimistic: the update only lands when the row is still the
 * one merged into, else it re-reads (concurrent uploads of one key, any dialect).
 * Returns true when the key was new.
 */
export async function storeKey(
  store: Store,
  key: { fingerprint: string; keyId: string; armored: string },
  merge: (stored: string, incoming: string) => Promise<string>,
): Promise<boolean> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const now = new Date().toISOString();
    const current: Pick<DirectoryKeysTable, 'armored' | 'updated_at'> | undefined = await store.db
      .selectFrom('directory_keys').select(['armored', 'updated_at']).where('fingerprint', '=', key.fingerprint).executeTakeFirst();
    if (!current) {
      const r = await store.db
        .insertInto('directory_keys')
        .values({ fingerprint: key.fingerprint, key_id: key.keyId, armored: key.armored, created_at: now, updated_at: now })
        .onConflict((oc) => oc.column('fingerprint').doNothing())
        .executeTakeFirst();
      if (Number(r.numInsertedOrUpdatedRows ?? 0n) === 1) return true;
      continue;
    }
    const merged = await merge(current.armored, key.armored);
    // A strictly later stamp, so the compare-and-swap below sees a change even within one millisecond.
    const stamp = now > current.updated_at ? now : new Date(Date.parse(current.updated_at) + 1).toISOString();
    const r = await store.db
      .updateTable('directory_keys')
      .set({ armored: merged, updated_at: stamp })
      .where('fingerprint', '=', key.fingerprint)
      .where('updated_at', '=', current.updated_at)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 1) return false;
  }
  throw new Error('concurrent updates of one directory key did not settle');
}

/** A fresh random token (192 bits, base64url); only its SHA-256 is stored. */
export async function createToken(store: Store, kind: TokenKind, fingerprint: string, email: string | null, ttlSeconds: number): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  const now = Date.now();
  await store.db
    .insertInto('directory_tokens')
    .values({ token_hash: hashToken(token), kind, fingerprint, email, created_at: now, expires_at: now + ttlSeconds * 1000 })
    .execute();
  // Expired tokens are dropped as new ones are made: no timer, bounded table.
  await store.db.deleteFrom('directory_tokens').where('expires_at', '<=', now).execute();
  return token;
}

/** The live token of that kind, or undefined. */
export async function readToken(store: Store, token: string, kind: TokenKind): Promise<{ fingerprint: string; email: string | null } | undefined> {
  const row = await store.db
    .selectFrom('directory_tokens')
    .select(['fingerprint', 'email', 'expires_at'])
    .where('token_hash', '=', hashToken(token))
    .where('kind', '=', kind)
    .executeTakeFirst();
  if (!row || Number(row.expires_at) <= Date.now()) return undefined;
  return { fingerprint: row.fingerprint, email: row.email };
}

/** Verification mails sent to `email` since `sinceMs` (epoch ms). */
export async function mailsSentSince(store: Store, email: string, sinceMs: number): Promise<number> {
  const r = await store.db
    .selectFrom('directory_tokens')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('email', '=', email)
    .where('kind', '=', 'verify')
    .where('created_at', '>', sinceMs)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Publishes `email` for the key and consumes the verify token, in one transaction.
 * An address is published for one key at a time: the newest verified key takes it
 * (keys.openpgp.org does the same). False when the token was already used.
 */
export async function publishAddress(
  store: Store,
  token: string,
  row: { fingerprint: string; email: string; domain: string; wkdHash: string },
): Promise<boolean> {
  return store.writeTx(async (trx) => {
    const used = await trx.deleteFrom('directory_tokens').where('token_hash', '=', hashToken(token)).where('kind', '=', 'verify').executeTakeFirst();
    if (Number(used.numDeletedRows) !== 1) return false;
    await trx.deleteFrom('directory_addresses').where('email', '=', row.email).execute();
    await trx
      .insertInto('directory_addresses')
      .values({ fingerprint: row.fingerprint, email: row.email, domain: row.domain, wkd_hash: row.wkdHash, published_at: new Date().toISOString() })
      .execute();
    return true;
  });
}
