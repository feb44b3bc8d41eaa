/**
 * Client for the Verifying Key Server API of keys.openpgp.org (https://keys.openpgp.org/about/api):
 * `/vks/v1/by-fingerprint/`, `/by-keyid/`, `/by-email/`, `upload`, `request-verify`.
 * Served by keys.openpgp.org, Hagrid instances and the Cachet vault directory.
 */
import { CachetError } from '../errors';
import { readCapped, send, type FetchLike, type ResponseLike } from './fetcher';
import { foundKeys, type FoundKey } from './found-key';

export interface VksOptions {
  fetch: FetchLike;
  /** Base URL from `keyServerBase` (e.g. `https://keys.openpgp.org`). */
  base: string;
  signal?: AbortSignal;
  now?: Date;
}

/** Publication state of one address as VKS reports it. */
export type VksAddressStatus = 'unpublished' | 'pending' | 'published' | 'revoked';

/** Answer of `upload` and `request-verify`. */
export interface VksUploadResult {
  fingerprint: string;
  /** Opaque token for `request-verify`; never shown, kept only to ask for verification. */
  token: string;
  status: Record<string, VksAddressStatus>;
}

const HEX = /^[0-9A-F]+$/;
const STATES: ReadonlySet<string> = new Set(['unpublished', 'pending', 'published', 'revoked']);

function init(o: VksOptions, extra: { method?: string; headers?: Record<string, string>; body?: string } = {}): Parameters<FetchLike>[1] {
  return { ...extra, ...(o.signal ? { signal: o.signal } : {}) };
}

async function keysFrom(res: ResponseLike, address: string | null, now?: Date): Promise<FoundKey[]> {
  if (res.status === 404) return [];
  if (!res.ok) throw new CachetError('LOOKUP_REFUSED', `HTTP ${res.status}`);
  return (await foundKeys(await readCapped(res), address, now)).keys;
}

/** `GET /vks/v1/by-fingerprint/<FPR>`: full upper-case hex fingerprint (v4 40, v6 64 digits). */
export async function vksByFingerprint(fingerprint: string, o: VksOptions): Promise<FoundKey[]> {
  const fpr = fingerprint.replace(/\s+/g, '').toUpperCase();
  if (!HEX.test(fpr) || (fpr.length !== 40 && fpr.length !== 64)) throw new CachetError('BAD_REQUEST', 'not a fingerprint');
  const keys = await keysFrom(await send(o.fetch, `${o.base}/vks/v1/by-fingerprint/${fpr}`, init(o)), null, o.now);
  // A server answering another key for a fingerprint is lying (VS-03): keep only the asked one.
  return keys.filter((k) => k.fingerprint === fpr);
}

/** `GET /vks/v1/by-keyid/<KEYID>`: 16 hex digits. Key IDs collide (KM-05): the caller shows fingerprints. */
export async function vksByKeyId(keyId: string, o: VksOptions): Promise<FoundKey[]> {
  const id = keyId.replace(/^0x/i, '').toUpperCase();
  if (!HEX.test(id) || id.length !== 16) throw new CachetError('BAD_REQUEST', 'not a key ID');
  const keys = await keysFrom(await send(o.fetch, `${o.base}/vks/v1/by-keyid/${id}`, init(o)), null, o.now);
  return keys.filter((k) => k.info.keyId === id || k.info.subkeys.some((s) => s.keyId === id));
}

/** `GET /vks/v1/by-email/<address>`: exact match; only user IDs for that address are kept. */
export async function vksByEmail(address: string, o: VksOptions): Promise<FoundKey[]> {
  return keysFrom(await send(o.fetch, `${o.base}/vks/v1/by-email/${encodeURIComponent(address)}`, init(o)), address, o.now);
}

function parseUploadResult(json: unknown): VksUploadResult {
  const j = json as { key_fpr?: unknown; token?: unknown; status?: unknown };
  if (typeof j?.key_fpr !== 'string' || typeof j.token !== 'string' || typeof j.status !== 'object' || j.status === null) {
    throw new CachetError('LOOKUP_REFUSED', 'unexpected answer');
  }
  const status: Record<string, VksAddressStatus> = {};
  for (const [addr, state] of Object.entries(j.status as Record<string, unknown>)) {
    if (typeof state === 'string' && STATES.has(state)) status[addr.toLowerCase()] = state as VksAddressStatus;
  }
  return { fingerprint: j.key_fpr.toUpperCase(), token: j.token, status };
}

async function postJson(path: string, body: unknown, o: VksOptions): Promise<VksUploadResult> {
  const res = await send(o.fetch, `${o.base}${path}`, init(o, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
  const text = new TextDecoder().decode(await readCapped(res, 64 * 1024));
  if (!res.ok) throw new CachetError('LOOKUP_REFUSED', `HTTP ${res.status}`);
  try {
    return parseUploadResult(JSON.parse(text));
  } catch (e) {
    if (e instanceof CachetError) throw e;
    throw new CachetError('LOOKUP_REFUSED', 'unexpected answer');
  }
}

/** `POST /vks/v1/upload` with an armored PUBLIC key (the caller never passes a secret key). */
export async function vksUpload(armoredPublicKey: string, o: VksOptions): Promise<VksUploadResult> {
  if (/-----BEGIN PGP PRIVATE KEY BLOCK-----/.test(armoredPublicKey)) throw new CachetError('BAD_REQUEST', 'secret key');
  return postJson('/vks/v1/upload', { keytext: armoredPublicKey }, o);
}

/** `POST /vks/v1/request-verify`: asks the server to mail a verification link to each address. */
export async function vksRequestVerify(token: string, addresses: string[], o: VksOptions, locale: string[] = []): Promise<VksUploadResult> {
  return postJson('/vks/v1/request-verify', { token, addresses, ...(locale.length ? { locale } : {}) }, o);
}
