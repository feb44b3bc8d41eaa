/**
 * Turns an armored block that went through a webmail back into strict armor
 * (RFC 9580 §6.2 ASCII armor, §7 cleartext signature framework).
 */
import { CachetError } from '../errors';
import {
  BEGIN_MARKERS,
  END_MARKERS,
  cleanLine,
  dedent,
  indentOf,
  quotePrefix,
  splitLines,
  type ArmorKind,
} from './lines';

/** Largest single armored block Cachet accepts (DS-03). */
export const MAX_ARMOR_CHARS = 50 * 1024 * 1024;

/** Armor headers we keep (RFC 9580 §6.2.2.2); anything else is dropped, not passed on. */
const KEPT_HEADERS = new Set(['Version', 'Comment']);
const MAX_HEADER_VALUE = 256;
/** Hash algorithm names RFC 9580 §9.5 registers for the cleartext `Hash:` header. */
const HASH_NAMES = new Set(['MD5', 'SHA1', 'RIPEMD160', 'SHA256', 'SHA384', 'SHA512', 'SHA224', 'SHA3-256', 'SHA3-512']);
const BASE64_LINE = 64;

/** The strict form of one armored block. */
export interface NormalisedArmor {
  kind: ArmorKind;
  /** Strict armor, LF line endings, ending with a newline. */
  armored: string;
}

/** Marker line → kind, for exact (already cleaned) lines only. */
export function beginKind(line: string): ArmorKind | null {
  for (const [marker, kind] of BEGIN_MARKERS) if (line === marker) return kind;
  return null;
}

function isMarkerLine(line: string): boolean {
  return line.startsWith('-----BEGIN PGP ') || line.startsWith('-----END PGP ');
}

/** String#trim, without allocating for the common case of a line with nothing to trim. */
function trimmed(s: string): string {
  const first = s.charCodeAt(0);
  const last = s.charCodeAt(s.length - 1);
  return first === 0x20 || first === 0x09 || last === 0x20 || last === 0x09 ? s.trim() : s;
}

function malformed(detail: string): CachetError {
  return new CachetError('MALFORMED_ARMOR', detail);
}

/**
 * Repairs one mangled armored block into strict armor: CRLF/CR, trailing and no-break
 * spaces, invisible characters, quoted-reply prefixes, indentation and re-wrapped base64
 * lines are undone. Text before the BEGIN line and after the END line is ignored.
 *
 * Fails closed with `MALFORMED_ARMOR` when the block is not valid armor, including every
 * cleartext header other than a well-formed `Hash:` (SG-09: text before `Hash:` and armor
 * header injection), and with `TOO_LARGE` above {@link MAX_ARMOR_CHARS}.
 */
export function normaliseArmor(text: string): NormalisedArmor {
  if (text.length > MAX_ARMOR_CHARS) throw new CachetError('TOO_LARGE', 'armored block over 50 MiB');
  const raw = splitLines(text);
  let first = -1;
  let depth = 0;
  let indent = 0;
  let kind: ArmorKind | null = null;
  for (let i = 0; i < raw.length && kind === null; i++) {
    const line = cleanLine(raw[i] as string);
    const q = quotePrefix(line);
    const content = line.slice(q.index);
    kind = beginKind(content.trim());
    if (kind) {
      first = i;
      depth = q.depth;
      indent = indentOf(content);
    }
  }
  if (kind === null) throw malformed('no BEGIN PGP line');
  const lines: string[] = [];
  for (let i = first + 1; i < raw.length; i++) {
    const line = cleanLine(raw[i] as string);
    const q = quotePrefix(line, depth);
    lines.push(dedent(line.slice(q.index), indent));
  }
  if (kind === 'signed-message') return { kind, armored: normaliseCleartext(lines) };
  const { out } = normaliseBase64Section(lines, 0, kind);
  return { kind, armored: out };
}

/**
 * Parses armor headers, base64 data and checksum from `lines[from…]` up to the END line of
 * `kind`, returning strict armor (BEGIN line included) and the index after the END line.
 */
