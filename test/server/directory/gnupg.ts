/**
 * GnuPG 2.2 homes for the directory tests: each has its own GNUPGHOME (a short
 * path under /tmp: the agent's sockets live there) and dirmngr pointed at the
 * vault; `dispose` kills that home's gpg-agent and dirmngr and removes it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface GpgResult { code: number; stdout: string; stderr: string }

export interface GpgHome {
  dir: string;
  gpg(args: string[], input?: string): Promise<GpgResult>;
  dispose(): Promise<void>;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<GpgResult> {
  return new Promise((resolve) => {
    // Asynchronous on purpose: the vault answering gpg runs in this same process.
    const child = execFile(cmd, args, { env, timeout: 60_000, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
    // A gpg that exits without reading its input (gpgconf --kill, an early error) closes the
    // pipe: EPIPE on stdin is then expected, and its outcome is reported by the callback above.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input ?? '');
  });
}

export function gpgHome(keyserver: string): GpgHome {
  const dir = mkdtempSync('/tmp/cachet-gpg-');
  // Loopback only: no Tor probing, no DNS for the literal address, keyserver from here.
  writeFileSync(path.join(dir, 'dirmngr.conf'), `keyserver ${keyserver}\nstandard-resolver\nno-use-tor\n`);
  writeFileSync(path.join(dir, 'gpg.conf'), 'no-auto-key-locate\nkeyserver-options no-honor-keyserver-url\n');
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', GNUPGHOME: dir, LANG: 'C', LC_ALL: 'C' };
  return {
    dir,
    gpg: (args, input) => run('gpg', ['--batch', '--no-tty', '--homedir', dir, ...args], env, input),
    async dispose() {
      await run('gpgconf', ['--homedir', dir, '--kill', 'all'], env);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The primary key's fingerprint from `--with-colons` output. */
export function colonsFingerprint(listing: string): string {
  const m = /^fpr:+([0-9A-F]{40,64}):/m.exec(listing);
  if (!m?.[1]) throw new Error(`no fingerprint in:\n${listing}`);
  return m[1];
}
