/**
 * What the vault sync checks about a copy's secret-key protection: that it is still
 * Argon2id + AEAD with at least 64 MiB (VS-01), and a digest that changes exactly
 * when the secret packets were re-encrypted (a passphrase change).
 */
import * as openpgp from 'openpgp';
import { CachetError } from '../errors';
import { ARGON2_MEMORY_EXPONENT } from '../openpgp-config';
import { internals, secretPackets } from '../keys/parse';

/** RFC 9580 §3.7.2.1: S2K usage 253 = AEAD-protected secret key material. */
const S2K_USAGE_AEAD = 253;

interface Argon2View {
  type: string;
  /** Memory exponent, RFC 9580 §3.7.1.4 (2^encodedM KiB). */
  encodedM?: number;
}

/**
 * Throws WEAK_KEY unless every secret packet of `key` is protected with S2K usage 253
 * and Argon2 using at least 2^16 KiB (RFC 9580 §3.7.1.4, §5.5.3). A vault (or anyone
 * between us and it) proposing weaker parameters is refused, never adopted (VS-01).
 * Public keys pass: they hold nothing to protect.
 */
export function assertVaultProtection(key: openpgp.Key): void {
  if (!key.isPrivate()) return;
  const packets = secretPackets(key);
  if (packets.length === 0) throw new CachetError('WEAK_KEY', 'private key without secret material');
  for (const p of packets) {
    const { s2kUsage, s2k } = internals(p);
    if (p.isDecrypted() || s2kUsage === 0) throw new CachetError('WEAK_KEY', 'secret key not protected');
    if (s2kUsage !== S2K_USAGE_AEAD) throw new CachetError('WEAK_KEY', 'secret key not AEAD-protected');
    const argon = s2k as Argon2View | null;
    if (argon?.type !== 'argon2') throw new CachetError('WEAK_KEY', 'secret key not protected with Argon2');
    if ((argon.encodedM ?? 0) < ARGON2_MEMORY_EXPONENT) throw new CachetError('WEAK_KEY', 'Argon2 memory below 64 MiB');
  }
}

/**
 * SHA-256 (hex) of the serialized primary secret key packet: S2K salt, IV and
 * ciphertext. Signatures added by an expiry change or revocation leave it as is; a
 * passphrase change (fresh salt and IV) changes it. Null for a public key.
 */
export async function protectionDigest(key: openpgp.Key): Promise<string | null> {
  if (!key.isPrivate()) return null;
  const bytes = (key.keyPacket as unknown as { write(): Uint8Array }).write();
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(bytes)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
