/** Header sections of MIME entities (RFC 5322 §2.2, RFC 2045 §3). */
import { CachetError } from '../errors';
import { decodeHeaderBytes } from './charset';
import { decodeEncodedWords } from './encoded-words';

/** One header field as received: name as written, value unfolded (CRLF removed, RFC 5322 §2.2.3). */
export interface MimeHeader {
  name: string;
  value: string;
}

/** Most header fields in one entity; more is an attack, not mail. */
export const MAX_HEADERS = 1000;

const LF = 0x0a;
const CR = 0x0d;

/** True if `line` looks like `Name:` with a valid field name (printable ASCII but ':'). */
function fieldName(line: string): string | null {
  const colon = line.indexOf(':');
  if (colon <= 0) return null;
  const name = line.slice(0, colon).trimEnd();
  return /^[!-9;-~]+$/.test(name) ? name : null;
}

/**
 * Splits an entity into its header fields and the offset where its body starts (after the
 * first empty line). An entity that does not start with a header field has no headers.
 */
export function splitHeaders(bytes: Uint8Array): { headers: MimeHeader[]; bodyStart: number } {
  const headers: MimeHeader[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    let end = bytes.indexOf(LF, pos);
    const next = end < 0 ? bytes.length : end + 1;
    if (end < 0) end = bytes.length;
    const lineEnd = end > pos && bytes[end - 1] === CR ? end - 1 : end;
    if (lineEnd === pos) return { headers, bodyStart: next };
    const line = decodeHeaderBytes(bytes.subarray(pos, lineEnd));
    const prev = headers[headers.length - 1];
    if ((line[0] === ' ' || line[0] === '\t') && prev) {
      prev.value += line;
    } else {
      const name = fieldName(line);
      if (name === null) {
        // Not a header: without any header yet this is body text (a part without headers).
        if (headers.length === 0) return { headers, bodyStart: 0 };
      } else {
        if (headers.length >= MAX_HEADERS) throw new CachetError('TOO_LARGE', 'too many MIME header fields');
        headers.push({ name, value: line.slice(line.indexOf(':') + 1) });
      }
    }
    pos = next;
  }
  return { headers, bodyStart: bytes.length };
}

/** The first header `name` (case-insensitive), trimmed, or null. Encoded words are left as sent. */
export function rawHeader(headers: readonly MimeHeader[], name: string): string | null {
  const lower = name.toLowerCase();
  const h = headers.find((x) => x.name.toLowerCase() === lower);
  return h ? h.value.trim() : null;
}

/** The first header `name` with RFC 2047 encoded words decoded (for Subject, names to display), or null. */
export function headerText(headers: readonly MimeHeader[], name: string): string | null {
  const v = rawHeader(headers, name);
  return v === null ? null : decodeEncodedWords(v);
}
