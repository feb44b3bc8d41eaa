/**
 * E-mail address handling shared by the lookup clients. Look-ups are exact-match on the
 * whole address (as keys.openpgp.org does); only the domain is case-folded, and WKD
 * lower-cases the local part for its hash (draft-koch-openpgp-webkey-service §3.1).
 */

/** Longest address we look up (RFC 5321 §4.5.3.1: 64 + 1 + 255). */
export const MAX_ADDRESS_LENGTH = 320;

export interface SplitAddress {
  /** The local part as given (WKD sends it verbatim in `?l=`). */
  local: string;
  /** Lower-cased domain (IDNs are looked up as given, in Unicode or A-label form). */
  domain: string;
}

/**
 * Splits a bare address at its last `@`. Returns null for anything that is not one
 * plain address (spaces, angle brackets, control characters, empty parts, too long).
 */
export function splitAddress(address: string): SplitAddress | null {
  if (address.length === 0 || address.length > MAX_ADDRESS_LENGTH) return null;
  if (/[\s<>()[\],;:"\\\u0000-\u001f\u007f]/u.test(address)) return null;
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return null;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1).toLowerCase();
  if (local.includes('@') || !/^[^./][^/?#]*[^./]$|^[^./?#]$/u.test(domain) || domain.includes('..')) return null;
  return { local, domain };
}

/** Case-insensitive comparison of two addresses, the way user IDs are matched to an address. */
export function sameAddress(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
