import * as openpgp from 'openpgp';
import { MAX_ITEM_BYTES, MIN_ARGON2_MEMORY_EXPONENT, type PutKeyRequest } from '../shared/vault-api.js';
import { VaultHttpError } from './http-error.js';

/** RFC 9580 §3.7.2.1: S2K usage octet 253 = AEAD-protected secret key material. */
const S2K_USAGE_AEAD = 253;

/** The fields of OpenPGP.js's SecretKeyPacket we inspect (not in its public typings). */
interface SecretPacketView {
  s2kUsage?: number;
  s2k?: { type?: string; encodedM?: number } | null;
  isDummy?: () => boolean;
}

/**
 * Checks a key item before anything is stored (VS-03, VS-07): the public key
 * parses, is public only and is the key the URL names; the private key, if
 * any, is that same key with every secret packet protected by Argon2 + AEAD
 * (RFC 9580 §3.7.1.4, §5.5.3) with at least 2^16 KiB of memory. Throws a 4xx
 * VaultHttpError otherwise.
 */
export async function validateKeyItem(fingerprint: string, item: PutKeyRequest): Promise<void> {
  const size = Buffer.byteLength(item.publicKey) + (item.privateKey ? Buffer.byteLength(item.privateKey) : 0);
  if (size > MAX_ITEM_BYTES) throw new VaultHttpError(413, 'payload_too_large', `key item over ${MAX_ITEM_BYTES} bytes`);

  const publicKey = await parse(item.publicKey, 'public key');
  if (publicKey.isPrivate()) {
    throw new VaultHttpError(400, 'public_key_contains_secret', 'the public key field holds secret key material');
  }
  if (publicKey.getFingerprint() !== fingerprint) {
    throw new VaultHttpError(400, 'fingerprint_mismatch', 'public key fingerprint does not match the URL');
  }
  if (item.privateKey === null) return;

  const privateKey = await parse(item.privateKey, 'private key');
  if (!privateKey.isPrivate()) throw new VaultHttpError(400, 'key_unparseable', 'the private key field holds no secret key');
  if (privateKey.getFingerprint() !== fingerprint) {
    throw new VaultHttpError(400, 'fingerprint_mismatch', 'private key fingerprint does not match the URL');
  }
  for (const k of privateKey.getKeys()) checkProtection(k.keyPacket as unknown as SecretPacketView);
}

async function parse(armoredKey: string, what: string): Promise<openpgp.Key> {
  try {
    return await openpgp.readKey({ armoredKey });
  } catch {
    throw new VaultHttpError(400, 'key_unparseable', `${what} does not parse as one armored OpenPGP key`);
  }
}

function checkProtection(p: SecretPacketView): void {
  if (p.s2kUsage === undefined) return; // a public subkey packet inside a private key (no secret part)
  if (p.s2kUsage === 0) throw new VaultHttpError(400, 'secret_key_unprotected', 'a secret key packet is not passphrase-protected');
  if (p.isDummy?.()) throw new VaultHttpError(400, 'secret_key_weak_protection', 'stub (gnu-dummy) secret keys are not accepted');
  if (p.s2kUsage !== S2K_USAGE_AEAD) {
    throw new VaultHttpError(400, 'secret_key_weak_protection', 'secret keys must use AEAD protection (S2K usage 253)');
  }
  if (p.s2k?.type !== 'argon2') throw new VaultHttpError(400, 'secret_key_weak_protection', 'secret keys must use the Argon2 S2K');
  if ((p.s2k.encodedM ?? 0) < MIN_ARGON2_MEMORY_EXPONENT) {
    throw new VaultHttpError(400, 'secret_key_weak_protection', 'Argon2 memory below 64 MiB');
  }
}
