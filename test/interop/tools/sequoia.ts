import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { run, runOk, type RunResult } from './run';
import { TempDir } from './temp';

/**
 * `sq` 0.27 (sequoia-openpgp 1.12) is stateless: keys and certs are files given per call.
 * It asks for key passwords on the TTY only, so keys handed to it here are unprotected.
 */
export class Sq {
  private n = 0;
  private constructor(readonly dir: TempDir) {}

  static create(): Sq {
    return new Sq(new TempDir('sq-'));
  }

  /** Saves OpenPGP data (armored or binary) to a fresh file and returns its path. */
  save(data: string | Uint8Array, ext = 'pgp'): string {
    this.n += 1;
    return this.dir.file(`f${this.n}.${ext}`, data);
  }

  sq(args: readonly string[], input?: string | Uint8Array): Promise<RunResult> {
    return run('sq', args, { input: input ?? '' });
  }

  /** `sq key generate` without a password; returns the armored key and the revocation certificate. */
  async generate(userId: string, suite: 'cv25519' | 'rsa3k'): Promise<{ key: string; rev: string }> {
    this.n += 1;
    const out = this.dir.join(`gen${this.n}.pgp`);
    await runOk('sq', ['key', 'generate', '-u', userId, '-c', suite, '--expires', 'never', '--export', out]);
    return { key: readFileSync(out, 'utf8'), rev: readFileSync(`${out}.rev`, 'utf8') };
  }

  async extractCert(key: string): Promise<string> {
    return (await runOk('sq', ['key', 'extract-cert'], { input: key })).stdout;
  }

  async encryptSign(text: string, recipientCert: string, signerKey: string): Promise<string> {
    const args = ['encrypt', '--recipient-cert', this.save(recipientCert), '--signer-key', this.save(signerKey)];
    return (await runOk('sq', args, { input: text })).stdout;
  }

  /** Decrypts and requires one valid signature by `signerCert` (sq's default threshold is 1 when a cert is given). */
  decryptVerify(message: string, recipientKey: string, signerCert: string): Promise<RunResult> {
    const args = ['decrypt', '--recipient-key', this.save(recipientKey), '--signer-cert', this.save(signerCert)];
    return this.sq(args, message);
  }

  async signDetached(text: string, signerKey: string): Promise<string> {
    return (await runOk('sq', ['sign', '--detached', '--signer-key', this.save(signerKey)], { input: text })).stdout;
  }

  verifyDetached(text: string, signature: string, signerCert: string): Promise<RunResult> {
    const args = ['verify', '--signer-cert', this.save(signerCert), '--detached', this.save(signature, 'sig'), this.save(text, 'txt')];
    return this.sq(args);
  }

  async clearSign(text: string, signerKey: string): Promise<string> {
    const args = ['sign', '--cleartext-signature', '--signer-key', this.save(signerKey)];
    return (await runOk('sq', args, { input: text })).stdout;
  }

  verifyClearSigned(message: string, signerCert: string): Promise<RunResult> {
    return this.sq(['verify', '--signer-cert', this.save(signerCert)], message);
  }

  close(): void {
    this.dir.remove();
  }
}

/**
 * Sequoia's Stateless OpenPGP CLI (`sqop`, SOP draft). Passwords are passed the SOP way,
 * as files holding the password (never on the command line).
 */
export class Sop {
  private n = 0;
  private constructor(readonly dir: TempDir) {}

  static create(): Sop {
    return new Sop(new TempDir('sop-'));
  }

  save(data: string | Uint8Array, ext = 'pgp'): string {
    this.n += 1;
    return this.dir.file(`f${this.n}.${ext}`, data);
  }

  private pw(password: string | undefined): string[] {
    return password === undefined ? [] : ['--with-key-password', this.save(password, 'pw')];
  }

  sop(args: readonly string[], input?: string | Uint8Array): Promise<RunResult> {
    return run('sqop', args, { input: input ?? '' });
  }

  async generateKey(userId: string, password?: string): Promise<string> {
    return (await runOk('sqop', ['generate-key', ...this.pw(password), '--', userId])).stdout;
  }

  async extractCert(key: string): Promise<string> {
    return (await runOk('sqop', ['extract-cert'], { input: key })).stdout;
  }

  async encryptSign(text: string, cert: string, signerKey: string, password?: string): Promise<string> {
    const args = ['encrypt', '--as', 'text', '--sign-with', this.save(signerKey), ...this.pw(password), '--', this.save(cert)];
    return (await runOk('sqop', args, { input: text })).stdout;
  }

  /** Decrypts; `verifications` holds SOP VERIFICATIONS lines (`<date> <signing fpr> <primary fpr> …`). */
  async decryptVerify(
    message: string,
    key: string,
    signerCert: string,
    password?: string,
  ): Promise<RunResult & { verifications: string[] }> {
    const out = this.dir.join(`ver${++this.n}.txt`);
    const args = ['decrypt', '--verify-with', this.save(signerCert), '--verifications-out', out, ...this.pw(password), '--', this.save(key)];
    const r = await this.sop(args, message);
    return { ...r, verifications: await readLines(out) };
  }

  async signDetached(text: string, key: string, password?: string): Promise<string> {
    return (await runOk('sqop', ['sign', '--as', 'text', ...this.pw(password), '--', this.save(key)], { input: text })).stdout;
  }

  /** Exit 0 with VERIFICATIONS on stdout when at least one signature is good (SOP: 3 = none verified). */
  verifyDetached(text: string, signature: string, cert: string): Promise<RunResult> {
    return this.sop(['verify', '--', this.save(signature, 'sig'), this.save(cert)], text);
  }

  async clearSign(text: string, key: string, password?: string): Promise<string> {
    const args = ['inline-sign', '--as', 'clearsigned', ...this.pw(password), '--', this.save(key)];
    return (await runOk('sqop', args, { input: text })).stdout;
  }

  async inlineVerify(message: string, cert: string): Promise<RunResult & { verifications: string[] }> {
    const out = this.dir.join(`ver${++this.n}.txt`);
    const r = await this.sop(['inline-verify', '--verifications-out', out, '--', this.save(cert)], message);
    return { ...r, verifications: await readLines(out) };
  }

  close(): void {
    this.dir.remove();
  }
}

async function readLines(path: string): Promise<string[]> {
  try {
    return (await readFile(path, 'utf8')).split('\n').filter((l) => l.length > 0);
  } catch {
    return [];
  }
}

/** Primary fingerprints named in SOP VERIFICATIONS lines (third field), upper-cased. */
export function sopSigners(lines: readonly string[]): string[] {
  return lines.map((l) => (l.split(' ')[2] ?? '').toUpperCase());
}
