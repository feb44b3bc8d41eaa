/**
 * Password-protected messages for recipients without a key (DESIGN "recipient without a key").
 *
 * Written so GnuPG 2.2 opens them: one SKESK v4 per password with iterated+salted S2K
 * (RFC 4880 §3.7.1.3, SHA-256, count byte 255) and the session key encrypted under it
 * (RFC 9580 §5.3), AES-256, and SEIPD v1 with MDC (RFC 9580 §5.13.1); no AEAD, no v6
 * packets (gnupgCompatConfig). The same message may also carry PKESKs, so recipients
 * with a key open it with their key and the others with the password.
 *
 * Reading: integrity is required (pgpConfig refuses SED and MDC-less data, MP-01); S2K
 * parameters are bounded by OpenPGP.js (iterated counts ≤ 65,011,712 bytes by the format,
 * Argon2 memory by maxArgon2MemoryExponent, DS-02).
 */
import * as openpgp from 'openpgp';
import { CachetError } from '../errors';
import { gnupgCompatConfig, pgpConfig } from '../openpgp-config';
import { isUnlocked } from '../keys/protect';
import { keyProblem, literalMessage } from './encrypt';
import { MAX_MESSAGE_BYTES } from './decrypt';
import { MAX_PASSWORD_CHARS } from './password-generate';
import { judgeSignatures, type SignatureResult } from './signature-result';

export { GENERATED_PASSWORD_BITS, MAX_PASSWORD_CHARS, PASSWORD_ALPHABET, PASSWORD_GROUPS, PASSWORD_GROUP_LENGTH, generatePassword, passwordStrength } from './password-generate';

export interface PasswordEncryptOptions {
  text?: string;
  data?: Uint8Array;
  password: string;
  /** Recipients who have a key get a PKESK in the same message (and the sender's own key, for the Sent folder). */
  encryptionKeys?: openpgp.PublicKey[];
  signingKeys?: openpgp.PrivateKey[];
  /** Default true. */
  armor?: boolean;
}

/** Encrypts with a password (and optionally to keys, and signed). Armored unless `armor: false`. */
export async function encryptWithPassword(o: PasswordEncryptOptions): Promise<string | Uint8Array> {
  if (o.password.length === 0 || o.password.length > MAX_PASSWORD_CHARS) throw new CachetError('BAD_REQUEST', 'password length');
  const signingKeys = o.signingKeys ?? [];
  if (!signingKeys.every(isUnlocked)) throw new CachetError('PASSPHRASE_REQUIRED');
  const message = await literalMessage(o);
  const common = { message, passwords: [o.password], encryptionKeys: o.encryptionKeys ?? [], signingKeys, config: gnupgCompatConfig };
  try {
    if (o.armor === false) return await openpgp.encrypt({ ...common, format: 'binary' });
    return await openpgp.encrypt({ ...common, format: 'armored' });
  } catch (e) {
    throw keyProblem(e);
  }
}

/** Most SKESK packets tried in one message (DS-03). */
export const MAX_PASSWORD_PACKETS = 8;

/** What the session-key packets of a message say, read without decrypting anything. */
export interface EncryptedPackets {
  /** SKESK packets: the message opens with a password. */
  passwordPackets: number;
  /** Key IDs of the PKESK packets (upper-case hex; all zeros = anonymous recipient). */
  keyIds: string[];
}

async function readAny(armoredOrBinary: string | Uint8Array): Promise<openpgp.Message<string | Uint8Array>> {
  const size = typeof armoredOrBinary === 'string' ? armoredOrBinary.length : armoredOrBinary.byteLength;
  if (size === 0) throw new CachetError('BAD_REQUEST', 'empty message');
  if (size > MAX_MESSAGE_BYTES) throw new CachetError('TOO_LARGE');
  try {
    return typeof armoredOrBinary === 'string'
      ? await openpgp.readMessage({ armoredMessage: armoredOrBinary, config: pgpConfig })
      : await openpgp.readMessage({ binaryMessage: armoredOrBinary, config: pgpConfig });
  } catch {
    throw new CachetError('DECRYPT_FAILED');
  }
}

/** Classifies an encrypted message by its packets (never by its text): password and/or key recipients. */
export async function inspectEncrypted(armoredOrBinary: string | Uint8Array): Promise<EncryptedPackets> {
  const message = await readAny(armoredOrBinary);
  const skesk = message.packets.filterByTag(openpgp.enums.packet.symEncryptedSessionKey).length;
  const keyIds = message.getEncryptionKeyIDs().map((id) => id.toHex().toUpperCase());
  return { passwordPackets: skesk, keyIds };
}

/**
 * Decrypts a password-protected message and verifies its signatures. WRONG_PASSWORD when
 * the password opens nothing — which OpenPGP cannot tell apart from a damaged message
 * (a gpg --symmetric SKESK has no check value; a wrong key fails the MDC), so the UI says
 * both; DECRYPT_FAILED when the message has no password packet or does not parse.
 */
export async function decryptWithPassword(o: {
  armored?: string;
  binary?: Uint8Array;
  password: string;
  verificationKeys: openpgp.PublicKey[];
  format?: 'utf8' | 'binary';
}): Promise<{ data: string | Uint8Array; signatures: SignatureResult[] }> {
  if (o.password.length === 0 || o.password.length > MAX_PASSWORD_CHARS) throw new CachetError('BAD_REQUEST', 'password length');
  const input = o.armored ?? o.binary;
  if (input === undefined) throw new CachetError('BAD_REQUEST', 'empty message');
  const message = await readAny(input);
  const skesks = message.packets.filterByTag(openpgp.enums.packet.symEncryptedSessionKey).length;
  if (skesks === 0) throw new CachetError('DECRYPT_FAILED', 'the message is not password-protected');
  // DS-03: every password packet costs one S2K run (up to 65 MB hashed, or Argon2); real
  // messages carry one or a few, so thousands are an attack on the background.
  if (skesks > MAX_PASSWORD_PACKETS) throw new CachetError('TOO_LARGE', `more than ${MAX_PASSWORD_PACKETS} password packets`);
  let result;
  try {
    result = await openpgp.decrypt({
      message,
      passwords: [o.password],
      verificationKeys: o.verificationKeys,
      format: o.format === 'binary' ? 'binary' : 'utf8',
      expectSigned: false,
      config: pgpConfig,
    });
  } catch {
    throw new CachetError('WRONG_PASSWORD');
  }
  return { data: result.data as string | Uint8Array, signatures: await judgeSignatures(result.signatures, o.verificationKeys) };
}
