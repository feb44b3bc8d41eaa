/**
 * Merging two copies of one key (vault sync, re-import): union of user IDs, subkeys and
 * signatures, revocations always win (OpenPGP.js `Key.update`), and the secret-key
 * protection of the base is kept.
 */
import type * as openpgp from 'openpgp';
import { CachetError } from '../errors';
import { pgpConfig } from '../openpgp-config';
import { validSubkeyBinding } from './describe';
import { readOneKey } from './parse';

/** Merges `incoming` into `base` (same fingerprint), dropping newly arrived unbound subkeys. */
export async function mergeInto(base: openpgp.Key, incoming: openpgp.Key, date: Date = new Date()): Promise<string> {
  if (base.getFingerprint() !== incoming.getFingerprint()) throw new CachetError('KEY_INVALID', 'fingerprints differ');
  // Secret material only ever comes from the base: the incoming copy contributes public
  // packets and signatures, so a differently (or un-)protected secret cannot slip in.
  const source = incoming.isPrivate() ? incoming.toPublic() : incoming;
  const known = new Set(base.subkeys.map((s) => s.getFingerprint()));
  let merged: openpgp.Key;
  try {
    merged = await base.update(source, date, pgpConfig);
  } catch (e) {
    throw new CachetError('KEY_INVALID', e instanceof Error ? e.message : undefined);
  }
  // KM-02: a subkey the update brought without a valid binding (or, for signing
  // subkeys, without a valid back-signature) is not taken.
  const keep: openpgp.Subkey[] = [];
  for (const subkey of merged.subkeys) {
    if (known.has(subkey.getFingerprint()) || (await validSubkeyBinding(subkey, date))) keep.push(subkey);
  }
  merged.subkeys = keep;
  return merged.armor(pgpConfig);
}

/**
 * Merges two armored copies of the same key. KEY_INVALID when fingerprints differ.
 * The result keeps `base`'s secret packets (a public base stays public).
 */
export async function mergeKeys(base: string, incoming: string): Promise<string> {
  const [a, b] = [await readOneKey(base), await readOneKey(incoming)];
  return mergeInto(a, b);
}
