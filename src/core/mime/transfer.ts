/** Content-Transfer-Encoding decoders and encoders (RFC 2045 §6). */
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_VALUE = new Int16Array(256).fill(-1);
for (let i = 0; i < B64.length; i++) B64_VALUE[B64.charCodeAt(i)] = i;

/** Lenient base64 decode (RFC 2045 §6.8): characters outside the alphabet are ignored, '=' ends the data. */
export function decodeBase64(input: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.floor((input.length * 3) / 4) + 3);
  let n = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < input.length; i++) {
    const c = input[i] as number;
    if (c === 0x3d) break;
    const v = B64_VALUE[c] as number;
    if (v < 0) continue;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  return out.slice(0, n);
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/**
 * Quoted-printable decode (RFC 2045 §6.7): `=XX` escapes, soft line breaks `=` at line end
 * (trailing whitespace before them allowed); malformed escapes are kept literally.
 */
export function decodeQuotedPrintable(input: Uint8Array): Uint8Array {
  const out = new Uint8Array(input.length);
  let n = 0;
  for (let i = 0; i < input.length; i++) {
    const c = input[i] as number;
    if (c !== 0x3d) {
      out[n++] = c;
      continue;
    }
    const h = hexValue(input[i + 1] ?? -1);
    const l = hexValue(input[i + 2] ?? -1);
    if (h >= 0 && l >= 0) {
      out[n++] = (h << 4) | l;
      i += 2;
      continue;
    }
    // Soft line break: '=' then optional spaces/tabs then CRLF or LF.
    let j = i + 1;
    while (input[j] === 0x20 || input[j] === 0x09) j++;
    if (input[j] === 0x0d && input[j + 1] === 0x0a) {
      i = j + 1;
    } else if (input[j] === 0x0a) {
      i = j;
    } else if (j >= input.length) {
      i = j;
    } else {
      out[n++] = c;
    }
  }
  return out.slice(0, n);
}

/** Decodes a body by its Content-Transfer-Encoding; unknown encodings are returned as is. */
export function decodeTransfer(body: Uint8Array, encoding: string): Uint8Array {
  switch (encoding) {
    case 'base64':
      return decodeBase64(body);
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    default:
      return body;
  }
}

/** Base64 with CRLF every 76 characters (RFC 2045 §6.8). */
export function encodeBase64Lines(data: Uint8Array): string {
  const lines: string[] = [];
  const step = 57; // 57 bytes → 76 characters
  for (let i = 0; i < data.length; i += step) lines.push(base64(data.subarray(i, i + step)));
  return lines.join('\r\n');
}

function base64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const v = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += B64[(v >> 18) & 63] as string;
    out += B64[(v >> 12) & 63] as string;
    out += b === undefined ? '=' : (B64[(v >> 6) & 63] as string);
    out += c === undefined ? '=' : (B64[v & 63] as string);
  }
  return out;
}

/**
 * Quoted-printable encoding of text (RFC 2045 §6.7) with CRLF line breaks, lines ≤ 76
 * characters. Also escapes what RFC 3156 §3 asks of signed data: trailing whitespace, and
 * "From " and "-" at the start of a line (mail agents rewrite both).
 */
export function encodeQuotedPrintable(text: string): string {
  const lines = text.split(/\r\n|\r|\n/);
  return lines.map((l) => encodeQpLine(new TextEncoder().encode(l))).join('\r\n');
}

function encodeQpLine(bytes: Uint8Array): string {
  const out: string[] = [];
  let line = '';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i] as number;
    const last = i === bytes.length - 1;
    const literal = c !== 0x3d && c <= 0x7e && (c >= 0x20 || c === 0x09) && !((c === 0x20 || c === 0x09) && last);
    let tok = literal ? String.fromCharCode(c) : hex(c);
    // Keep room for the soft break '=' so no encoded line exceeds 76 characters.
    if (line.length + tok.length > (last ? 76 : 75)) {
      out.push(`${line}=`);
      line = '';
    }
    if (line.length === 0 && literal && (c === 0x2d || (c === 0x46 && startsWithFrom(bytes, i)))) tok = hex(c);
    line += tok;
  }
  out.push(line);
  return out.join('\r\n');
}

function hex(c: number): string {
  return `=${c.toString(16).toUpperCase().padStart(2, '0')}`;
}

function startsWithFrom(bytes: Uint8Array, i: number): boolean {
  return String.fromCharCode(...bytes.subarray(i, i + 5)) === 'From ';
}

/** True if `text` can go as 7bit: ASCII, no control characters but tab, lines ≤ 76, no trailing whitespace. */
export function isSafe7bit(text: string): boolean {
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line.length > 76 || /[ \t]$/.test(line) || /^(From |-)/.test(line)) return false;
    if (/[^\x20-\x7e\t]/.test(line)) return false;
  }
  return true;
}
