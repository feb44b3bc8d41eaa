/**
 * The vault's conflict rule (DESIGN "Merge on conflict"): the copy with the newer
 * passphrase is the base and the other is merged into it — union of user IDs, subkeys
 * and signatures, revocations always win (core `mergeKeys`, OpenPGP.js `Key.update`).
 * So a revocation, an expiry change and a passphrase change made concurrently on two
 * devices all survive, and the result is protected by the newest passphrase.
 */
import { CachetError } from '../errors';
import { mergeKeys } from '../keys/merge';
import { readOneKey } from '../keys/parse';
import { assertVaultProtection } from './protection';

/** One copy of a key as sync sees it: stored armor plus when its passphrase last changed. */
export interface SyncCopy {
  armored: string;
  /** ISO time of the last passphrase change (null: unknown, treated as oldest). */
  passphraseChangedAt: string | null;
}

export interface SyncMerge extends SyncCopy {
  /** Which copy provided the secret-key protection. */
  base: 'local' | 'remote';
}

function time(at: string | null): number {
  const t = at === null ? Number.NaN : Date.parse(at);
  return Number.isFinite(t) ? t : Number.NEGATIVE_INFINITY;
}

/**
 * Merges the local and the remote copy of one key.
 *
 * The base is the copy holding secret material when only one does (secret packets only
 * ever come from the base), else the one with the newer `passphraseChangedAt`; on a tie
 * the local copy. The result keeps the base's secret-key protection and its
 * `passphraseChangedAt`. KEY_INVALID when the fingerprints differ (or differ from
 * `fingerprint`, the item's pinned fingerprint, VS-03); WEAK_KEY when a remote base is
 * not Argon2id + AEAD protected (VS-01).
 */
export async function mergeForSync(local: SyncCopy, remote: SyncCopy, fingerprint?: string): Promise<SyncMerge> {
  const [l, r] = [await readOneKey(local.armored), await readOneKey(remote.armored)];
  const pinned = (fingerprint ?? l.getFingerprint()).toUpperCase();
  if (l.getFingerprint().toUpperCase() !== pinned || r.getFingerprint().toUpperCase() !== pinned) {
    throw new CachetError('KEY_INVALID', 'fingerprints differ');
  }
  let base: 'local' | 'remote';
  if (l.isPrivate() !== r.isPrivate()) base = l.isPrivate() ? 'local' : 'remote';
  else base = time(remote.passphraseChangedAt) > time(local.passphraseChangedAt) ? 'remote' : 'local';
  if (base === 'remote') assertVaultProtection(r);
  const [b, other] = base === 'local' ? [local, remote] : [remote, local];
  return { armored: await mergeKeys(b.armored, other.armored), passphraseChangedAt: b.passphraseChangedAt, base };
}
