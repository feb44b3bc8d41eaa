/** Text decoding for mail: charsets by label, never throwing on bad bytes (U+FFFD instead). */

/** Labels mail uses that TextDecoder does not know under that name. */
const ALIASES: Readonly<Record<string, string>> = {
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  latin1: 'windows-1252',
  'x-unknown': 'utf-8',
  unknown: 'utf-8',
  utf8: 'utf-8',
};

/**
 * Decodes `bytes` in `charset` (default UTF-8). Unknown charsets fall back to UTF-8 with
 * replacement characters, so hostile labels cannot make decoding fail.
 */
export function decodeText(bytes: Uint8Array, charset?: string | null): string {
  const label = (charset ?? 'utf-8').trim().toLowerCase();
  const name = ALIASES[label] ?? label;
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(name, { fatal: false });
  } catch {
    decoder = new TextDecoder('utf-8', { fatal: false });
  }
  return decoder.encoding === 'windows-1252' ? decodeWindows1252(bytes) : decoder.decode(bytes);
}

/** Windows-1252 0x80-0x9F (WHATWG Encoding); unassigned bytes map to the C1 control of the same value. */
const CP1252_HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * Node's TextDecoder decodes the windows-1252 label as ISO-8859-1 (0x80 → U+0080), browsers
 * as real Windows-1252 (0x80 → €). Decoding it ourselves gives the same text everywhere.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    let s = '';
    const end = Math.min(bytes.length, i + chunk);
    for (let j = i; j < end; j++) {
      const b = bytes[j] as number;
      s += b >= 0x80 && b <= 0x9f ? (CP1252_HIGH[b - 0x80] as string) : String.fromCharCode(b);
    }
    parts.push(s);
  }
  return parts.join('');
}

/** One byte per char (ISO-8859-1 view): how we look at header and boundary bytes. */
export function binaryString(bytes: Uint8Array): string {
  const parts: string[] = [];
  const chunk = 0x2000;
  // apply() takes the typed array as is; spreading it would go through the iterator.
  for (let i = 0; i < bytes.length; i += chunk) parts.push(String.fromCharCode.apply(null, bytes.subarray(i, i + chunk) as unknown as number[]));
  return parts.join('');
}

/** Inverse of binaryString (chars above 0xFF are not expected and are truncated). */
export function binaryBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

/**
 * Header bytes as text: UTF-8 when valid (RFC 6532 internationalised headers), else
 * Windows-1252 (8-bit headers from old clients).
 */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

export function decodeHeaderBytes(bytes: Uint8Array): string {
  // Most header lines are ASCII: skip the decoder (and its exception path) for them.
  if (bytes.every((b) => b < 0x80)) return STRICT_UTF8.decode(bytes);
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    return decodeWindows1252(bytes);
  }
}
