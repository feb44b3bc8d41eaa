/**
 * HKP client (draft-shaw-openpgp-hkp-00 / draft-gallagher-openpgp-hkp): `op=get`,
 * `op=index&options=mr` and `POST /pks/add`, as GnuPG's dirmngr speaks it. Served by
 * SKS/Hockeypuck, keys.openpgp.org and the Cachet vault directory.
 */
import { CachetError } from '../errors';
import { readCapped, send, type FetchLike } from './fetcher';
import { foundKeys, type FoundKey } from './found-key';
import { parseHkpIndex, type HkpIndexEntry } from './hkp-index';

export interface HkpOptions {
  fetch: FetchLike;
  /** Base URL from `keyServerBase` (`hkps://h` → `https://h`). */
  base: string;
  signal?: AbortSignal;
  now?: Date;
}

/** What to search: an address (exact match) or a full fingerprint (`0x…`, as gpg sends it). */
export type HkpSearch = { email: string } | { fingerprint: string };

function searchText(s: HkpSearch): string {
  if ('email' in s) return s.email;
  const fpr = s.fingerprint.replace(/\s+/g, '').toUpperCase();
  if (!/^[0-9A-F]{40}$|^[0-9A-F]{64}$/.test(fpr)) throw new CachetError('BAD_REQUEST', 'not a fingerprint');
  return `0x${fpr}`;
}

function lookupUrl(op: 'get' | 'index', s: HkpSearch, base: string): string {
  // `exact=on` asks SKS-style servers for exact matching; servers that do not know it ignore it.
  return `${base}/pks/lookup?op=${op}&options=mr&exact=on&search=${encodeURIComponent(searchText(s))}`;
}

/** `op=get`: keys matching the search; for an address only its user IDs are kept, for a fingerprint only that key. */
export async function hkpGet(s: HkpSearch, o: HkpOptions): Promise<FoundKey[]> {
  const res = await send(o.fetch, lookupUrl('get', s, o.base), o.signal ? { signal: o.signal } : undefined);
  if (res.status === 404) return [];
  if (!res.ok) throw new CachetError('LOOKUP_REFUSED', `HTTP ${res.status}`);
  const { keys } = await foundKeys(await readCapped(res), 'email' in s ? s.email : null, o.now);
  if ('email' in s) return keys;
  const want = searchText(s).slice(2);
  return keys.filter((k) => k.fingerprint === want);
}

/** `op=index&options=mr`: the parsed index (empty on 404). */
export async function hkpIndex(s: HkpSearch, o: HkpOptions): Promise<HkpIndexEntry[]> {
  const res = await send(o.fetch, lookupUrl('index', s, o.base), o.signal ? { signal: o.signal } : undefined);
  if (res.status === 404) return [];
  if (!res.ok) throw new CachetError('LOOKUP_REFUSED', `HTTP ${res.status}`);
  return parseHkpIndex(new TextDecoder().decode(await readCapped(res)));
}

/** `POST /pks/add` with `keytext=` (form-encoded) of an armored PUBLIC key. */
export async function hkpAdd(armoredPublicKey: string, o: HkpOptions): Promise<void> {
  if (/-----BEGIN PGP PRIVATE KEY BLOCK-----/.test(armoredPublicKey)) throw new CachetError('BAD_REQUEST', 'secret key');
  const res = await send(o.fetch, `${o.base}/pks/add`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `keytext=${encodeURIComponent(armoredPublicKey)}`,
    ...(o.signal ? { signal: o.signal } : {}),
  });
  if (!res.ok) throw new CachetError('LOOKUP_REFUSED', `HTTP ${res.status}`);
}
