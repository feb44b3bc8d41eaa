/**
 * Key-server base URLs: HTTPS only, except loopback (tests, a vault on this machine),
 * mirroring the vault rule VS-08. `hkp://`/`hkps://` are accepted as GnuPG users write them.
 */
import { CachetError } from '../errors';

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * Normalises a key-server address to an origin-plus-path base without a trailing slash:
 * `hkps://h` → `https://h`, `hkp://127.0.0.1:11371` → `http://127.0.0.1:11371`.
 * Throws LOOKUP_INSECURE_URL for plain HTTP (or hkp://) to a non-loopback host, BAD_REQUEST
 * for anything that is not an http(s)/hkp(s) URL, or one with credentials, query or fragment.
 */
export function keyServerBase(input: string): string {
  let url: URL;
  const text = input.trim().replace(/^hkps:\/\//i, 'https://').replace(/^hkp:\/\//i, 'http://');
  try {
    url = new URL(text);
  } catch {
    throw new CachetError('BAD_REQUEST', 'not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new CachetError('BAD_REQUEST', 'not an http(s) URL');
  if (url.username || url.password || url.search || url.hash) throw new CachetError('BAD_REQUEST', 'URL with credentials, query or fragment');
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) throw new CachetError('LOOKUP_INSECURE_URL', url.host);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
