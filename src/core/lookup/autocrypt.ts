/**
 * Autocrypt Level 1 header (https://autocrypt.org/level1.html §2.1, §2.3):
 *
 *     Autocrypt: addr=alice@example.org; prefer-encrypt=mutual; keydata=<base64 of a binary key>
 *
 * Parsing is strict where the spec says so: `addr` and `keydata` required, unknown
 * attributes not starting with `_` make the header invalid, `prefer-encrypt` is `mutual`
 * or "no preference". A header is only worth anything when its `addr` equals the From
 * address — that check, and validating the key, is the caller's (the background's).
 */
import * as openpgp from 'openpgp';
import { fromBase64, toBase64 } from '../keys/armor';
import { pgpConfig } from '../openpgp-config';
import { keepUserIdsFor } from './found-key';

export type PreferEncrypt = 'mutual' | 'nopreference';

export interface AutocryptHeader {
  /** The address as written (compare case-insensitively). */
  addr: string;
  preferEncrypt: PreferEncrypt;
  /** Binary OpenPGP key packets. */
  keydata: Uint8Array;
}

/** Largest header value we parse (a minimal 25519 key is ~0.5 KB, RSA 4096 ~2.5 KB; keys.openpgp.org caps at 1 MiB). */
export const MAX_AUTOCRYPT_HEADER = 64 * 1024;

/**
 * Parses the VALUE of one `Autocrypt:` header (unfolded or folded). Returns null for an
 * invalid header (missing/duplicate attributes, unknown critical attribute, bad base64,
 * over the cap) — Autocrypt says such headers are ignored, not errors.
 */
export function parseAutocryptHeader(value: string): AutocryptHeader | null {
  if (value.length > MAX_AUTOCRYPT_HEADER) return null;
  const attrs = new Map<string, string>();
  for (const part of value.replace(/\r?\n[ \t]/g, ' ').split(';')) {
    const trimmed = part.trim();
    if (!trimmed) continue;
    const eq = trimmed.indexOf('=');
    if (eq <= 0) return null;
    const name = trimmed.slice(0, eq).trim().toLowerCase();
    if (attrs.has(name)) return null;
    attrs.set(name, trimmed.slice(eq + 1).trim());
  }
  for (const name of attrs.keys()) {
    if (name !== 'addr' && name !== 'prefer-encrypt' && name !== 'keydata' && !name.startsWith('_')) return null; // §2.1 critical attribute
  }
  const addr = attrs.get('addr');
  const keydataText = attrs.get('keydata');
  if (!addr || !keydataText || !/^[^\s@<>]+@[^\s@<>]+$/u.test(addr)) return null;
  if (!/^[A-Za-z0-9+/=\s]+$/.test(keydataText)) return null;
  let keydata: Uint8Array;
  try {
    keydata = fromBase64(keydataText);
  } catch {
    return null;
  }
  if (keydata.byteLength === 0) return null;
  return { addr, preferEncrypt: attrs.get('prefer-encrypt') === 'mutual' ? 'mutual' : 'nopreference', keydata };
}

/**
 * Picks the header that counts among all `Autocrypt:` values of a message whose From is
 * `from` (§2.3): headers whose addr differs from From are ignored; more than one valid
 * matching header means none counts.
 */
export function autocryptHeaderFor(values: readonly string[], from: string): AutocryptHeader | null {
  const matching = values.map(parseAutocryptHeader).filter((h): h is AutocryptHeader => h !== null && h.addr.toLowerCase() === from.toLowerCase());
  return matching.length === 1 ? matching[0]! : null;
}

/**
 * Produces a header VALUE. With `fold` the keydata is broken into lines of 76 characters
 * starting with a space, so the whole header fits RFC 5322 §2.1.1's 78-character lines.
 */
export function formatAutocryptHeader(h: AutocryptHeader, fold = true): string {
  const b64 = toBase64(h.keydata);
  const head = `addr=${h.addr};${h.preferEncrypt === 'mutual' ? ' prefer-encrypt=mutual;' : ''} keydata=`;
  if (!fold) return head + b64;
  const lines = b64.match(/.{1,76}/g) ?? [];
  return `${head}\r\n ${lines.join('\r\n ')}`;
}

/**
 * The minimal key Autocrypt wants in keydata (§2.1.1): primary key, the user ID(s) for
 * `address` with their self-signatures, and the one encryption subkey OpenPGP.js would
 * use; no third-party certifications. Returns the binary packets.
 */
export async function autocryptKeydata(key: openpgp.Key, address: string, now = new Date()): Promise<Uint8Array> {
  const copy = await openpgp.readKey({ binaryKey: key.toPublic().write(), config: pgpConfig });
  if (!keepUserIdsFor(copy, address)) throw new RangeError('no user ID for the address');
  for (const u of copy.users) u.otherCertifications = [];
  const enc = await copy.getEncryptionKey(undefined, now, undefined, pgpConfig);
  copy.subkeys = copy.subkeys.filter((s) => s.getFingerprint() === enc.getFingerprint());
  return copy.write();
}

/** Per-address Autocrypt peer state (§2.3 "peers"), what the background stores. */
export interface AutocryptPeer {
  addr: string;
  /** ISO times. `lastSeen` moves with every message; `autocryptTimestamp` only with a header. */
  lastSeen: string;
  autocryptTimestamp: string;
  preferEncrypt: PreferEncrypt;
  /** Base64 keydata as received (validated by the caller before storing). */
  keydata: string;
}

/**
 * The §2.3 update: the message date is clamped to `now` (future dates are not trusted);
 * a message older than what we already saw changes nothing; otherwise `lastSeen` moves
 * and, with a header, the key and preference are replaced. Returns the new state, or the
 * old one unchanged (same object) when nothing changes. A message without header never
 * creates a peer.
 */
export function updateAutocryptPeer(prev: AutocryptPeer | null, header: AutocryptHeader | null, messageDate: Date, now: Date): AutocryptPeer | null {
  const effective = new Date(Math.min(messageDate.getTime(), now.getTime())).toISOString();
  if (prev && effective <= prev.lastSeen && (!header || effective <= prev.autocryptTimestamp)) return prev;
  if (!header) return prev ? { ...prev, lastSeen: effective > prev.lastSeen ? effective : prev.lastSeen } : null;
  if (prev && effective <= prev.autocryptTimestamp) return prev;
  return {
    addr: header.addr.toLowerCase(),
    lastSeen: prev && prev.lastSeen > effective ? prev.lastSeen : effective,
    autocryptTimestamp: effective,
    preferEncrypt: header.preferEncrypt,
    keydata: toBase64(header.keydata),
  };
}
