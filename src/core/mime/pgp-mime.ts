/**
 * Recognising OpenPGP in a parsed message: PGP/MIME encrypted and signed (RFC 3156 §4, §5)
 * and inline armor in text parts.
 */
import { findArmoredBlocks, type ArmoredBlock } from '../armor/detect';
import { CachetError } from '../errors';
import { canonicalCrlf } from './canonical';
import { decodeText } from './charset';
import { walkParts, type MimePart } from './parse';

/** `multipart/encrypted; protocol="application/pgp-encrypted"` (RFC 3156 §4). */
export interface PgpMimeEncrypted {
  kind: 'encrypted';
  /** The multipart/encrypted part. */
  part: MimePart;
  /** Armored ciphertext from the second (`encrypted.asc`) body part. */
  armored: string;
  /** False when the encrypted part is only one piece of a larger message (say what is not encrypted). */
  whole: boolean;
}

/** `multipart/signed; protocol="application/pgp-signature"` (RFC 3156 §5). */
export interface PgpMimeSigned {
  kind: 'signed';
  /** The multipart/signed part. */
  part: MimePart;
  /** The first body part: exactly what the signature covers (SG-01: show this, nothing else, as signed). */
  signedPart: MimePart;
  /** signedPart.raw with line endings canonicalised to CRLF: the bytes to verify. */
  signedBytes: Uint8Array;
  /** Armored detached signature from the second body part. */
  signatureArmored: string;
  /** `micalg` parameter, lower-cased (e.g. `pgp-sha256`), or null when missing. */
  micalg: string | null;
  whole: boolean;
}

/** Armored blocks found in text/plain parts. */
export interface InlineArmor {
  kind: 'inline';
  found: Array<{ part: MimePart; text: string; blocks: ArmoredBlock[] }>;
}

export type MessageClass = PgpMimeEncrypted | PgpMimeSigned | InlineArmor | { kind: 'plain' };

function protocolIs(part: MimePart, subtype: string, protocol: string): boolean {
  const ct = part.contentType;
  return ct.type === 'multipart' && ct.subtype === subtype && (ct.params.protocol ?? '').trim().toLowerCase() === protocol;
}

function malformed(detail: string): CachetError {
  return new CachetError('MALFORMED_ARMOR', detail);
}

function isAttachment(p: MimePart): boolean {
  return p.disposition?.type === 'attachment';
}

/** Reads an RFC 3156 §4 multipart/encrypted part; throws MALFORMED_ARMOR when it is not one. */
export function readEncrypted(part: MimePart, whole: boolean): PgpMimeEncrypted {
  const [control, data] = part.children;
  if (!control || !data || part.children.length !== 2) throw malformed('multipart/encrypted needs exactly two parts');
  const ctrlType = `${control.contentType.type}/${control.contentType.subtype}`;
  if (ctrlType !== 'application/pgp-encrypted') throw malformed('first part is not application/pgp-encrypted');
  // RFC 3156 §4: the control part's body MUST contain "Version: 1".
  const lines = decodeText(control.body, 'utf-8').split(/\r\n|\r|\n/).map((l) => l.trim());
  if (!lines.includes('Version: 1')) throw malformed('PGP/MIME version is not 1');
  const dataType = `${data.contentType.type}/${data.contentType.subtype}`;
  if (dataType !== 'application/octet-stream') throw malformed('second part is not application/octet-stream');
  return { kind: 'encrypted', part, armored: decodeText(data.body, 'utf-8'), whole };
}

/** Reads an RFC 3156 §5 multipart/signed part; throws MALFORMED_ARMOR when it is not one. */
export function readSigned(part: MimePart, whole: boolean): PgpMimeSigned {
  const [signedPart, sig] = part.children;
  if (!signedPart || !sig || part.children.length !== 2) throw malformed('multipart/signed needs exactly two parts');
  if (`${sig.contentType.type}/${sig.contentType.subtype}` !== 'application/pgp-signature') {
    throw malformed('second part is not application/pgp-signature');
  }
  const micalg = part.contentType.params.micalg?.trim().toLowerCase() ?? null;
  return {
    kind: 'signed',
    part,
    signedPart,
    signedBytes: canonicalCrlf(signedPart.raw),
    signatureArmored: decodeText(sig.body, 'utf-8'),
    micalg,
    whole,
  };
}

/**
 * Says what kind of OpenPGP message a parsed mail is. The first PGP/MIME encrypted part
 * wins, then the first signed one; otherwise armored blocks in text/plain parts that are
 * not attachments. `whole` is true only when the PGP/MIME part is the message root.
 * Throws MALFORMED_ARMOR for a part that declares the PGP/MIME protocol but breaks it.
 */
export function classifyMessage(root: MimePart): MessageClass {
  const parts = walkParts(root);
  const enc = parts.find((p) => protocolIs(p, 'encrypted', 'application/pgp-encrypted'));
  if (enc) return readEncrypted(enc, enc === root);
  const signed = parts.find((p) => protocolIs(p, 'signed', 'application/pgp-signature'));
  if (signed) return readSigned(signed, signed === root);
  const found: InlineArmor['found'] = [];
  for (const p of parts) {
    if (p.contentType.type !== 'text' || p.contentType.subtype !== 'plain' || isAttachment(p)) continue;
    const text = decodeText(p.body, p.contentType.params.charset);
    const blocks = findArmoredBlocks(text);
    if (blocks.length > 0) found.push({ part: p, text, blocks });
  }
  return found.length > 0 ? { kind: 'inline', found } : { kind: 'plain' };
}
