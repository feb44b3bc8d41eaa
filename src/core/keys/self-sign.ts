/**
 * Re-issuing self-signatures (RFC 9580 §5.2.3.3: the newest valid self-signature wins)
 * with one thing changed, keeping every other hashed subpacket of the one it supersedes.
 */
import * as openpgp from 'openpgp';
import { pgpConfig } from '../openpgp-config';
import type { SecretPacket } from './parse';

const { enums } = openpgp;

/** Hashed-subpacket fields carried over from the superseded self-signature. */
const CARRIED = [
  'signatureType',
  'keyFlags',
  'preferredSymmetricAlgorithms',
  'preferredHashAlgorithms',
  'preferredCompressionAlgorithms',
  'preferredAEADAlgorithms',
  'preferredCipherSuites',
  'features',
  'keyServerPreferences',
  'preferredKeyServer',
  'isPrimaryUserID',
  'policyURI',
  'embeddedSignature', // the back-signature binds (primary, subkey) only, so it stays valid (§5.2.1.8)
] as const;

type Mutable = Record<(typeof CARRIED)[number] | 'keyExpirationTime' | 'keyNeverExpires' | 'publicKeyAlgorithm' | 'hashAlgorithm', unknown>;

/**
 * A new self-signature like `old`, signed now by `signer`, with a new key expiration
 * (`expiresAt` null = never). The expiration is relative to `keyCreated` (§5.2.3.13).
 */
export async function resignWithExpiry(
  old: openpgp.SignaturePacket,
  signer: SecretPacket,
  data: object,
  keyCreated: Date,
  expiresAt: Date | null,
  date: Date,
): Promise<openpgp.SignaturePacket> {
  const sig = new openpgp.SignaturePacket();
  const target = sig as unknown as Mutable;
  const source = old as unknown as Mutable;
  for (const field of CARRIED) target[field] = source[field];
  target.publicKeyAlgorithm = signer.algorithm;
  // Keep the old hash unless it is one we no longer accept for anything new.
  const weak = [enums.hash.md5, enums.hash.sha1, enums.hash.ripemd, enums.hash.sha224];
  target.hashAlgorithm = weak.includes(old.hashAlgorithm as openpgp.enums.hash) ? enums.hash.sha512 : old.hashAlgorithm;
  if (expiresAt === null) {
    target.keyExpirationTime = null;
    target.keyNeverExpires = true;
  } else {
    target.keyExpirationTime = Math.max(1, Math.round((expiresAt.getTime() - keyCreated.getTime()) / 1000));
    target.keyNeverExpires = false;
  }
  // The declared type omits the (detached, config) parameters OpenPGP.js accepts.
  const signable = sig as unknown as { sign(k: SecretPacket, d: object, t: Date, detached: boolean, c: openpgp.Config): Promise<void> };
  await signable.sign(signer, data, date, false, pgpConfig);
  return sig;
}

/** The newest signature in `sigs` that verifies for `data` at `date` (or null). */
export async function latestValid(
  sigs: openpgp.SignaturePacket[],
  signer: openpgp.PublicKeyPacket | openpgp.SecretKeyPacket,
  type: openpgp.enums.signature,
  data: object,
  date: Date,
): Promise<openpgp.SignaturePacket | null> {
  let best: openpgp.SignaturePacket | null = null;
  for (const sig of sigs) {
    try {
      await sig.verify(signer, type, data, date, undefined, pgpConfig);
      if (!best || (sig.created ?? 0) >= (best.created ?? 0)) best = sig;
    } catch {
      // not valid: never used as a template
    }
  }
  return best;
}
