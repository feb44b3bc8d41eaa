/**
 * Decryption that never releases unauthenticated plaintext (MP-01/MP-02): SED and
 * MDC-less data are refused by the config, inputs are whole buffers (no streaming
 * release), and every failure after parsing the recipients is one code, DECRYPT_FAILED.
 */
import * as openpgp from 'openpgp';
import { CachetError } from '../errors';
import { pgpConfig } from '../openpgp-config';
import { isUnlocked } from '../keys/protect';
import { judgeSignatures, type SignatureResult } from './signature-result';

export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
/** DS-03: more session-key packets than any real mail carries; refused before any is tried. */
export const MAX_SESSION_KEY_PACKETS = 256;

export interface DecryptOptions {
  armored?: string;
  binary?: Uint8Array;
  decryptionKeys: openpgp.PrivateKey[];
  verificationKeys: openpgp.PublicKey[];
  /** Additive: for password-protected messages. */
  passwords?: string[];
  /** Additive: 'utf8' (default) returns a string, 'binary' a Uint8Array. */
  format?: 'utf8' | 'binary';
}

async function readEncrypted(o: DecryptOptions): Promise<openpgp.Message<string | Uint8Array>> {
  const size = o.armored?.length ?? o.binary?.byteLength ?? 0;
  if (size === 0) throw new CachetError('BAD_REQUEST', 'empty message');
  if (size > MAX_MESSAGE_BYTES) throw new CachetError('TOO_LARGE');
  try {
    return o.armored !== undefined
      ? await openpgp.readMessage({ armoredMessage: o.armored, config: pgpConfig })
      : await openpgp.readMessage({ binaryMessage: o.binary as Uint8Array, config: pgpConfig });
  } catch {
    throw new CachetError('DECRYPT_FAILED');
  }
}

/** Decrypts and verifies. NO_MATCHING_KEY if the message names none of our keys. */
export async function decryptMessage(o: DecryptOptions): Promise<{ data: string | Uint8Array; signatures: SignatureResult[] }> {
  const message = await readEncrypted(o);
  const keyPackets = message.packets.filterByTag(openpgp.enums.packet.publicKeyEncryptedSessionKey, openpgp.enums.packet.symEncryptedSessionKey);
  if (keyPackets.length > MAX_SESSION_KEY_PACKETS) throw new CachetError('TOO_LARGE', 'too many session-key packets');
  const passwords = o.passwords ?? [];
  if (passwords.length === 0) {
    const wanted = message.getEncryptionKeyIDs();
    const ours = o.decryptionKeys.flatMap((k) => k.getKeyIDs());
    // An all-zero key ID is a wildcard (anonymous recipient, RFC 9580 §5.1.1): try our keys.
    const match = wanted.some((id) => /^0+$/.test(id.toHex()) || ours.some((mine) => mine.equals(id)));
    if (!match) throw new CachetError('NO_MATCHING_KEY');
    if (!o.decryptionKeys.every(isUnlocked)) throw new CachetError('PASSPHRASE_REQUIRED');
  }
  let result;
  try {
    result = await openpgp.decrypt({
      message,
      decryptionKeys: o.decryptionKeys,
      verificationKeys: o.verificationKeys,
      ...(passwords.length ? { passwords } : {}),
      format: o.format === 'binary' ? 'binary' : 'utf8',
      expectSigned: false,
      config: pgpConfig,
    });
  } catch {
    // One code whatever failed (bad session key, MDC, AEAD tag, grammar, decompression cap).
    throw new CachetError('DECRYPT_FAILED');
  }
  const judged = await judgeSignatures(result.signatures, o.verificationKeys);
  const ours = o.decryptionKeys.flatMap((k) => k.getKeys().map((sub) => sub.getFingerprint().toUpperCase()));
  const signatures = await Promise.all(
    judged.map(async (s, i) => (s.status === 'good' && passwords.length === 0 && (await namesOthersOnly(result.signatures[i]?.signature, ours)) ? { ...s, status: 'bad' as const } : s)),
  );
  return { data: result.data as string | Uint8Array, signatures };
}

/**
 * SG-11, RFC 9580 §5.2.3.36: a signature that names its intended recipients (hashed
 * subpacket 35, which OpenPGP.js keeps as unknown) was made for them. If none is us, the
 * signed message was re-encrypted to us by someone else: it is not a good signature here.
 */
async function namesOthersOnly(signature: Promise<openpgp.Signature> | undefined, ours: string[]): Promise<boolean> {
  try {
    const packet = (await signature)?.packets[0] as unknown as { unknownSubpackets?: Array<{ type: number; body: Uint8Array }> } | undefined;
    const named = (packet?.unknownSubpackets ?? [])
      .filter((sp) => sp.type === 35)
      .map((sp) => Array.from(sp.body.subarray(1), (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase());
    return named.length > 0 && !named.some((f) => ours.includes(f));
  } catch {
    return false;
  }
}
