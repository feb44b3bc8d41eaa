/** RFC 3156 §5 canonical form of signed MIME data. */

/**
 * Converts every bare LF to CRLF and leaves everything else byte for byte as it is
 * (RFC 3156 §5: the signed part is canonicalised to CRLF line endings before hashing;
 * mail stores such as Maildir keep LF only). A lone CR is left alone.
 */
export function canonicalCrlf(bytes: Uint8Array): Uint8Array {
  let bare = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a && bytes[i - 1] !== 0x0d) bare++;
  if (bare === 0) return bytes;
  const out = new Uint8Array(bytes.length + bare);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i] as number;
    if (c === 0x0a && bytes[i - 1] !== 0x0d) out[n++] = 0x0d;
    out[n++] = c;
  }
  return out;
}
