/**
 * Same-origin downloads of raw parts for the Roundcube adapter, bounded: never more than
 * the cap is read (DS-03), whatever Content-Length says or omits.
 */

/** Largest raw part fetched (DS-03: caps; the background caps again). */
export const MAX_PART_BYTES = 25 * 1024 * 1024;

export type FetchedBytes = { bytes: Uint8Array } | { tooLarge: true };
export type BytesFetcher = (url: string, cap: number) => Promise<FetchedBytes>;

/**
 * Bytes → binary string, one char per byte. Not `res.text()` (UTF-8 decoding turns 8-bit
 * ISO-8859-1 bytes into U+FFFD and breaks RFC 3156 §5 verification of such parts), nor
 * TextDecoder('latin1') (WHATWG maps that label to windows-1252: 0x80–0x9F change).
 */
export function binaryString(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x2000) out += String.fromCharCode(...bytes.subarray(i, i + 0x2000));
  return out;
}

/** GET with the user's session cookie; stops reading (and cancels) once past `cap` bytes. */
export const fetchBytes: BytesFetcher = async (url, cap) => {
  const res = await fetch(url, { credentials: 'same-origin', redirect: 'error' });
  if (!res.ok || !res.body) throw new Error(`attachment download failed (${res.status})`);
  if (Number(res.headers.get('content-length')) > cap) {
    void res.body.cancel().catch(() => undefined);
    return { tooLarge: true };
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > cap) {
      void reader.cancel().catch(() => undefined);
      return { tooLarge: true };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return { bytes };
};
