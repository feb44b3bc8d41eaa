/**
 * Keyring questions the mail handlers ask: which of my secret keys a message is for,
 * unlocking them (cache or passphrase), the signing key for a sender address, the public
 * keys to verify with, and whether a key can be encrypted to.
 */
import type { PrivateKey, PublicKey } from 'openpgp';
import { CachetError, isCachetError } from '../../core/errors';
import type { KeyInfo } from '../../core/keys/model';
import { readOneKey, wipe } from '../../core/keys/parse';
import { unlockPrivateKey } from '../../core/keys/protect';
import type { KeyRecord } from '../keystore/db';
import type { Keystore } from '../keystore/keystore';
import type { HandlerContext } from '../handlers/context';

/** Upper-case key IDs of a key and its subkeys. */
export function keyIdsOf(info: KeyInfo): string[] {
  return [info.keyId, ...info.subkeys.map((s) => s.keyId)].map((id) => id.toUpperCase());
}

/** My secret keys holding one of `wanted` (an all-zero ID is a wildcard, RFC 9580 §5.1.1). */
export function secretKeysFor(keys: KeyRecord[], wanted: string[]): KeyRecord[] {
  const anyKey = wanted.some((id) => /^0+$/.test(id));
  return keys.filter((k) => k.info.hasSecret && !k.info.revoked && (anyKey || keyIdsOf(k.info).some((id) => wanted.includes(id))));
}

/**
 * Unlocked keys among `records`: with a passphrase, the first that it opens (and it is
 * cached); without, those in the cache. PASSPHRASE_REQUIRED / WRONG_PASSPHRASE carry the
 * fingerprint to ask for in `detail`, so our frame can show which key it needs.
 */
export async function unlockAny(ctx: HandlerContext, records: KeyRecord[], passphrase: string | null): Promise<PrivateKey[]> {
  const first = records[0];
  if (!first) throw new CachetError('NO_MATCHING_KEY');
  if (passphrase === null) {
    const cached: PrivateKey[] = [];
    for (const r of records) {
      const k = await ctx.cache.get(r.fingerprint);
      if (k) cached.push(k);
    }
    if (cached.length === 0) throw new CachetError('PASSPHRASE_REQUIRED', first.fingerprint);
    return cached;
  }
  for (const r of records) {
    try {
      const unlocked = await unlockPrivateKey(r.armored, passphrase);
      await ctx.cache.put(r.fingerprint, unlocked);
      return [unlocked];
    } catch (e) {
      if (!isCachetError(e) || e.code !== 'WRONG_PASSPHRASE') throw e;
    }
  }
  throw new CachetError('WRONG_PASSPHRASE', first.fingerprint);
}

export function wipeAll(keys: PrivateKey[]): void {
  for (const k of keys) wipe(k);
}

/** Every stored key, public parts only, for verifying signatures. Unreadable ones are skipped. */
export async function verificationKeys(records: KeyRecord[]): Promise<PublicKey[]> {
  const out: PublicKey[] = [];
  for (const r of records) {
    try {
      out.push((await readOneKey(r.armored)).toPublic());
    } catch {
      // The keystore quarantines records that stop parsing; nothing to verify with here.
    }
  }
  return out;
}

/** Is the key usable to encrypt to now: not revoked or expired, with a live encryption subkey. */
export function encryptable(info: KeyInfo, now: Date): boolean {
  if (info.revoked || info.status === 'revoked' || info.status === 'expired' || info.status === 'invalid') return false;
  return info.subkeys.some((s) => s.usage.includes('encrypt') && !s.revoked && (s.expires === null || Date.parse(s.expires) > now.getTime()));
}

/** My default key for `sender`; without a sender, the oldest default key. */
export async function senderKey(ks: Keystore, sender: string | null): Promise<KeyRecord | null> {
  const defaults = await ks.defaults();
  if (sender !== null) {
    const d = defaults.find((x) => x.email === sender);
    return d ? ks.get(d.fingerprint) : null;
  }
  const records: KeyRecord[] = [];
  for (const fpr of new Set(defaults.map((d) => d.fingerprint))) {
    const r = await ks.get(fpr);
    if (r) records.push(r);
  }
  return records.sort((a, b) => a.addedAt.localeCompare(b.addedAt))[0] ?? null;
}
