/**
 * MIME parser (RFC 2045, 2046, 2047, 2231) for received mail and decrypted PGP/MIME
 * content. Pure and bounded: nesting ≤ 32, ≤ 1,000 parts, ≤ 64 MiB (DS-05). Every part
 * keeps its exact bytes (`raw`) because RFC 3156 signatures cover them byte for byte.
 */
import { CachetError } from '../errors';
import { rawHeader, splitHeaders, type MimeHeader } from './headers';
import { parseStructured, type Params } from './params';
import { decodeTransfer } from './transfer';

export const MAX_MIME_DEPTH = 32;
export const MAX_MIME_PARTS = 1000;
export const MAX_MIME_BYTES = 64 * 1024 * 1024;

export interface ContentType {
  type: string;
  subtype: string;
  params: Params;
}

export interface Disposition {
  /** `inline`, `attachment` or whatever was sent, lower-cased. */
  type: string;
  params: Params;
}

/** One MIME entity and its children. */
export interface MimePart {
  /** Dotted position in the tree: '' for the root, '1', '1.2', … (IMAP-style part numbers). */
  path: string;
  headers: MimeHeader[];
  contentType: ContentType;
  disposition: Disposition | null;
  /** File name from Content-Disposition `filename` or Content-Type `name`, as sent (not sanitised: see safeFilename). */
  filename: string | null;
  /** Content-Transfer-Encoding, lower-cased ('7bit' when absent). */
  transferEncoding: string;
  /** Decoded body for leaf parts; the undecoded body of multipart and message parts. */
  body: Uint8Array;
  /** Exact bytes of the entity, headers included, as they appeared in the input. */
  raw: Uint8Array;
  children: MimePart[];
}

interface Context {
  parts: number;
}

const LF = 0x0a;
const CR = 0x0d;
const DASH = 0x2d;

function contentTypeOf(headers: readonly MimeHeader[], fallback: string): ContentType {
  const v = rawHeader(headers, 'content-type');
  const parsed = parseStructured(v ?? fallback);
  const m = /^([a-z0-9!#$&^_.+-]+)\/([a-z0-9!#$&^_.+-]+)$/.exec(parsed.value);
  if (m) return { type: m[1] as string, subtype: m[2] as string, params: parsed.params };
  // RFC 2045 §5.2: a missing or invalid Content-Type means text/plain; charset=us-ascii.
  const params = Object.create(null) as Params;
  params.charset = 'us-ascii';
  return { type: 'text', subtype: 'plain', params };
}

function startsWith(bytes: Uint8Array, at: number, prefix: Uint8Array): boolean {
  if (at + prefix.length > bytes.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}

/** True if bytes[from, to) are only spaces and tabs (RFC 2046 §5.1.1 transport padding). */
function onlyPadding(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (bytes[i] !== 0x20 && bytes[i] !== 0x09) return false;
  return true;
}

/**
 * Splits a multipart body at its delimiter lines (RFC 2046 §5.1.1). The CRLF before a
 * delimiter belongs to the delimiter, not to the part. Linear: each line start is
 * compared once with the delimiter.
 */
export function splitMultipart(body: Uint8Array, boundary: string): Uint8Array[] {
  const delim = new TextEncoder().encode(`--${boundary}`);
  const parts: Uint8Array[] = [];
  let partStart = -1; // -1: still in the preamble
  let pos = 0;
  while (pos <= body.length) {
    const lf = body.indexOf(LF, pos);
    const lineEnd = lf < 0 ? body.length : lf;
    const next = lf < 0 ? body.length + 1 : lf + 1;
    if (startsWith(body, pos, delim)) {
      const after = pos + delim.length;
      const close = body[after] === DASH && body[after + 1] === DASH;
      const contentEnd = lineEnd > after && body[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
      if (close || onlyPadding(body, after, contentEnd)) {
        if (partStart >= 0) {
          let end = pos;
          if (end > partStart && body[end - 1] === LF) end--;
          if (end > partStart && body[end - 1] === CR) end--;
          parts.push(body.subarray(partStart, end));
        }
        if (close) return parts;
        partStart = Math.min(next, body.length);
      }
    }
    pos = next;
  }
  // No close delimiter: the last part runs to the end (lenient, as mail clients are).
  if (partStart >= 0) parts.push(body.subarray(partStart));
  return parts;
}

function parseEntity(raw: Uint8Array, path: string, depth: number, ctx: Context, defaultType: string): MimePart {
  if (depth > MAX_MIME_DEPTH) throw new CachetError('TOO_LARGE', `MIME nesting deeper than ${MAX_MIME_DEPTH} levels`);
  if (++ctx.parts > MAX_MIME_PARTS) throw new CachetError('TOO_LARGE', `more than ${MAX_MIME_PARTS} MIME parts`);
  const { headers, bodyStart } = splitHeaders(raw);
  const contentType = contentTypeOf(headers, defaultType);
  const cte = (rawHeader(headers, 'content-transfer-encoding') ?? '7bit').toLowerCase().trim() || '7bit';
  const dispValue = rawHeader(headers, 'content-disposition');
  const disposition = dispValue === null ? null : (({ value, params }) => ({ type: value, params }))(parseStructured(dispValue));
  const filename = disposition?.params.filename ?? contentType.params.name ?? null;
  const rawBody = raw.subarray(bodyStart);
  const part: MimePart = { path, headers, contentType, disposition, filename, transferEncoding: cte, body: rawBody, raw, children: [] };
  const childPath = (i: number): string => (path ? `${path}.${i + 1}` : String(i + 1));
  const boundary = contentType.params.boundary;
  if (contentType.type === 'multipart' && boundary) {
    const childDefault = contentType.subtype === 'digest' ? 'message/rfc822' : 'text/plain; charset=us-ascii';
    splitMultipart(rawBody, boundary).forEach((bytes, i) => {
      part.children.push(parseEntity(bytes, childPath(i), depth + 1, ctx, childDefault));
    });
  } else if (contentType.type === 'message' && (contentType.subtype === 'rfc822' || contentType.subtype === 'global')) {
    part.children.push(parseEntity(decodeTransfer(rawBody, cte), childPath(0), depth + 1, ctx, 'text/plain; charset=us-ascii'));
  } else {
    part.body = decodeTransfer(rawBody, cte);
  }
  return part;
}

/**
 * Parses a MIME message or entity into a tree (a string is taken as UTF-8 text). Accepts
 * CRLF and LF line endings. Never
 * throws anything but `CachetError('TOO_LARGE')` for the caps; malformed structure is
 * parsed leniently (a multipart without boundary is a leaf, a missing close delimiter ends
 * at the end of input).
 */
export function parseMime(input: Uint8Array | string): MimePart {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  if (bytes.length > MAX_MIME_BYTES) throw new CachetError('TOO_LARGE', 'MIME message over 64 MiB');
  return parseEntity(bytes, '', 0, { parts: 0 }, 'text/plain; charset=us-ascii');
}

/** Depth-first list of a tree's parts, the root first. */
export function walkParts(root: MimePart): MimePart[] {
  const out: MimePart[] = [];
  const stack: MimePart[] = [root];
  while (stack.length > 0) {
    const p = stack.pop() as MimePart;
    out.push(p);
    for (let i = p.children.length - 1; i >= 0; i--) stack.push(p.children[i] as MimePart);
  }
  return out;
}
