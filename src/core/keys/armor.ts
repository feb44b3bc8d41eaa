/** Small synchronous helpers for presenting and transporting key material. */

/** Standard base64 of bytes (no line breaks). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

/** Decodes standard base64 (whitespace ignored). Throws on invalid input. */
export function fromBase64(text: string): Uint8Array {
  const binary = atob(text.replace(/\s+/g, ''));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** "ABCD EF01 …": a fingerprint in groups of four, upper case, for people to compare. */
export function fingerprintGroups(fpr: string): string {
  const clean = fpr.replace(/\s+/g, '').toUpperCase();
  return (clean.match(/.{1,4}/g) ?? []).join(' ');
}
