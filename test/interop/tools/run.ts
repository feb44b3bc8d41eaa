import { spawn } from 'node:child_process';

/** What a finished tool run left behind. Output is kept as bytes for binary OpenPGP data. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  stdoutBytes: Buffer;
}

export interface RunOptions {
  /** Written to the tool's stdin, then stdin is closed (so no tool ever waits for a TTY). */
  input?: string | Uint8Array;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Hard bound on one invocation; the process group is killed past it. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Runs a command without a shell (argument arrays only, no quoting bugs) and resolves
 * with its exit code whatever it is: tests assert on failures as much as on successes.
 */
export function run(cmd: string, args: readonly string[], o: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: o.cwd,
      env: { ...process.env, LC_ALL: 'C', LANG: 'C', ...o.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, o.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdoutBytes = Buffer.concat(out);
      const stderr = Buffer.concat(err).toString('utf8');
      if (timedOut) {
        reject(new Error(`${cmd} ${args.join(' ')} timed out; stderr: ${stderr}`));
        return;
      }
      resolve({ code: code ?? (signal ? 128 : 1), stdout: stdoutBytes.toString('utf8'), stderr, stdoutBytes });
    });
    // A tool that exits before reading stdin raises EPIPE; its exit code tells the story.
    child.stdin.on('error', () => undefined);
    child.stdin.end(o.input ?? '');
  });
}

/** Like `run`, but a non-zero exit is an error carrying the tool's stderr. */
export async function runOk(cmd: string, args: readonly string[], o: RunOptions = {}): Promise<RunResult> {
  const r = await run(cmd, args, o);
  if (r.code !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.code}\n${r.stderr}`);
  }
  return r;
}
