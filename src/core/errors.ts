/**
 * Error codes Cachet reports. Every code has a translated message in
 * public/_locales/<lang>/messages.json under `error_<CODE>`.
 */
export const ERROR_CODES = [
  'BAD_REQUEST', // payload failed schema validation
  'FORBIDDEN', // sender is not allowed to send this message
  'UNKNOWN_MESSAGE', // no such message type
  'MALFORMED_ARMOR', // armor/base64/CRC/packets could not be parsed
  'NO_KEY_FOUND', // input parsed but contained no OpenPGP key
  'TOO_LARGE', // input over a size cap
  'WRONG_PASSPHRASE',
  'PASSPHRASE_REQUIRED', // key is locked and no passphrase was given
  'PASSPHRASE_TOO_WEAK',
  'WEAK_KEY', // RSA < 2048, DSA, ElGamal, v3 keys, weak S2K we refuse to use
  'KEY_INVALID', // key fails validation (e.g. overwritten public parameters, KM-06)
  'KEY_NOT_FOUND',
  'KEY_REVOKED',
  'KEY_EXPIRED',
  'NOT_A_REVOCATION', // a revocation certificate that is not one, or not for this key
  'CONFIRMATION_MISMATCH', // delete confirmation text does not match
  'DECRYPT_FAILED', // any integrity/decryption failure: one code, no oracle (MP-02)
  'NO_MATCHING_KEY', // message is for none of our keys
  'UNSUPPORTED', // e.g. v6 key exported "for GnuPG"
  'STORAGE_FAILED', // IndexedDB unavailable or quota exceeded
  'VAULT_NOT_CONNECTED', // no vault account on this device
  'VAULT_INSECURE_URL', // vault address is not https (loopback excepted, VS-08)
  'VAULT_UNREACHABLE', // network failure or 5xx after the bounded retries
  'VAULT_AUTH_FAILED', // wrong vault e-mail/password, or the device was signed out
  'VAULT_ACCOUNT_EXISTS', // registration for an address that already has an account
  'VAULT_CONFLICT', // the vault item kept changing while we merged (retries exhausted)
  'VAULT_ROLLBACK', // the vault offered an older revision than one already seen (VS-04)
  'VAULT_REFUSED', // the vault refused the request (4xx other than the above)
  'INTERNAL',
  'LOOKUP_UNREACHABLE', // a key directory (WKD, VKS, HKP) could not be reached
  'LOOKUP_REFUSED', // a key directory answered with an error or something that is not what was asked
  'LOOKUP_INSECURE_URL', // a key server address that is not https (loopback excepted)
  'KEY_CONFLICT', // a looked-up key for an address that already has a different key (KM-01): the user decides
  'WRONG_PASSWORD', // a password-protected message did not open with this password (or was altered: OpenPGP cannot tell)
  'STORAGE_FULL', // IndexedDB refused a write for lack of space (QuotaExceededError); nothing was written
  'STORAGE_UNAVAILABLE', // IndexedDB cannot be opened or its connection went away (private mode, policy, closing)
  'BACKGROUND_RESTARTED', // the service worker / event page stopped while a page waited for its reply; retrying is safe
  'VAULT_DEVICE_NOT_APPROVED', // VS-05: this device waits for approval by another device, or the recovery secret
  'VAULT_RECOVERY_SECRET_INVALID', // VS-05: wrong or already used recovery secret
  'VAULT_RATE_LIMITED', // the vault refused more attempts for now (recovery secret)
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** A typed error whose `code` the UI translates; `detail` is safe to show (never secret). */
export class CachetError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'CachetError';
  }
}

export function isCachetError(e: unknown): e is CachetError {
  return e instanceof CachetError;
}