function normaliseBase64Section(lines: readonly string[], from: number, kind: ArmorKind): { out: string; next: number } {
  const end = END_MARKERS[kind];
  const begin = BEGIN_MARKERS.find(([, k]) => k === kind)?.[0] as string;
  const headers: string[] = [];
  let i = from;
  while (i < lines.length && (lines[i] as string).trim() === '') i++;
  for (; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    const h = /^([A-Za-z][A-Za-z0-9-]{0,63}): ?(.*)$/.exec(line);
    if (!h) break;
    const [, key, value] = h as unknown as [string, string, string];
    if (KEPT_HEADERS.has(key) && value.length <= MAX_HEADER_VALUE && /^[\x20-\x7e]*$/.test(value)) {
      headers.push(`${key}: ${value}`);
    }
  }
  const data: string[] = [];
  let checksum: string | null = null;
  let closed = false;
  for (; i < lines.length; i++) {
    const line = trimmed(lines[i] as string);
    if (line === end) {
      closed = true;
      i++;
      break;
    }
    if (isMarkerLine(line)) throw malformed('unexpected armor line inside a block');
    if (line.length === 0) continue;
    if (checksum !== null) throw malformed('data after the checksum line');
    // A line of exactly "=XXXX" after data is the CRC-24 checksum (RFC 9580 §6.1).
    if (line.length === 5 && line[0] === '=' && data.length > 0) {
      checksum = line.slice(1);
      continue;
    }
    data.push(line.includes(' ') || line.includes('\t') ? line.replace(/[ \t]+/g, '') : line);
  }
  if (!closed) throw malformed('missing END line');
  let total = 0;
  for (const d of data) total += d.length;
  let last = data.length > 0 ? (data[data.length - 1] as string) : '';
  if (checksum === null) {
    // Re-wrapping can glue the checksum onto the last data line: "…AB==" + "=XXXX".
    const m = /=([A-Za-z0-9+/]{4})$/.exec(last);
    if (m && (total - 5) % 4 === 0) {
      checksum = m[1] as string;
      last = last.slice(0, -5);
      data[data.length - 1] = last;
      total -= 5;
    }
  }
  if (total === 0) throw malformed('no data');
  // Checked line by line: '=' padding may only end the last line (RFC 4648 §4).
  for (let d = 0; d < data.length - 1; d++) if (!/^[A-Za-z0-9+/]*$/.test(data[d] as string)) throw malformed('invalid base64');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(last) || total % 4 === 1) throw malformed('invalid base64');
  if (checksum !== null && !/^[A-Za-z0-9+/]{4}$/.test(checksum)) throw malformed('invalid checksum line');
  const out: string[] = [begin, ...headers, ''];
  if (data.every((d, k) => (k < data.length - 1 ? d.length === BASE64_LINE : d.length <= BASE64_LINE && d.length > 0))) {
    for (const d of data) out.push(d); // already strict: no copy of a possibly huge body
  } else {
    const body = data.join('');
    for (let p = 0; p < body.length; p += BASE64_LINE) out.push(body.slice(p, p + BASE64_LINE));
  }
  if (checksum !== null) out.push(`=${checksum}`);
  out.push(end, '');
  return { out: out.join('\n'), next: i };
}

/** RFC 9580 §7: `Hash:` headers only, one blank line, dash-escaped text, then a signature. */
function normaliseCleartext(lines: readonly string[]): string {
  const headers: string[] = [];
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') break;
    // SG-09: anything other than a well-formed Hash header here is text the signature does
    // not cover being shown as if it were part of the message, or a header injection.
    const m = /^Hash: ?([A-Za-z0-9-]+(?:, ?[A-Za-z0-9-]+)*)$/.exec(line.trim());
    if (!m) throw malformed('cleartext header other than Hash');
    const names = (m[1] as string).split(',').map((n) => n.trim());
    if (!names.every((n) => HASH_NAMES.has(n.toUpperCase()))) throw malformed('unknown Hash algorithm');
    headers.push(`Hash: ${names.join(',')}`);
  }
  if (i >= lines.length) throw malformed('cleartext without text');
  i++;
  const text: string[] = [];
  for (; i < lines.length; i++) {
    const line = lines[i] as string;
    // Exact comparison: signed text is kept as written, and RFC 9580 §7.1 dash-escapes
    // every text line starting with '-', so only a real signature line can match.
    if (line === '-----BEGIN PGP SIGNATURE-----') break;
    if (isMarkerLine(line)) throw malformed('unexpected armor line in signed text');
    text.push(line);
  }
  if (i >= lines.length) throw malformed('cleartext without signature');
  const sig = normaliseBase64Section(lines, i + 1, 'signature');
  return ['-----BEGIN PGP SIGNED MESSAGE-----', ...headers, '', ...text, sig.out].join('\n');
}
