/**
 * Building MIME for sending (RFC 2045/2046, RFC 3156 §4-§5): text with attachments,
 * and the multipart/signed and multipart/encrypted wrappers. Output is 7-bit ASCII with
 * CRLF line endings everywhere.
 */
import { CachetError } from '../errors';
import { canonicalCrlf } from './canonical';
import { binaryString } from './charset';
import { encodeBase64Lines, encodeQuotedPrintable, isSafe7bit } from './transfer';

export interface AttachmentInput {
  filename: string;
  data: Uint8Array;
  /** `type/subtype`; anything else becomes application/octet-stream. */
  contentType?: string;
}

const CRLF = '\r\n';
const MIME_TYPE = /^[A-Za-z0-9!#$&^_.+-]{1,64}\/[A-Za-z0-9!#$&^_.+-]{1,64}$/;

/** A fresh random boundary (RFC 2046 §5.1.1: ≤ 70 characters, from crypto.getRandomValues). */
export function newBoundary(): string {
  const r = crypto.getRandomValues(new Uint8Array(18));
  return `cachet-${Array.from(r, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** A boundary that does not occur in any of `contents` (retrying is astronomically rare). */
function boundaryFor(...contents: string[]): string {
  for (;;) {
    const b = newBoundary();
    if (!contents.some((c) => c.includes(b))) return b;
  }
}

/** `name="value"` for plain short ASCII, else RFC 2231 `name*0*=utf-8''…` sections of ≤ 60 characters. */
export function encodeParam(name: string, value: string): string {
  if (/^[\x20-\x7e]{0,60}$/.test(value) && !/["\\]/.test(value)) return `${name}="${value}"`;
  const bytes = new TextEncoder().encode(value);
  let encoded = '';
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    // RFC 2231 §7 attribute-char: token characters except * ' %
    encoded += /[A-Za-z0-9!#$&+.^_`|~-]/.test(ch) ? ch : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  const sections: string[] = [];
  let rest = `utf-8''${encoded}`;
  while (rest.length > 0) {
    let cut = Math.min(60, rest.length);
    // Never split a %XX escape between two sections.
    const pct = rest.lastIndexOf('%', cut - 1);
    if (pct >= 0 && pct > cut - 3 && cut < rest.length) cut = pct;
    sections.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (sections.length === 1) return `${name}*=${sections[0]}`;
  return sections.map((s, i) => `${name}*${i}*=${s}`).join(`;${CRLF} `);
}

/**
 * A `text/plain; charset=utf-8` entity (headers, blank line, body): 7bit when the text
 * allows it, quoted-printable otherwise (RFC 3156 §3 wants signed data 7-bit and safe from
 * trailing-whitespace and "From " mangling). Line endings become CRLF.
 */
export function buildTextPart(text: string): string {
  const crlfText = text.split(/\r\n|\r|\n/).join(CRLF);
  const head = `Content-Type: text/plain; charset=utf-8${CRLF}`;
  if (isSafe7bit(crlfText)) return `${head}Content-Transfer-Encoding: 7bit${CRLF}${CRLF}${crlfText}`;
  return `${head}Content-Transfer-Encoding: quoted-printable${CRLF}${CRLF}${encodeQuotedPrintable(crlfText)}`;
}

/** A base64 attachment entity with RFC 2231 file name parameters. */
export function buildAttachmentPart(a: AttachmentInput): string {
  const type = a.contentType && MIME_TYPE.test(a.contentType) ? a.contentType.toLowerCase() : 'application/octet-stream';
  return [
    `Content-Type: ${type};${CRLF} ${encodeParam('name', a.filename)}`,
    `Content-Disposition: attachment;${CRLF} ${encodeParam('filename', a.filename)}`,
    'Content-Transfer-Encoding: base64',
    '',
    encodeBase64Lines(a.data),
  ].join(CRLF);
}

function multipart(contentType: string, preamble: string, entities: string[]): string {
  const boundary = boundaryFor(...entities);
  const parts = entities.map((e) => `--${boundary}${CRLF}${e}${CRLF}`).join('');
  return `${contentType};${CRLF} boundary="${boundary}"${CRLF}${CRLF}${preamble}${CRLF}${parts}--${boundary}--${CRLF}`;
}

/** Text alone, or text plus attachments as multipart/mixed (RFC 2046 §5.1.3). */
export function buildMixed(text: string, attachments: readonly AttachmentInput[] = []): string {
  if (attachments.length === 0) return buildTextPart(text);
  const entities = [buildTextPart(text), ...attachments.map(buildAttachmentPart)];
  return multipart('Content-Type: multipart/mixed', 'This is a multi-part message in MIME format.', entities);
}

function asciiCrlf(input: string | Uint8Array, what: string): string {
  const bytes = canonicalCrlf(typeof input === 'string' ? new TextEncoder().encode(input) : input);
  // RFC 3156 §3/§4: what goes inside these wrappers must survive 7-bit transport.
  if (bytes.some((b) => b > 0x7e || (b < 0x20 && b !== 0x09 && b !== 0x0d && b !== 0x0a))) {
    throw new CachetError('BAD_REQUEST', `${what} is not 7-bit text`);
  }
  return binaryString(bytes);
}

/**
 * RFC 3156 §5 multipart/signed around `signedEntity` (headers and body, e.g. from
 * buildMixed). The detached signature must be over `canonicalCrlf(signedEntity)`, the
 * exact bytes placed here. `micalg` is `pgp-<hash>` in lower case (e.g. `pgp-sha256`).
 */
export function buildSigned(signedEntity: string | Uint8Array, signatureArmored: string, micalg: string): string {
  if (!/^pgp-[a-z0-9-]{1,16}$/.test(micalg)) throw new CachetError('BAD_REQUEST', 'invalid micalg');
  const entity = asciiCrlf(signedEntity, 'signed entity');
  const sig = asciiCrlf(signatureArmored, 'signature').trimEnd();
  if (!sig.startsWith('-----BEGIN PGP SIGNATURE-----')) throw new CachetError('BAD_REQUEST', 'not an armored signature');
  const sigPart = [
    'Content-Type: application/pgp-signature; name="signature.asc"',
    'Content-Description: OpenPGP digital signature',
    'Content-Disposition: attachment; filename="signature.asc"',
    '',
    sig,
  ].join(CRLF);
  const type = `Content-Type: multipart/signed; micalg=${micalg};${CRLF} protocol="application/pgp-signature"`;
  return multipart(type, 'This is an OpenPGP/MIME signed message (RFC 4880 and 3156)', [entity, sigPart]);
}

/** RFC 3156 §4 multipart/encrypted around an armored OpenPGP message. */
export function buildEncrypted(armoredMessage: string): string {
  const armored = asciiCrlf(armoredMessage, 'ciphertext').trimEnd();
  if (!armored.startsWith('-----BEGIN PGP MESSAGE-----')) throw new CachetError('BAD_REQUEST', 'not an armored PGP message');
  const control = ['Content-Type: application/pgp-encrypted', 'Content-Description: PGP/MIME version identification', '', 'Version: 1', ''].join(CRLF);
  const data = [
    'Content-Type: application/octet-stream; name="encrypted.asc"',
    'Content-Description: OpenPGP encrypted message',
    'Content-Disposition: inline; filename="encrypted.asc"',
    '',
    armored,
  ].join(CRLF);
  const type = `Content-Type: multipart/encrypted;${CRLF} protocol="application/pgp-encrypted"`;
  return multipart(type, 'This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)', [control, data]);
}
