/**
 * The server suite runs on SQLite and on PostgreSQL. When TEST_DATABASE_URL is not given, start a
 * throw-away PostgreSQL cluster from Debian's packages (scripts/postgres-up.sh) for the run and stop
 * it afterwards. Set CACHET_NO_POSTGRES=1 to run on SQLite only (the run then says so).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
let started = false;

export function setup(): void {
  if (process.env.TEST_DATABASE_URL) return;
  if (process.env.CACHET_NO_POSTGRES === '1') {
    console.warn('[server tests] CACHET_NO_POSTGRES=1: PostgreSQL variants NOT run');
    return;
  }
  const url = execFileSync('sh', ['scripts/postgres-up.sh'], { cwd: root, encoding: 'utf8', timeout: 120_000 }).trim();
  if (!url.startsWith('postgres://')) throw new Error(`postgres-up.sh printed no URL: ${url}`);
  process.env.TEST_DATABASE_URL = url;
  started = true;
}

export function teardown(): void {
  if (started) execFileSync('sh', ['scripts/postgres-down.sh'], { cwd: root, stdio: 'inherit', timeout: 60_000 });
}
