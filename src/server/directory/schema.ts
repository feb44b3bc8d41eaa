/**
 * Tables of the public key directory (docs/vault-directory.md), same conventions as
 * src/server/db/schema.ts: portable types only, times ISO-8601 text, expiries epoch ms.
 */

/** One row per certificate, as uploaded and merged, already stripped of third-party signatures. */
export interface DirectoryKeysTable {
  fingerprint: string; // lower-case hex, 40 (v4) or 64 (v6)
  key_id: string; // lower-case hex, 16: the primary key ID (v4: last 8 octets; v6: first 8)
  armored: string; // every self-signed e-mail user ID is kept here; only published ones are served
  created_at: string;
  updated_at: string;
}

/** A verified, published address of one key. Absence = not published. */
export interface DirectoryAddressesTable {
  fingerprint: string;
  email: string; // normalised (lower-cased) address
  domain: string; // lower-cased domain part, for WKD
  wkd_hash: string; // z-base-32 SHA-1 of the ASCII-lower-cased local part (WKD §3.1)
  published_at: string;
}

/** Upload and verification tokens; only their SHA-256 is stored. */
export interface DirectoryTokensTable {
  token_hash: string; // hex SHA-256 of the token handed out
  kind: string; // 'upload' | 'verify'
  fingerprint: string;
  email: string | null; // the address a verify token publishes
  created_at: number | string; // epoch ms, bigint
  expires_at: number | string; // epoch ms, bigint
}

export interface DirectoryTables {
  directory_keys: DirectoryKeysTable;
  directory_addresses: DirectoryAddressesTable;
  directory_tokens: DirectoryTokensTable;
}
