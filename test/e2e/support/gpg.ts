/**
 * A throw-away GnuPG home (gpg 2.2) for the e2e tests: make keys the way a gpg user would,
 * and read back what the extension exported. No shell, bounded runs, agent stopped on close.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface GpgResult {
  code: number;
  stdout: string;
  stderr: string;
}

const RUN_TIMEOUT_MS = 60_000;

function run(cmd: string, args: readonly string[], input: string, env: NodeJS.ProcessEnv): Promise<GpgResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    // A command that needs no input may exit before reading it: that EPIPE is not an error.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

/** `future-default` in gpg 2.2 = ed25519 primary + cv25519 encryption subkey. */
export type GpgAlgo = 'future-default' | 'rsa1024';

export class GpgHome {
  private constructor(readonly home: string) {}

  static create(): GpgHome {
    const home = mkdtempSync(join(tmpdir(), 'cachet-e2e-gpg-'));
    // No passphrase caching in the agent: each command must really use the passphrase it gets.
    writeFileSync(join(home, 'gpg-agent.conf'), 'default-cache-ttl 0\nmax-cache-ttl 0\nallow-loopback-pinentry\n');
    return new GpgHome(home);
  }

  /** Runs gpg in this home; `passphrase` (even '') goes through loopback pinentry. */
  gpg(args: readonly string[], o: { input?: string; passphrase?: string } = {}): Promise<GpgResult> {
    const pass = o.passphrase === undefined ? [] : ['--passphrase', o.passphrase];
    const base = ['--homedir', this.home, '--batch', '--no-tty', '--status-fd', '2', '--pinentry-mode', 'loopback'];
    return run('gpg', [...base, ...pass, ...args], o.input ?? '', { ...process.env, GNUPGHOME: this.home });
  }

  async gpgOk(args: readonly string[], o: { input?: string; passphrase?: string } = {}): Promise<GpgResult> {
    const r = await this.gpg(args, o);
    if (r.code !== 0) throw new Error(`gpg ${args.join(' ')} exited ${r.code}\n${r.stderr}`);
    return r;
  }

  /** `gpg --quick-gen-key`; an empty passphrase leaves the secret key unprotected. Returns the fingerprint. */
  async generate(userId: string, algo: GpgAlgo, passphrase: string): Promise<string> {
    const r = await this.gpgOk(['--quick-gen-key', userId, algo, 'default', 'never'], { passphrase });
    const fpr = /KEY_CREATED \w+ ([0-9A-F]{40})/.exec(r.stderr)?.[1];
    if (!fpr) throw new Error(`no KEY_CREATED in gpg output\n${r.stderr}`);
    return fpr;
  }

  async exportSecret(fpr: string, passphrase: string): Promise<string> {
    return (await this.gpgOk(['--armor', '--export-secret-keys', fpr], { passphrase })).stdout;
  }

  async exportPublic(fpr: string): Promise<string> {
    return (await this.gpgOk(['--armor', '--export', fpr])).stdout;
  }

  /** `gpg --list-packets` of some armored data (needs no key; `--passphrase` unused). */
  async listPackets(armored: string): Promise<string> {
    return (await this.gpgOk(['--list-packets'], { input: armored })).stdout;
  }

  /** `gpg --show-keys --with-colons`: parses without importing. */
  async showKeys(armored: string): Promise<string[][]> {
    const r = await this.gpgOk(['--show-keys', '--with-colons', '--with-fingerprint'], { input: armored });
    return r.stdout
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => l.split(':'));
  }

  /** Stops this home's agent and deletes the home. */
  async close(): Promise<void> {
    await run('gpgconf', ['--homedir', this.home, '--kill', 'gpg-agent'], '', { ...process.env, GNUPGHOME: this.home }).catch(
      () => undefined,
    );
    rmSync(this.home, { recursive: true, force: true });
  }
}

/** Fingerprint of the first `fpr` row of a colon listing. */
export function firstFingerprint(rows: string[][]): string | undefined {
  return rows.find((r) => r[0] === 'fpr')?.[9];
}
