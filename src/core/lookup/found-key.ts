/**
 * Turns bytes a directory returned into public keys fit to show: parsed with the import
 * caps (DS-03/DS-04, KM-07), secret parts dropped, and — when the look-up was by address —
 * only the user IDs for that address kept (WKD draft §3.1 says a client SHOULD filter;
 * keys.openpgp.org serves only verified addresses anyway). A key with no matching user ID
 * is not a key for that address and is dropped.
 */
import type * as openpgp from 'openpgp';
import { describeKey } from '../keys/describe';
import type { KeyInfo } from '../keys/model';
import { readKeyMaterial, type Refusal } from '../keys/read';
import { pgpConfig } from '../openpgp-config';
import { sameAddress } from './address';

/** A public key a directory returned, ready for the UI and for import. */
export interface FoundKey {
  fingerprint: string;
  /** ASCII-armored public key (filtered to the looked-up address when there was one). */
  armored: string;
  info: KeyInfo;
}

function userIdAddress(user: openpgp.User): string | null {
  const packet = user.userID;
  if (!packet) return null; // user attribute (photo): never kept
  if (packet.email) return packet.email;
  return /<([^<>\s]+@[^<>\s]+)>\s*$/u.exec(packet.userID)?.[1] ?? (/^[^<>\s]+@[^<>\s]+$/u.test(packet.userID) ? packet.userID : null);
}

/** Keeps the user IDs of `key` whose address equals `address` (case-insensitive); false if none. */
export function keepUserIdsFor(key: openpgp.Key, address: string): boolean {
  const kept = key.users.filter((u) => {
    const a = userIdAddress(u);
    return a !== null && sameAddress(a, address);
  });
  if (kept.length === 0) return false;
  key.users = kept;
  return true;
}

/**
 * Parses a directory answer. `address` given: keys without a user ID for it are dropped and
 * other user IDs removed. Keys that are refused (weak, invalid) are returned in `refused`.
 * Throws MALFORMED_ARMOR / NO_KEY_FOUND / TOO_LARGE like an import.
 */
export async function foundKeys(data: string | Uint8Array, address: string | null, now = new Date()): Promise<{ keys: FoundKey[]; refused: Refusal[] }> {
  const { keys, refused } = await readKeyMaterial(data);
  const out: FoundKey[] = [];
  for (const parsed of keys) {
    const key = parsed.key.isPrivate() ? parsed.key.toPublic() : parsed.key;
    if (address !== null && !keepUserIdsFor(key, address)) continue;
    const info = await describeKey(key, now);
    if (info.status === 'invalid') {
      refused.push({ label: info.fingerprint, code: 'KEY_INVALID' });
      continue;
    }
    if (address !== null && !info.emails.some((e) => sameAddress(e, address))) continue; // no VALID user ID left (KM-03)
    out.push({ fingerprint: info.fingerprint, armored: key.armor(pgpConfig), info });
  }
  return { keys: out, refused };
}
