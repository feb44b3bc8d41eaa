/** Encrypting (and optionally signing) messages; integrity-protected always (SEIPD v1/v2). */
import * as openpgp from 'openpgp';
import { CachetError, isCachetError } from '../errors';
import { gnupgCompatConfig, pgpConfig } from '../openpgp-config';
import { isUnlocked } from '../keys/protect';

export interface EncryptOptions {
  text?: string;
  data?: Uint8Array;
  encryptionKeys: openpgp.PublicKey[];
  signingKeys?: openpgp.PrivateKey[];
  /**
   * Additive to the contract: password-protected messages (DESIGN "recipient without a key").
   * Uses iterated S2K + SEIPDv1 so `gpg --decrypt` opens them.
   */
  passwords?: string[];
  /** Default true: ASCII armor. */
  armor?: boolean;
}

/** Maps a key-selection failure to the code the UI can explain. */
export function keyProblem(e: unknown): CachetError {
  if (isCachetError(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  if (/expired/i.test(message)) return new CachetError('KEY_EXPIRED', message);
  if (/revoked/i.test(message)) return new CachetError('KEY_REVOKED', message);
  if (/decrypted|locked/i.test(message)) return new CachetError('PASSPHRASE_REQUIRED', message);
  if (/RSA keys shorter|insecure|rejected|not allowed|algorithm/i.test(message)) return new CachetError('WEAK_KEY', message);
  return new CachetError('KEY_INVALID', message);
}

/** Creates the literal data message from text or bytes (exactly one of them). */
export async function literalMessage(o: { text?: string; data?: Uint8Array }): Promise<openpgp.Message<string | Uint8Array>> {
  if ((o.text === undefined) === (o.data === undefined)) throw new CachetError('BAD_REQUEST', 'give text or data');
  return o.text !== undefined ? openpgp.createMessage({ text: o.text }) : openpgp.createMessage({ binary: o.data as Uint8Array });
}

/** Encrypts to the given keys (and/or passwords), signing with `signingKeys` if given. */
export async function encryptMessage(o: EncryptOptions & { armor?: true }): Promise<string>;
export async function encryptMessage(o: EncryptOptions & { armor: false }): Promise<Uint8Array>;
export async function encryptMessage(o: EncryptOptions): Promise<string | Uint8Array>;
export async function encryptMessage(o: EncryptOptions): Promise<string | Uint8Array> {
  const passwords = o.passwords ?? [];
  if (o.encryptionKeys.length === 0 && passwords.length === 0) throw new CachetError('BAD_REQUEST', 'no recipient');
  const signingKeys = o.signingKeys ?? [];
  if (!signingKeys.every(isUnlocked)) throw new CachetError('PASSPHRASE_REQUIRED');
  const message = await literalMessage(o);
  const config = passwords.length > 0 ? gnupgCompatConfig : pgpConfig;
  const common = { message, encryptionKeys: o.encryptionKeys, signingKeys, config, ...(passwords.length ? { passwords } : {}) };
  try {
    if (o.armor === false) return await openpgp.encrypt({ ...common, format: 'binary' });
    return await openpgp.encrypt({ ...common, format: 'armored' });
  } catch (e) {
    throw keyProblem(e);
  }
}
