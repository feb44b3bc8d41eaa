/**
 * The vault HTTP API shared by the server (src/server) and the extension's
 * sync client. Wire format: JSON, `{ error: { code, message } }` on failure.
 */

/**
 * OPAQUE key stretching (RFC 9807 §4.3, Argon2id per RFC 9106 §4 "memory
 * constrained": m = 2^16 KiB, t = 3, p = 4). Stretching happens only on the
 * client, but registration and every later login MUST use the same value or the
 * envelope cannot be opened; the server cannot check it. The full RFC profile
 * (2 GiB) does not fit in a browser service worker.
 */
export const OPAQUE_KEY_STRETCHING = 'memory-constrained' as const;

/** The exact @serenity-kit/opaque version both sides must run (wire format). */
export const OPAQUE_LIBRARY_VERSION = '1.1.0';

/** Largest key item (public + private armored text) the server accepts. */
export const MAX_ITEM_BYTES = 1024 * 1024;

/** Minimum Argon2 memory exponent for vault copies: 2^16 KiB = 64 MiB (RFC 9580 §3.7.1.4). */
export const MIN_ARGON2_MEMORY_EXPONENT = 16;

export const VAULT_ERROR_CODES = [
  'bad_request', // schema or JSON failure
  'unauthorized', // missing/expired/invalid token, failed login
  'forbidden',
  'not_found',
  'conflict',
  'account_exists',
  'precondition_required', // 428: PUT/DELETE without If-Match / If-None-Match
  'precondition_failed', // 412: stale revision; body carries `current`
  'payload_too_large', // 413
  'rate_limited', // 429
  'fingerprint_mismatch', // the key is not the one the URL names
  'key_unparseable',
  'public_key_contains_secret', // VS-07: secret material in the public field
  'secret_key_unprotected', // VS-07: a secret key packet without S2K protection
  'secret_key_weak_protection', // not S2K usage 253 (AEAD) + Argon2 with m >= 2^16 KiB
  'unavailable', // database unreachable
  'internal',
  'device_not_approved', // VS-05: this device waits for approval (vault-approval-api.ts)
  'recovery_secret_invalid', // VS-05: wrong or already used recovery secret
] as const;
export type VaultErrorCode = (typeof VAULT_ERROR_CODES)[number];

export interface VaultErrorBody {
  error: { code: VaultErrorCode; message: string };
  /** 412 only: the item as stored now (null when it never existed). */
  current?: KeyItem | null;
  /** 412 on a batch: the current items that failed their precondition. */
  conflicts?: KeyItem[];
}

// ---- accounts (all OPAQUE values are the library's base64url strings) ----

export interface RegisterStartRequest { email: string; registrationRequest: string }
export interface RegisterStartResponse { registrationResponse: string }
export interface RegisterFinishRequest { email: string; registrationRecord: string; deviceName: string }

export interface LoginStartRequest { email: string; startLoginRequest: string }
/** Same shape and size for unknown accounts (VS-06). */
export interface LoginStartResponse { loginId: string; loginResponse: string }
export interface LoginFinishRequest { loginId: string; finishLoginRequest: string; deviceName: string }

/** Answer of register finish, login finish and refresh. */
export interface Session {
  accountId: string;
  deviceId: string;
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  /** Single use: every refresh returns a new one; reuse of an old one revokes the device. */
  refreshToken: string;
}
export interface RefreshRequest { refreshToken: string }

export interface Device {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string;
  revoked: boolean;
  current: boolean;
}
export interface DeviceList { devices: Device[] }

/** `POST /v1/account/delete`: a fresh login proof (login start, then this instead of login finish). */
export interface DeleteAccountRequest { loginId: string; finishLoginRequest: string }

export interface AccountExport {
  account: { id: string; email: string; createdAt: string; seq: number };
  devices: Device[];
  keys: KeyItem[];
}

// ---- key items and sync ----

/** Fingerprints travel as lower-case hex: 40 digits (v4) or 64 (v6). */
export const FINGERPRINT_PATTERN = '^([0-9a-fA-F]{40}|[0-9a-fA-F]{64})$';

export interface KeyItem {
  fingerprint: string;
  /** Per-item revision, starts at 1 and grows by one on every change (tombstones included). */
  revision: number;
  /** Account-wide change sequence of the last change to this item. */
  seq: number;
  deleted: boolean;
  /** Armored public key; null on tombstones. */
  publicKey: string | null;
  /** Armored, passphrase-protected (Argon2 + AEAD) private key, or null. */
  privateKey: string | null;
  updatedAt: string;
}

/** Body of `PUT /v1/keys/:fingerprint` (headers: `If-None-Match: *` or `If-Match: "<rev>"`). */
export interface PutKeyRequest { publicKey: string; privateKey: string | null }

/** `GET /v1/sync?since=<seq>&limit=<n>`; 304 when nothing changed after `since`. */
export interface SyncResponse {
  items: KeyItem[];
  /** Pass as `since` next time. */
  seq: number;
  /** More changes wait: call again with `since = seq`. */
  more: boolean;
  /** The server's sequence is behind `since` (restored from a backup): this is a full listing. */
  reset: boolean;
}

/** `POST /v1/batch`: all items are applied or none (passphrase change of every key). */
export interface BatchRequest {
  items: Array<{ fingerprint: string; revision: number; publicKey: string; privateKey: string | null }>;
}
export interface BatchResponse { items: KeyItem[]; seq: number }
