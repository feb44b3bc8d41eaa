/**
 * Decrypting one encrypted attachment of an inline-armor mail: binary OpenPGP (`.pgp`,
 * `.gpg`) or an armored PGP MESSAGE (`.asc`). Whole buffers, integrity checked by the core
 * (MP-01/MP-02: no unauthenticated byte is released, every failure is DECRYPT_FAILED); the
 * plaintext goes back to our read frame only and is never stored.
 */
import * as openpgp from 'openpgp';
import { normaliseArmor } from '../../core/armor';
import { CachetError } from '../../core/errors';
import { fromBase64, toBase64 } from '../../core/keys/armor';
import { decryptMessage } from '../../core/messages';
import { pgpConfig } from '../../core/openpgp-config';
import type { SignerView, WireFile } from '../../shared/mail-protocol';
import type { HandlerContext } from '../handlers/context';
import type { KeyRecord } from '../keystore/db';
import { keyIdsOf, secretKeysFor, unlockAny, verificationKeys, wipeAll } from './keyring';
import { signerViews } from './signer-view';

const ARMOR_BEGIN = '-----BEGIN PGP MESSAGE-----';

/** The attachment as decrypt input: armored text when it is an armored message, else binary packets. */
export function attachmentInput(bytes: Uint8Array): { armored: string } | { binary: Uint8Array } {
  // Armor may follow a little whitespace or a BOM; 64 bytes is plenty to see the marker line.
  const head = String.fromCharCode(...bytes.subarray(0, 64)).replace(/^[\uFEFF\u00EF\u00BB\u00BF\s]+/, '');
  if (!head.startsWith(ARMOR_BEGIN)) return { binary: bytes };
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const n = normaliseArmor(text);
  if (n.kind !== 'message') throw new CachetError('MALFORMED_ARMOR', 'expected a PGP MESSAGE block');
  return { armored: n.armored };
}

async function recipientKeyIds(input: { armored: string } | { binary: Uint8Array }): Promise<string[]> {
  try {
    const message =
      'armored' in input
        ? await openpgp.readMessage({ armoredMessage: input.armored, config: pgpConfig })
        : await openpgp.readMessage({ binaryMessage: input.binary, config: pgpConfig });
    return message.getEncryptionKeyIDs().map((id) => id.toHex().toUpperCase());
  } catch {
    throw new CachetError('DECRYPT_FAILED'); // not an OpenPGP message, or damaged: one code (MP-02)
  }
}

/** Whom the attachment is for, as read-decrypt.ts says it for a body (key IDs, with known addresses). */
function describeRecipients(ids: string[], records: KeyRecord[]): string {
  if (ids.length === 0) return 'the attachment names no recipient key (password-protected?)';
  const named = ids.map((id) => {
    const known = records.find((r) => keyIdsOf(r.info).includes(id));
    return known && known.info.emails.length > 0 ? `${id} (${known.info.emails.join(', ')})` : id;
  });
  return `encrypted for key IDs ${named.join(', ')}`;
}

/** Decrypts (and verifies, when signed) one attachment; `name` is already the plaintext name. */
export async function decryptAttachment(
  ctx: HandlerContext,
  name: string,
  base64: string,
  sender: string | null,
  passphrase: string | null,
): Promise<{ file: WireFile; signatures: SignerView[] }> {
  const input = attachmentInput(fromBase64(base64));
  const wanted = await recipientKeyIds(input);
  const records = (await (await ctx.keystore()).list()).keys;
  const mine = secretKeysFor(records, wanted);
  if (mine.length === 0) throw new CachetError('NO_MATCHING_KEY', describeRecipients(wanted, records));
  const verifyWith = await verificationKeys(records);
  const keys = await unlockAny(ctx, mine, passphrase);
  let r;
  try {
    r = await decryptMessage({ ...input, decryptionKeys: keys, verificationKeys: verifyWith, format: 'binary' });
  } finally {
    wipeAll(keys);
  }
  const data = r.data as Uint8Array;
  return {
    file: { name, mimeType: 'application/octet-stream', base64: toBase64(data) },
    signatures: signerViews(r.signatures, records, sender),
  };
}
