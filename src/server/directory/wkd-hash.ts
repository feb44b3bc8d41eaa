/**
 * WKD hash of a local part (draft-koch-openpgp-webkey-service §3.1): z-base-32 of
 * the SHA-1 of the local part with ASCII upper case mapped to lower case (non-ASCII
 * left as is, as GnuPG does). Synchronous (node:crypto) for the server; the
 * extension's client computes the same with WebCrypto in src/core/lookup/wkd.ts,
 * and both are checked against `gpg-wks-client --print-wkd-hash`.
 */
import { createHash } from 'node:crypto';
import { zbase32Encode } from '../../core/lookup/zbase32.js';

export function wkdHash(localPart: string): string {
  const lowered = localPart.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return zbase32Encode(createHash('sha1').update(lowered, 'utf8').digest());
}

/** Splits at the last `@`: local part as written, domain lower-cased. */
export function splitEmail(address: string): { local: string; domain: string } {
  const at = address.lastIndexOf('@');
  return { local: address.slice(0, at), domain: address.slice(at + 1).toLowerCase() };
}
