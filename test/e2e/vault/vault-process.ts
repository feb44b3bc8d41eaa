/**
 * The real vault (`node dist/server/vault.mjs`, built by `npm run build`) as a child process
 * on 127.0.0.1 with SQLite in a temp DATA_DIR. `stop()` simulates an outage (SIGTERM, the
 * graceful shutdown of src/server/main.ts); `start()` brings it back on the same port and data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { until, withTimeout } from '../harness';

const ROOT = resolve(import.meta.dirname, '../../..');
export const VAULT_BUNDLE = join(ROOT, 'dist/server/vault.mjs');
const START_MS = 20_000;
const STOP_MS = 15_000;

/** A port the kernel just handed out on 127.0.0.1 (closed again, so the vault can take it). */
function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? ok(addr.port) : fail(new Error('no port'))));
    });
  });
}

export class VaultProcess {
  private child: ChildProcess | null = null;
  /** The last lines the vault wrote, for failure messages. */
  private log: string[] = [];

  private constructor(
    readonly port: number,
    readonly dataDir: string,
  ) {}

  /** What the user types into the options page. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async launch(): Promise<VaultProcess> {
    if (!existsSync(VAULT_BUNDLE)) throw new Error(`${VAULT_BUNDLE} is missing: run \`npm run build\` first`);
    const v = new VaultProcess(await freePort(), mkdtempSync(join(tmpdir(), 'cachet-e2e-vault-')));
    await v.start();
    return v;
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** Starts the vault (again) and resolves once `GET /health` answers 200. */
  async start(): Promise<void> {
    if (this.child) throw new Error('the vault is already running');
    const child = spawn(process.execPath, [VAULT_BUNDLE], {
      cwd: ROOT,
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: String(this.port),
        DATA_DIR: this.dataDir,
        LOG_LEVEL: 'warn',
        DATABASE_URL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (b: Buffer) => {
      this.log.push(...b.toString('utf8').split('\n').filter((l) => l !== ''));
      this.log = this.log.slice(-40);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', () => {
      if (this.child === child) this.child = null;
    });
    try {
      await until(
        async () => {
          if (this.child !== child) throw new Error('the vault exited during start');
          const res = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(2_000) });
          return res.status === 200 ? true : undefined;
        },
        START_MS,
        `GET ${this.url}/health to answer 200`,
        200,
      );
    } catch (e) {
      await this.stop();
      throw new Error(`${e instanceof Error ? e.message : String(e)}\nvault output:\n${this.log.join('\n')}`);
    }
  }

  /** SIGTERM and wait for the exit (SIGKILL if it hangs). Nothing listens on the port afterwards. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    try {
      await withTimeout(exited, STOP_MS, 'the vault to exit after SIGTERM');
    } catch {
      child.kill('SIGKILL');
      await withTimeout(exited, STOP_MS, 'the vault to exit after SIGKILL');
    }
    this.child = null;
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
