import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { VaultConfig } from '../config.js';
import { migrationProvider } from './migrations.js';
import type { VaultDatabase } from './schema.js';

export type DialectName = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<VaultDatabase>;
  dialect: DialectName;
  /**
   * Runs `fn` in a write transaction. SQLite: `BEGIN IMMEDIATE` takes the
   * write lock up front so two processes cannot both read then fail to
   * upgrade (SQLITE_BUSY mid-transaction). PostgreSQL: READ COMMITTED; writers
   * serialise on the account row they update first (see keys-repo.ts).
   */
  writeTx<T>(fn: (trx: Kysely<VaultDatabase>) => Promise<T>): Promise<T>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export function sqlitePath(config: VaultConfig): string {
  return path.join(config.dataDir, 'vault.sqlite');
}

function openSqlite(file: string): SQLite.Database {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // Created 0600 before SQLite opens it; SQLite gives the -wal and -shm files the same mode.
  closeSync(openSync(file, 'a', 0o600));
  const database = new SQLite(file, { timeout: 5000 }); // busy timeout, ms
  database.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before we acknowledge it, WAL included
  // (https://sqlite.org/pragma.html#pragma_synchronous).
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  return database;
}

export async function openStore(config: VaultConfig): Promise<Store> {
  let db: Kysely<VaultDatabase>;
  let dialect: DialectName;
  if (config.databaseUrl) {
    dialect = 'postgres';
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 });
    // A broken idle connection must not crash the process; queries report it.
    pool.on('error', () => undefined);
    db = new Kysely<VaultDatabase>({ dialect: new PostgresDialect({ pool }) });
  } else {
    dialect = 'sqlite';
    const database = openSqlite(sqlitePath(config));
    db = new Kysely<VaultDatabase>({ dialect: new SqliteDialect({ database }) });
  }
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    await db.destroy();
    throw error instanceof Error ? error : new Error(String(error));
  }

  const writeTx = async <T>(fn: (trx: Kysely<VaultDatabase>) => Promise<T>): Promise<T> => {
    if (dialect === 'postgres') return db.transaction().execute(fn);
    return db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
        const result = await fn(conn);
        await sql`commit`.execute(conn);
        return result;
      } catch (e) {
        await sql`rollback`.execute(conn);
        throw e;
      }
    });
  };

  return {
    db,
    dialect,
    writeTx,
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    close: () => db.destroy(),
  };
}
