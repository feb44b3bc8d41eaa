/**
 * The vault address the user typed, checked (VS-08): HTTPS, except plain HTTP to a
 * loopback host (a vault on this computer, as `npm run vault` starts it). No
 * credentials, query or fragment; the result is the origin plus path, no trailing slash.
 */
import { CachetError } from '../../core/errors';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function isLoopback(hostname: string): boolean {
  return LOOPBACK.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

export function normaliseVaultUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new CachetError('BAD_REQUEST', 'not a URL');
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new CachetError('BAD_REQUEST', 'the vault address carries no credentials, query or fragment');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    throw new CachetError('VAULT_INSECURE_URL');
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
