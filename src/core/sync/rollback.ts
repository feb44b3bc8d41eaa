/**
 * What a pulled vault item must pass before it touches the keyring: no rollback below a
 * revision already seen (VS-04), the key is the one the item names (VS-03), and a
 * private key is still Argon2id + AEAD protected with ≥ 64 MiB (VS-01).
 */
import type * as openpgp from 'openpgp';
import { CachetError } from '../errors';
import { readOneKey } from '../keys/parse';
import { readPassphraseChangedAt } from './item-meta';
import { assertVaultProtection } from './protection';

/** The fields of a vault item (src/shared/vault-api.ts KeyItem) the checks need. */
export interface PulledItem {
  fingerprint: string;
  revision: number;
  deleted: boolean;
  publicKey: string | null;
  privateKey: string | null;
}

export interface CheckedItem {
  /** The private key when the item has one, else the public key; null on a tombstone. */
  armored: string | null;
  key: openpgp.Key | null;
  passphraseChangedAt: string | null;
}

/**
 * VAULT_ROLLBACK when `revision` is lower than the high-water mark already seen for
 * this key. An equal revision is the same version again (nothing new, not an attack).
 */
export function checkRevision(revision: number, highWater: number | null): void {
  if (!Number.isInteger(revision) || revision < 1) throw new CachetError('VAULT_ROLLBACK', 'invalid revision');
  if (highWater !== null && revision < highWater) {
    throw new CachetError('VAULT_ROLLBACK', `revision ${revision} is older than ${highWater}`);
  }
}

async function pinned(armored: string, fingerprint: string, what: string): Promise<openpgp.Key> {
  const key = await readOneKey(armored);
  if (key.getFingerprint().toUpperCase() !== fingerprint) {
    throw new CachetError('KEY_INVALID', `${what} is not the key the vault item names`);
  }
  return key;
}

/**
 * Checks a pulled item against `expectedFingerprint` (the fingerprint we asked for or
 * filed it under) and the high-water mark, and returns what may be stored.
 */
export async function checkPulledItem(item: PulledItem, expectedFingerprint: string, highWater: number | null): Promise<CheckedItem> {
  const fingerprint = expectedFingerprint.toUpperCase();
  if (item.fingerprint.toUpperCase() !== fingerprint) throw new CachetError('KEY_INVALID', 'vault item for another key');
  checkRevision(item.revision, highWater);
  if (item.deleted) return { armored: null, key: null, passphraseChangedAt: null };
  if (item.publicKey === null) throw new CachetError('KEY_INVALID', 'vault item without a key');
  const pub = await pinned(item.publicKey, fingerprint, 'public key');
  if (pub.isPrivate()) throw new CachetError('KEY_INVALID', 'secret material in the public key field');
  if (item.privateKey === null) return { armored: item.publicKey, key: pub, passphraseChangedAt: null };
  const priv = await pinned(item.privateKey, fingerprint, 'private key');
  if (!priv.isPrivate()) throw new CachetError('KEY_INVALID', 'no secret key in the private key field');
  assertVaultProtection(priv);
  return { armored: item.privateKey, key: priv, passphraseChangedAt: readPassphraseChangedAt(item.privateKey) };
}
