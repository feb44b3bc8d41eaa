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
  return decoder.decode(bytes);
}

/** One byte per char (ISO-8859-1 view): how we look at header and boundary bytes. */
export function binaryString(bytes: Uint8Array): string {
  let out = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) out += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return out;
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
export function decodeHeaderBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
