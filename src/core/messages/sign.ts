/** Cleartext (RFC 9580 §7) and detached signatures, made and checked. */
import * as openpgp from 'openpgp';
import { CachetError } from '../errors';
import { pgpConfig } from '../openpgp-config';
import { isUnlocked } from '../keys/protect';
import { keyProblem, literalMessage } from './encrypt';
import { judgeSignatures, type SignatureResult } from './signature-result';

/** DS-03: more signatures on one text than any real signer makes; refused before verifying. */
export const MAX_SIGNATURES = 64;

/**
 * OpenPGP.js parses a signature packet's fields lazily, so an armor whose base64 carried
 * junk (fuzz seed 124464471: non-ASCII bytes inside the signature block) reads fine and
 * only throws ("Invalid enum value") inside verify. That is a malformed message, not a
 * crash: one clear error (issue 7 §2).
 */
async function verifySafely<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw new CachetError('MALFORMED_ARMOR', e instanceof Error ? e.message : undefined);
  }
}

function needUnlocked(keys: openpgp.PrivateKey[]): void {
  if (keys.length === 0) throw new CachetError('BAD_REQUEST', 'no signing key');
  if (!keys.every(isUnlocked)) throw new CachetError('PASSPHRASE_REQUIRED');
}

/** A cleartext-signed message (`-----BEGIN PGP SIGNED MESSAGE-----`). */
export async function signCleartext(o: { text: string; signingKeys: openpgp.PrivateKey[] }): Promise<string> {
  needUnlocked(o.signingKeys);
  const message = await openpgp.createCleartextMessage({ text: o.text });
  try {
    return await openpgp.sign({ message, signingKeys: o.signingKeys, format: 'armored', config: pgpConfig });
  } catch (e) {
    throw keyProblem(e);
  }
}

/**
 * Verifies a cleartext-signed message; `text` is exactly the signed text (SG-01/SG-02:
 * show this, not what surrounds it). MALFORMED_ARMOR when it does not parse.
 */
export async function verifyCleartext(o: { armored: string; verificationKeys: openpgp.PublicKey[] }): Promise<{ text: string; signatures: SignatureResult[] }> {
  let message;
  try {
    message = await openpgp.readCleartextMessage({ cleartextMessage: o.armored, config: pgpConfig });
  } catch (e) {
    throw new CachetError('MALFORMED_ARMOR', e instanceof Error ? e.message : undefined);
  }
  if (message.getSigningKeyIDs().length > MAX_SIGNATURES) throw new CachetError('TOO_LARGE', 'too many signatures');
  const r = await verifySafely(() => openpgp.verify({ message, verificationKeys: o.verificationKeys, config: pgpConfig }));
  return { text: message.getText(), signatures: await judgeSignatures(r.signatures, o.verificationKeys) };
}

/** A detached signature over text (canonical text, type 0x01) or bytes (binary, 0x00). */
export async function signDetached(o: { text?: string; data?: Uint8Array; signingKeys: openpgp.PrivateKey[]; armor?: boolean }): Promise<string | Uint8Array> {
  needUnlocked(o.signingKeys);
  const message = await literalMessage(o);
  try {
    if (o.armor === false) return await openpgp.sign({ message, signingKeys: o.signingKeys, detached: true, format: 'binary', config: pgpConfig });
    return await openpgp.sign({ message, signingKeys: o.signingKeys, detached: true, format: 'armored', config: pgpConfig });
  } catch (e) {
    throw keyProblem(e);
  }
}

/** Verifies a detached signature (armored or binary) over text or bytes. */
export async function verifyDetached(o: {
  text?: string;
  data?: Uint8Array;
  signature: string | Uint8Array;
  verificationKeys: openpgp.PublicKey[];
}): Promise<{ signatures: SignatureResult[] }> {
  const message = await literalMessage(o);
  let signature;
  try {
    signature =
      typeof o.signature === 'string'
        ? await openpgp.readSignature({ armoredSignature: o.signature, config: pgpConfig })
        : await openpgp.readSignature({ binarySignature: o.signature, config: pgpConfig });
  } catch (e) {
    throw new CachetError('MALFORMED_ARMOR', e instanceof Error ? e.message : undefined);
  }
  if (signature.packets.length > MAX_SIGNATURES) throw new CachetError('TOO_LARGE', 'too many signatures');
  const r = await verifySafely(() => openpgp.verify({ message, signature, verificationKeys: o.verificationKeys, config: pgpConfig }));
  return { signatures: await judgeSignatures(r.signatures, o.verificationKeys) };
}
