import type { DirectoryTables } from '../directory/schema.js';


/**
 * Table shapes, identical on SQLite and PostgreSQL. Booleans are 0/1 integers
 * and times ISO-8601 text (expiries: epoch milliseconds) so one set of
 * migrations and queries serves both dialects. bigint columns come back as
 * strings from `pg`: read them through Number().
 */
export interface AccountsTable {
  id: string; // UUID v4
  email: string; // lower-cased, unique
  registration_record: string; // OPAQUE registration record (RFC 9807 §5.1.4)
  seq: number | string; // account change counter, bigint
  created_at: string;
  /** SHA-256 of the recovery secret (auth/recovery.ts); null: none issued (accounts older than 0003). */
  recovery_hash?: string | null;
}

export interface DevicesTable {
  id: string;
  account_id: string;
  name: string;
  refresh_hash: string; // SHA-256 of the current refresh token, hex
  prev_refresh_hash: string | null; // the one before: presenting it again means theft
  created_at: string;
  last_used_at: string;
  revoked: number;
  /** 0: pending (VS-05); devices that existed before migration 0003 are 1. */
  approved: number;
  approved_at: string | null;
  /** The approving device's id, or 'recovery' when the recovery secret approved it. */
  approved_by: string | null;
}

export interface KeyItemsTable {
  account_id: string;
  fingerprint: string; // lower-case hex
  revision: number;
  seq: number | string; // bigint
  deleted: number;
  public_key: string | null;
  private_key: string | null;
  updated_at: string;
  /** Device that made the last change (who deleted, for tombstones); null before 0003. */
  updated_by?: string | null;
}

export interface LoginAttemptsTable {
  id: string;
  account_id: string | null; // null: unknown email, finish always fails
  server_state: string; // OPAQUE serverLoginState, single use
  expires_at: number | string; // epoch ms, bigint
}

/** Per-account attempt counters (attempt-limits-repo.ts); shared by every vault process. */
export interface AttemptLimitsTable {
  key: string; // `acct:<emailKey>` or `recover:<accountId>`: never a raw e-mail address
  count: number; // attempts in the current window, refused ones included
  reset_at: number | string; // end of the fixed window, epoch ms, bigint
}

export interface VaultDatabase extends DirectoryTables {
  attempt_limits: AttemptLimitsTable;
  accounts: AccountsTable;
  devices: DevicesTable;
  key_items: KeyItemsTable;
  login_attempts: LoginAttemptsTable;
}

