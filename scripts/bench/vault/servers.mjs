// Starting and stopping the servers under test as child processes (loopback only), and reading
// their memory from /proc.
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../lib/bundle.mjs';

const VAULT = join(ROOT, 'dist/server/vault.mjs');

/** VmRSS and VmHWM (peak) of a process, in bytes (Linux /proc). */
export function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function exitPromise(child) {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
}

/** SIGTERM (graceful shutdown), SIGKILL if it has not exited after 10 s. */
async function stop(child, exited) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export function startBareServer() {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'bare-server.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = exitPromise(child);
  return new Promise((resolve, reject) => {
    child.stdout.once('data', (chunk) => {
      const base = `http://127.0.0.1:${Number(String(chunk).trim())}`;
      resolve({ base, pid: child.pid, stop: () => stop(child, exited) });
    });
    void exited.then((code) => reject(new Error(`bare server exited (${code})`)));
  });
}

/**
 * Starts dist/server/vault.mjs on a free loopback port with a temporary DATA_DIR (SQLite there
 * unless databaseUrl is given). Rate limits are raised so they do not cap the load; the log
 * level stays the production default (info: one line per request and response) unless
 * BENCH_VAULT_LOG_LEVEL says otherwise; the log goes to a file in DATA_DIR.
 */
export async function startVault({ databaseUrl }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'cachet-bench-vault-'));
  const port = await freePort();
  const log = openSync(join(dataDir, 'vault.log'), 'a');
  const env = {
    PATH: process.env.PATH ?? '',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    RATE_LIMIT: '1000000000',
    LOGIN_RATE_LIMIT: '1000000',
    ACCESS_TOKEN_TTL: '3600',
    LOG_LEVEL: process.env.BENCH_VAULT_LOG_LEVEL || 'info',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
  const child = spawn(process.execPath, [VAULT], { env, stdio: ['ignore', log, log] });
  const exited = exitPromise(child);
  const base = `http://127.0.0.1:${port}`;
  const cleanup = () => rmSync(dataDir, { recursive: true, force: true });
  try {
    await waitHealthy(base, exited, join(dataDir, 'vault.log'));
  } catch (e) {
    await stop(child, exited);
    cleanup();
    throw e;
  }
  return {
    base,
    pid: child.pid,
    async stop() {
      await stop(child, exited);
      cleanup();
    },
  };
}

/** Bounded wait (30 s) for GET /health to answer 200; fails at once if the vault exits. */
async function waitHealthy(base, exited, logFile) {
  let gone;
  void exited.then((code) => { gone = code; });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (gone !== undefined) break;
    try {
      if ((await fetch(`${base}/health`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  let tail = '';
  try { tail = readFileSync(logFile, 'utf8').slice(-2000); } catch { /* no log */ }
  throw new Error(`the vault did not become healthy at ${base}${gone !== undefined ? ` (exited: ${gone})` : ''}:\n${tail}`);
}
