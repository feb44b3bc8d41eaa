/**
 * The Cachet side of the interop tests, through `src/core` only. Message calls are wrapped
 * here so the test files read the same whatever shape a core result has.
 */
import type * as openpgp from 'openpgp';
import {
  decryptMessage,
  encryptMessage,
  generateKey,
  readKeyMaterial,
  signCleartext,
  signDetached,
  unlockPrivateKey,
  verifyCleartext,
  verifyDetached,
  type KeyInfo,
  type KeyProfile,
  type SignatureResult,
} from '../../../src/core';

/** Passes `passphraseStrength` (≥ 10 chars, ≥ 50 bits) and contains nothing a shell or tool would mangle. */
export const PASSPHRASE = 'Interop tests 7 lanterns quietly';
export const WRONG_PASSPHRASE = 'Interop tests 8 lanterns quietly';

/** A realistic multi-line body: non-ASCII, a dash line (cleartext dash-escaping, RFC 9580 §7.1), "From ". */
export const TEXT = 'Hello from Cachet \u2014 na\u00efve caf\u00e9.\n- dashed line\nFrom the start\nlast line\n';

export interface CachetKey {
  armoredPrivate: string;
  armoredPublic: string;
  revocationCertificate: string;
  info: KeyInfo;
  unlocked: openpgp.PrivateKey;
  publicKey: openpgp.PublicKey;
}

/** Generates a key with Cachet, unlocks it once and reads its public half back in. */
export async function cachetKey(profile: KeyProfile, name: string, email: string): Promise<CachetKey> {
  const g = await generateKey({ name, emails: [email], passphrase: PASSPHRASE, profile, expiresInDays: null });
  return {
    ...g,
    unlocked: await unlockPrivateKey(g.armoredPrivate, PASSPHRASE),
    publicKey: await readPublic(g.armoredPublic),
  };
}

/** The single public key in `armored` (a tool's export), through Cachet's import path. */
export async function readPublic(armored: string): Promise<openpgp.PublicKey> {
  const { keys, refused } = await readKeyMaterial(armored);
  const first = keys[0];
  if (!first || keys.length !== 1) {
    throw new Error(`expected one key, got ${keys.length}; refused: ${JSON.stringify(refused)}`);
  }
  return first.key.toPublic();
}

export async function encryptSigned(text: string, to: openpgp.PublicKey[], signer: openpgp.PrivateKey): Promise<string> {
  const r: unknown = await encryptMessage({ text, encryptionKeys: to, signingKeys: [signer], armor: true });
  return asArmored(r);
}

export async function decryptVerified(
  armored: string,
  key: openpgp.PrivateKey,
  verifier: openpgp.PublicKey,
): Promise<{ text: string; signatures: SignatureResult[] }> {
  const r = await decryptMessage({ armored, decryptionKeys: [key], verificationKeys: [verifier] });
  return { text: typeof r.data === 'string' ? r.data : new TextDecoder().decode(r.data), signatures: r.signatures };
}

export async function detachedSignature(text: string, signer: openpgp.PrivateKey): Promise<string> {
  const r: unknown = await signDetached({ text, signingKeys: [signer] });
  return asArmored(r);
}

export async function checkDetached(text: string, signature: string, verifier: openpgp.PublicKey): Promise<SignatureResult[]> {
  const r: unknown = await verifyDetached({ text, signature, verificationKeys: [verifier] });
  return signaturesOf(r);
}

export async function clearSigned(text: string, signer: openpgp.PrivateKey): Promise<string> {
  const r: unknown = await signCleartext({ text, signingKeys: [signer] });
  return asArmored(r);
}

export async function checkClearSigned(
  armored: string,
  verifier: openpgp.PublicKey,
): Promise<{ text: string; signatures: SignatureResult[] }> {
  const r: unknown = await verifyCleartext({ armored, verificationKeys: [verifier] });
  const text = typeof r === 'object' && r !== null && 'text' in r ? String(r.text) : textOf(r);
  return { text, signatures: signaturesOf(r) };
}

/** Fingerprints of the signatures Cachet judged `good`, upper-case. */
export function goodSigners(signatures: readonly SignatureResult[]): string[] {
  return signatures.filter((s) => s.status === 'good').map((s) => (s.fingerprint ?? '').toUpperCase());
}

/** Primary fingerprint of a key, upper-case (gpg, sq and rnp all print hex fingerprints). */
export function fpr(key: openpgp.Key): string {
  return key.getFingerprint().toUpperCase();
}

function asArmored(r: unknown): string {
  if (typeof r === 'string') return r;
  if (typeof r === 'object' && r !== null) {
    for (const k of ['armored', 'message', 'signature', 'data'] as const) {
      if (k in r) {
        const v = (r as Record<string, unknown>)[k];
        if (typeof v === 'string') return v;
      }
    }
  }
  throw new Error(`unexpected core result shape: ${typeof r}`);
}

function textOf(r: unknown): string {
  if (typeof r === 'object' && r !== null && 'data' in r) {
    const d = (r as { data: unknown }).data;
    if (typeof d === 'string') return d;
    if (d instanceof Uint8Array) return new TextDecoder().decode(d);
  }
  throw new Error('unexpected verifyCleartext result shape');
}

function signaturesOf(r: unknown): SignatureResult[] {
  if (Array.isArray(r)) return r as SignatureResult[];
  if (typeof r === 'object' && r !== null && 'signatures' in r) return (r as { signatures: SignatureResult[] }).signatures;
  throw new Error('unexpected verification result shape');
}
