/**
 * The Cachet side of the interop tests, through `src/core` only, in the few shapes the
 * test files need (one signer, one verifier, armored text).
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
  return encryptMessage({ text, encryptionKeys: to, signingKeys: [signer], armor: true });
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
  const r = await signDetached({ text, signingKeys: [signer], armor: true });
  if (typeof r !== 'string') throw new Error('signDetached with armor: true returned bytes');
  return r;
}

export async function checkDetached(text: string, signature: string, verifier: openpgp.PublicKey): Promise<SignatureResult[]> {
  return (await verifyDetached({ text, signature, verificationKeys: [verifier] })).signatures;
}

export function clearSigned(text: string, signer: openpgp.PrivateKey): Promise<string> {
  return signCleartext({ text, signingKeys: [signer] });
}

export function checkClearSigned(armored: string, verifier: openpgp.PublicKey): Promise<{ text: string; signatures: SignatureResult[] }> {
  return verifyCleartext({ armored, verificationKeys: [verifier] });
}

/**
 * Text as a Unix tool prints it. Cachet (OpenPGP.js) stores text with CRLF line endings,
 * as RFC 9580 §5.9 (literal data 'u'/'t') and §7.1 (cleartext body) define it; gpg turns
 * them back into LF on output, sq, sqop and rnp print them as stored. Both are allowed.
 */
export function unixLines(s: string): string {
  return s.replace(/\r\n/g, '\n');
}

/**
 * Cleartext-signed text compared without its final line endings: the line ending before
 * the signature armor is not signed (RFC 9580 §7.1), so gpg signs TEXT without its last
 * newline while OpenPGP.js keeps it by adding an empty line, which tools then print.
 */
export function sameSignedText(a: string, b: string): boolean {
  const trim = (s: string): string => unixLines(s).replace(/\n+$/, '');
  return trim(a) === trim(b);
}


/** Fingerprints of the signatures Cachet judged `good`, upper-case. */
export function goodSigners(signatures: readonly SignatureResult[]): string[] {
  return signatures.filter((s) => s.status === 'good').map((s) => (s.fingerprint ?? '').toUpperCase());
}

/** Primary fingerprint of a key, upper-case (gpg, sq and rnp all print hex fingerprints). */
export function fpr(key: openpgp.Key): string {
  return key.getFingerprint().toUpperCase();
}
