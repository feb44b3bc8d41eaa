/**
 * Web Key Directory client (draft-koch-openpgp-webkey-service-18 §3.1): the advanced
 * method (`openpgpkey.<domain>`) first, the direct method only when the advanced host
 * cannot be reached at all. Only user IDs for the looked-up address are kept.
 */
import { CachetError } from '../errors';
import { splitAddress } from './address';
import { foundKeys, type FoundKey } from './found-key';
import { readCapped, send, type FetchLike } from './fetcher';
import { zbase32Encode } from './zbase32';

export type WkdMethod = 'advanced' | 'direct';

/**
 * The WKD hash of a local part: z-base-32 of the SHA-1 of the local part with ASCII
 * upper case mapped to lower case (§3.1 "mapping all upper-case ASCII characters to
 * lower case"; non-ASCII is left as is, as GnuPG does), UTF-8 encoded.
 */
export async function wkdHash(localPart: string): Promise<string> {
  const lowered = localPart.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(lowered));
  return zbase32Encode(new Uint8Array(digest));
}

/** Base URL of the `.well-known/openpgpkey` folder of a domain for one method (no trailing slash). */
export type WkdBase = (domain: string, method: WkdMethod) => string;

/** The standard bases: `https://openpgpkey.D/.well-known/openpgpkey/D` and `https://D/.well-known/openpgpkey`. */
export const standardWkdBase: WkdBase = (domain, method) =>
  method === 'advanced' ? `https://openpgpkey.${domain}/.well-known/openpgpkey/${domain}` : `https://${domain}/.well-known/openpgpkey`;

/** Key URL for an address and method; null if the address is not one plain address. */
export async function wkdUrl(address: string, method: WkdMethod, base: WkdBase = standardWkdBase): Promise<string | null> {
  const parts = splitAddress(address);
  if (!parts) return null;
  // `l=` carries the local part unchanged so a server can map it itself (§3.1).
  return `${base(parts.domain, method)}/hu/${await wkdHash(parts.local)}?l=${encodeURIComponent(parts.local)}`;
}

/** Policy file flags (§4.5); unknown keys are kept as strings. */
export interface WkdPolicy {
  mailboxOnly: boolean;
  daneOnly: boolean;
  authSubmit: boolean;
  protocolVersion: number | null;
  submissionAddress: string | null;
  other: Record<string, string>;
}

/** Parses a policy file: one `keyword[: value]` per line, `#` comments (§4.5). */
export function parseWkdPolicy(text: string): WkdPolicy {
  const policy: WkdPolicy = { mailboxOnly: false, daneOnly: false, authSubmit: false, protocolVersion: null, submissionAddress: null, other: {} };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-z0-9-]+)(?::\s*(.*))?$/i.exec(line);
    if (!m) continue;
    const keyword = m[1]!.toLowerCase();
    const value = (m[2] ?? '').trim();
    if (keyword === 'mailbox-only') policy.mailboxOnly = true;
    else if (keyword === 'dane-only') policy.daneOnly = true;
    else if (keyword === 'auth-submit') policy.authSubmit = true;
    else if (keyword === 'protocol-version') policy.protocolVersion = /^\d+$/.test(value) ? Number(value) : null;
    else if (keyword === 'submission-address') policy.submissionAddress = value || null;
    else policy.other[keyword] = value;
  }
  return policy;
}

export interface WkdOptions {
  fetch: FetchLike;
  base?: WkdBase;
  signal?: AbortSignal;
  now?: Date;
}

/** Fetches the policy file for a domain and method; null when there is none (404). */
export async function fetchWkdPolicy(domain: string, method: WkdMethod, o: WkdOptions): Promise<WkdPolicy | null> {
  const res = await send(o.fetch, `${(o.base ?? standardWkdBase)(domain.toLowerCase(), method)}/policy`, { ...(o.signal ? { signal: o.signal } : {}) });
  if (res.status === 404) return null;
  if (!res.ok) throw new CachetError('LOOKUP_REFUSED', `HTTP ${res.status}`);
  return parseWkdPolicy(new TextDecoder().decode(await readCapped(res, 64 * 1024)));
}

export interface WkdResult {
  method: WkdMethod;
  keys: FoundKey[];
}

async function tryMethod(address: string, method: WkdMethod, o: WkdOptions): Promise<WkdResult> {
  const url = await wkdUrl(address, method, o.base);
  if (!url) throw new CachetError('BAD_REQUEST', 'not an address');
  const res = await send(o.fetch, url, { ...(o.signal ? { signal: o.signal } : {}) });
  if (res.status === 404) return { method, keys: [] };
  if (!res.ok) throw new CachetError('LOOKUP_REFUSED', `HTTP ${res.status}`);
  const body = await readCapped(res);
  if (body.byteLength === 0) return { method, keys: [] };
  const { keys } = await foundKeys(body, address, o.now);
  return { method, keys };
}

/**
 * Looks an address up over WKD. Advanced method first; the direct method only if the
 * advanced host is unreachable (LOOKUP_UNREACHABLE — e.g. no `openpgpkey` sub-domain),
 * as §3.1 says. A 404 means "no key" (empty list). Keys are filtered to the address.
 */
export async function wkdLookup(address: string, o: WkdOptions): Promise<WkdResult> {
  try {
    return await tryMethod(address, 'advanced', o);
  } catch (e) {
    if (!(e instanceof CachetError) || e.code !== 'LOOKUP_UNREACHABLE') throw e;
  }
  return tryMethod(address, 'direct', o);
}
