/** Per-signature verdicts (SG-08: each signature judged on its own; never "overall good" here). */
import * as openpgp from 'openpgp';
import { pgpConfig } from '../openpgp-config';

export interface SignatureResult {
  /** Primary fingerprint of the signer's key when we have it (upper-case hex), else null. */
  fingerprint: string | null;
  /** Issuer key ID from the signature (upper-case hex). */
  keyId: string;
  status: 'good' | 'bad' | 'unknown-key' | 'expired-key' | 'revoked-key';
  /** Signature creation time (ISO 8601), shown to the user (SG-11). */
  created: string | null;
}

interface Verification {
  keyID: openpgp.KeyID;
  verified: Promise<true>;
  signature: Promise<openpgp.Signature>;
}

const { enums } = openpgp;
const HARD = new Set<number>([enums.reasonForRevocation.noReason, enums.reasonForRevocation.keyCompromised]);

/**
 * RFC 9580 §5.2.3.31: a hard revocation (no reason / compromised) voids every signature;
 * a soft one (superseded / retired) only those made after it.
 */
async function revokedFor(key: openpgp.PublicKey, created: Date | null, now: Date): Promise<boolean> {
  for (const rev of key.revocationSignatures) {
    try {
      await rev.verify(key.keyPacket, enums.signature.keyRevocation, { key: key.keyPacket }, now, undefined, pgpConfig);
    } catch {
      continue;
    }
    if (HARD.has(rev.reasonForRevocationFlag ?? 0)) return true;
    if (!created || !rev.created || rev.created <= created) return true;
  }
  return false;
}

async function judge(v: Verification, keys: openpgp.PublicKey[], now: Date): Promise<SignatureResult> {
  const keyId = v.keyID.toHex().toUpperCase();
  const signer = keys.find((k) => k.getKeys(v.keyID).length > 0) ?? null;
  let created: Date | null = null;
  try {
    const sig = await v.signature;
    created = sig.packets[0]?.created ?? null;
  } catch {
    // malformed signature packet: no date to show
  }
  const base = { keyId, created: created ? created.toISOString() : null };
  if (!signer) {
    await v.verified.catch(() => undefined); // settle it: no unhandled rejection
    return { ...base, fingerprint: null, status: 'unknown-key' };
  }
  const fingerprint = signer.getFingerprint().toUpperCase();
  let ok = true;
  try {
    await v.verified;
  } catch {
    ok = false;
  }
  if (await revokedFor(signer, created, now)) return { ...base, fingerprint, status: 'revoked-key' };
  if (ok) return { ...base, fingerprint, status: 'good' };
  // Was the key (or signing subkey) expired when it signed? Then say so rather than "bad".
  const at = created ?? now;
  const expired = await signer
    .getSigningKey(v.keyID, at, undefined, pgpConfig)
    .then(() => false)
    .catch((e: unknown) => e instanceof Error && /expired/i.test(e.message));
  return { ...base, fingerprint, status: expired ? 'expired-key' : 'bad' };
}

/** Turns OpenPGP.js verification entries into Cachet's per-signature results. */
export async function judgeSignatures(verifications: Verification[], keys: openpgp.PublicKey[], now: Date = new Date()): Promise<SignatureResult[]> {
  return Promise.all(verifications.map((v) => judge(v, keys, now)));
}
