#!/usr/bin/env node
// Online backup of the vault: `npm run vault:backup [-- <output dir>]`.
// Reads the same environment as the server (DATA_DIR, DATABASE_URL).
//   SQLite:     better-sqlite3's online backup API (consistent while the vault runs)
//   PostgreSQL: pg_dump --format=custom (restore with pg_restore, see docs/vault.md)
// secrets.json is copied too: without the OPAQUE server setup no account can log in.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

const dataDir = path.resolve(process.env.DATA_DIR || './.cachet-data');
const outDir = path.resolve(process.argv[2] || path.join(dataDir, 'backups'));
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
mkdirSync(outDir, { recursive: true, mode: 0o700 });

const databaseUrl = process.env.DATABASE_URL;
let target;
if (databaseUrl) {
  target = path.join(outDir, `vault-${stamp}.pgdump`);
  const r = spawnSync('pg_dump', ['--format=custom', '--no-owner', `--file=${target}`, `--dbname=${databaseUrl}`], { stdio: 'inherit' });
  if (r.error || r.status !== 0) {
    console.error(`pg_dump failed${r.error ? `: ${r.error.message}` : ''}`);
    process.exit(1);
  }
} else {
  const source = path.join(dataDir, 'vault.sqlite');
  if (!existsSync(source)) {
    console.error(`no SQLite database at ${source}`);
    process.exit(1);
  }
  target = path.join(outDir, `vault-${stamp}.sqlite`);
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await db.backup(target);
  } finally {
    db.close();
  }
}
chmodSync(target, 0o600);

const secrets = path.join(dataDir, 'secrets.json');
if (existsSync(secrets)) {
  const copy = path.join(outDir, `secrets-${stamp}.json`);
  copyFileSync(secrets, copy);
  chmodSync(copy, 0o600);
  console.log(`secrets: ${copy}`);
} else {
  console.log('secrets: none in DATA_DIR (given by environment?) — keep OPAQUE_SERVER_SETUP and TOKEN_KEY safe yourself');
}
console.log(`database: ${target}`);
