/**
 * Passphrase protection of private keys: unlock (with validation against key
 * overwriting, KM-06), protect with Argon2id + AEAD (S2K usage 253, RFC 9580 §5.5.3),
 * change passphrase, export for GnuPG, and the session-cache form of an unlocked key.
 */
import * as openpgp from 'openpgp';
import { CachetError, isCachetError } from '../errors';
import { gnupgCompatConfig, pgpConfig } from '../openpgp-config';
import { assertNewPassphrase } from './passphrase-strength';
import { internals, readOnePrivateKey, secretPackets, wipe, type SecretPacket } from './parse';

function mapDecryptError(e: unknown): CachetError {
  if (isCachetError(e)) return e;
  const err = e instanceof Error ? e : new Error(String(e));
  if (err.name === 'Argon2OutOfMemoryError') return new CachetError('TOO_LARGE', 'S2K asks for too much memory');
  if (/Incorrect key passphrase/i.test(err.message)) return new CachetError('WRONG_PASSPHRASE');
  if (/insecure/i.test(err.message)) return new CachetError('WEAK_KEY', err.message);
  if (/unsupported S2K|cipher algo/i.test(err.message)) return new CachetError('UNSUPPORTED', err.message);
  // Bad MPIs after a correct checksum: the secret material itself is damaged.
  return new CachetError('KEY_INVALID', err.message);
}

/**
 * Checks every secret packet's private parameters against its public ones (not only the
 * primary, as `PrivateKey.validate` does): the classic key-overwriting attack targets the
 * encryption subkey (Bruseghini et al., CCS 2022). AEAD-protected (253) packets bind the
 * public key as associated data, so tampering there already fails at decryption.
 */
async function validateAll(packets: SecretPacket[]): Promise<void> {
  try {
    for (const p of packets) await p.validate();
  } catch (e) {
    throw new CachetError('KEY_INVALID', e instanceof Error ? e.message : undefined);
  }
}

/**
 * Decrypts a stored private key and validates it.
 * WRONG_PASSPHRASE on a bad passphrase, checksum or AEAD tag (KM-08); KEY_INVALID when the
 * secret parameters do not match the public ones (KM-06); TOO_LARGE when the S2K asks for
 * more Argon2 memory than our cap (DS-02). An unprotected key is validated and returned.
 */
export async function unlockPrivateKey(armoredPrivate: string, passphrase: string): Promise<openpgp.PrivateKey> {
  const key = await readOnePrivateKey(armoredPrivate);
  const packets = secretPackets(key);
  if (packets.length === 0) throw new CachetError('KEY_INVALID', 'no secret key material');
  for (const p of packets) {
    if (p.isDecrypted()) continue;
    if (!passphrase) throw new CachetError('PASSPHRASE_REQUIRED');
    try {
      await internals(p).decrypt(passphrase, pgpConfig);
    } catch (e) {
      wipe(key);
      throw mapDecryptError(e);
    }
  }
  try {
    await validateAll(packets);
  } catch (e) {
    wipe(key);
    throw e;
  }
  return key;
}

/** True when every secret packet holding real material is decrypted (sync). */
export function isUnlocked(key: openpgp.PrivateKey): boolean {
  const packets = secretPackets(key);
  return packets.length > 0 && packets.every((p) => p.isDecrypted());
}

async function encryptWith(decrypted: openpgp.PrivateKey, passphrase: string, config: openpgp.Config): Promise<string> {
  if (!passphrase) throw new CachetError('PASSPHRASE_REQUIRED');
  if (!isUnlocked(decrypted)) throw new CachetError('BAD_REQUEST', 'key is not unlocked');
  try {
    const locked = await openpgp.encryptKey({ privateKey: decrypted, passphrase, config });
    return locked.armor(config);
  } catch (e) {
    throw new CachetError('INTERNAL', e instanceof Error ? e.message : undefined);
  }
}

/**
 * Protects an unlocked key with Argon2id (64 MiB) + AEAD, S2K usage 253; returns armor.
 * Does not judge the passphrase: re-protecting an imported key keeps its owner's
 * passphrase. Callers asking for a NEW passphrase check `passphraseStrength` first.
 * The given key object is not modified.
 */
export async function protectPrivateKey(decrypted: openpgp.PrivateKey, passphrase: string): Promise<string> {
  return encryptWith(decrypted, passphrase, pgpConfig);
}

/** Re-protects a stored key under a new passphrase (PASSPHRASE_TOO_WEAK if the new one is weak). */
export async function changePassphrase(armoredPrivate: string, oldPassphrase: string, newPassphrase: string): Promise<string> {
  await assertNewPassphrase(newPassphrase);
  const key = await unlockPrivateKey(armoredPrivate, oldPassphrase);
  try {
    return await protectPrivateKey(key, newPassphrase);
  } finally {
    wipe(key);
  }
}

/**
 * The private key re-protected for GnuPG 2.2: iterated+salted S2K (SHA-256, AES-256,
 * usage 254, RFC 4880 §3.7.1.3), since gpg cannot read Argon2/AEAD protection.
 * v6 keys → UNSUPPORTED (gpg 2.2 cannot read them at all).
 */
export async function exportForGnuPG(armoredPrivate: string, passphrase: string): Promise<string> {
  const key = await unlockPrivateKey(armoredPrivate, passphrase);
  try {
    if (key.keyPacket.version === 6) throw new CachetError('UNSUPPORTED', 'v6 keys cannot be used by GnuPG 2.2');
    return await encryptWith(key, passphrase, gnupgCompatConfig);
  } finally {
    wipe(key);
  }
}

/**
 * Armored, UNPROTECTED form of an unlocked key, only for the background's
 * `storage.session` cache (never persisted, never sent to pages).
 */
export function serializeUnlocked(key: openpgp.PrivateKey): string {
  if (!isUnlocked(key)) throw new CachetError('BAD_REQUEST', 'key is not unlocked');
  return key.armor(pgpConfig);
}

/** Reads back a `serializeUnlocked` form, re-validating it (a tampered cache → KEY_INVALID). */
export async function restoreUnlocked(armored: string): Promise<openpgp.PrivateKey> {
  const key = await readOnePrivateKey(armored);
  if (!isUnlocked(key)) throw new CachetError('KEY_INVALID', 'cached key is not unlocked');
  await validateAll(secretPackets(key));
  return key;
}
