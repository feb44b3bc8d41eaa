import { readFileSync } from 'node:fs';
import { run, type RunResult } from './run';
import { TempDir } from './temp';

/**
 * An RNP 0.16 home (`--homedir`, GnuPG-1-style pubring.gpg/secring.gpg) for one test file.
 * rnp reports signatures on stderr in prose; `goodSignatureBy` reads that.
 */
export class Rnp {
  private n = 0;
  private constructor(readonly dir: TempDir) {}

  static create(): Rnp {
    return new Rnp(new TempDir('rnp-'));
  }

  private save(data: string | Uint8Array, ext: string): string {
    this.n += 1;
    return this.dir.file(`f${this.n}.${ext}`, data);
  }

  private pw(password: string | undefined): string[] {
    return password === undefined ? [] : ['--password', password];
  }

  rnp(args: readonly string[], input?: string | Uint8Array): Promise<RunResult> {
    return run('rnp', ['--homedir', this.dir.path, '--notty', ...args], { input: input ?? '' });
  }

  rnpkeys(args: readonly string[], input?: string | Uint8Array): Promise<RunResult> {
    return run('rnpkeys', ['--homedir', this.dir.path, '--notty', ...args], { input: input ?? '' });
  }

  /**
   * Generates a key. `default` is rnpkeys' own default (RSA 2048 + RSA subkey); `ecc` answers
   * the `--expert` prompt with 22 (EdDSA + X25519). Returns the primary fingerprint (upper-case).
   */
  async generate(userId: string, kind: 'default' | 'ecc', password: string): Promise<string> {
    const expert = kind === 'ecc' ? ['--expert'] : [];
    const r = await this.rnpkeys(['--generate-key', ...expert, '--userid', userId, ...this.pw(password)], kind === 'ecc' ? '22\n' : '');
    if (r.code !== 0) throw new Error(`rnpkeys --generate-key exited ${r.code}\n${r.stderr}`);
    // The listing prints the primary fingerprint on the line after the `sec` line.
    const m = /^sec .*\n\s+([0-9a-f]{40})$/m.exec(r.stdout + r.stderr);
    if (!m?.[1]) throw new Error(`no fingerprint in rnpkeys output\n${r.stdout}`);
    return m[1].toUpperCase();
  }

  importKeys(armored: string): Promise<RunResult> {
    return this.rnpkeys(['--import', this.save(armored, 'asc')]);
  }

  async exportPublic(id: string): Promise<string> {
    return (await okOf(this.rnpkeys(['--export-key', id]))).stdout;
  }

  async exportSecret(id: string, password: string): Promise<string> {
    return (await okOf(this.rnpkeys(['--export-key', '--secret', id, ...this.pw(password)]))).stdout;
  }

  async encryptSign(text: string, recipient: string, signer: string, password: string): Promise<string> {
    const args = ['-e', '-s', '-r', recipient, '-u', signer, '--armor', ...this.pw(password), '--output', '-'];
    return (await okOf(this.rnp(args, text))).stdout;
  }

  decrypt(message: string, password: string): Promise<RunResult> {
    return this.rnp(['-d', ...this.pw(password), '--output', '-'], message);
  }

  async signDetached(text: string, signer: string, password: string): Promise<string> {
    const out = this.dir.join(`sig${++this.n}.asc`);
    await okOf(this.rnp(['--sign', '--detach', '--armor', '-u', signer, ...this.pw(password), '--output', out], text));
    return readFileSync(out, 'utf8');
  }

  verifyDetached(text: string, signature: string): Promise<RunResult> {
    return this.rnp(['-v', this.save(signature, 'sig'), '--source', this.save(text, 'txt')]);
  }

  async clearSign(text: string, signer: string, password: string): Promise<string> {
    return (await okOf(this.rnp(['--clearsign', '-u', signer, ...this.pw(password), '--output', '-'], text))).stdout;
  }

  verifyClearSigned(message: string): Promise<RunResult> {
    return this.rnp(['-v', this.save(message, 'asc')]);
  }

  close(): void {
    this.dir.remove();
  }
}

async function okOf(p: Promise<RunResult>): Promise<RunResult> {
  const r = await p;
  if (r.code !== 0) throw new Error(`rnp exited ${r.code}\n${r.stderr}`);
  return r;
}

/**
 * True when rnp reported a good signature made by the key whose primary fingerprint is
 * `fpr`, and no bad one. rnp prints "Good signature …" followed by the signer's listing.
 */
export function goodSignatureBy(r: RunResult, fpr: string): boolean {
  const text = r.stderr + r.stdout;
  return (
    r.code === 0 &&
    /Good signature/.test(text) &&
    !/BAD signature/.test(text) &&
    text.toLowerCase().includes(fpr.toLowerCase())
  );
}

