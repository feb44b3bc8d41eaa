/**
 * The IndexedDB schema of the keyring and its explicit migration list.
 * The database version is the number of migrations; migration i (0-based) upgrades
 * version i to i+1. Never edit a shipped migration: append a new one.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import type { KeyInfo } from '../../core/keys/model';

export const DB_NAME = 'cachet';

export interface KeyRecord {
  /** Primary key; upper-case hex, pinned: a record whose key does not have it is quarantined. */
  fingerprint: string;
  /** Public key, or private key protected by a passphrase (never unprotected). */
  armored: string;
  info: KeyInfo;
  addedAt: string;
  updatedAt: string;
}

export interface DefaultRecord {
  /** Lower-cased address. */
  email: string;
  fingerprint: string;
}

export interface QuarantineRecord {
  id: string;
  /** Fingerprint claimed by the broken record, when it had one. */
  fingerprint: string | null;
  /** The record exactly as it was stored, kept so nothing is lost silently. */
  raw: unknown;
  reason: string;
  at: string;
}

export interface CachetDb extends DBSchema {
  keys: { key: string; value: KeyRecord; indexes: { byEmail: string } };
  defaults: { key: string; value: DefaultRecord; indexes: { byFingerprint: string } };
  quarantine: { key: string; value: QuarantineRecord };
}

/** Migrations see the database untyped: its shape is whatever the previous step left. */
export type Migration = (
  db: IDBPDatabase<unknown>,
  tx: IDBPTransaction<unknown, string[], 'versionchange'>,
) => void;

export const MIGRATIONS: readonly Migration[] = [
  // v1: keys by fingerprint (multiEntry index on addresses), defaults, quarantine (DS-06).
  (db) => {
    const keys = db.createObjectStore('keys', { keyPath: 'fingerprint' });
    keys.createIndex('byEmail', 'info.emails', { multiEntry: true });
    const defaults = db.createObjectStore('defaults', { keyPath: 'email' });
    defaults.createIndex('byFingerprint', 'fingerprint');
    db.createObjectStore('quarantine', { keyPath: 'id' });
  },
];

export interface OpenOptions {
  name?: string;
  migrations?: readonly Migration[];
  /** The connection went away (another version wants to open, or the browser closed it). */
  onGone?: () => void;
}

export async function openCachetDb(o: OpenOptions = {}): Promise<IDBPDatabase<CachetDb>> {
  const migrations = o.migrations ?? MIGRATIONS;
  const db = await openDB<unknown>(o.name ?? DB_NAME, migrations.length, {
    upgrade(database, oldVersion, _newVersion, tx) {
      for (let v = oldVersion; v < migrations.length; v++) (migrations[v] as Migration)(database, tx);
    },
    blocking() {
      // A newer version (another extension page after an update) is waiting: let it in.
      db.close();
      o.onGone?.();
    },
    terminated() {
      o.onGone?.();
    },
  });
  return db as unknown as IDBPDatabase<CachetDb>;
}
