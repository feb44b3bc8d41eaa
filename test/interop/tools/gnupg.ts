import { readFileSync } from 'node:fs';
import { run, type RunResult } from './run';
import { TempDir } from './temp';

/** One `[GNUPG:] KEYWORD args…` line of gpg's machine-readable status output, split on spaces. */
export type StatusLine = string[];

export interface GpgRun extends RunResult {
  status: StatusLine[];
}

export interface GpgOptions {
  input?: string | Uint8Array;
  passphrase?: string;
  /** `--batch` unless false (a few commands, like --gen-revoke, refuse batch mode). */
  batch?: boolean;
}

/** The gpg 2.2 key types our tests generate; `ecc` = ed25519 primary + cv25519 subkey. */
export type GpgKeyType = 'ecc' | 'rsa3072';

/**
 * A throw-away GnuPG home for one test file. Private-key passphrases are never cached by
 * the agent, so each operation really uses the passphrase it is given.
 */
export class GnuPG {
  private constructor(readonly dir: TempDir) {}

  static create(): GnuPG {
    const dir = new TempDir('gpg-');
    // Zero cache TTL: a wrong passphrase must fail even after a right one worked.
    dir.file('gpg-agent.conf', 'default-cache-ttl 0\nmax-cache-ttl 0\nallow-loopback-pinentry\n');
    return new GnuPG(dir);
  }

  get home(): string {
    return this.dir.path;
  }

  /** Runs gpg non-interactively in this home; `passphrase` goes through loopback pinentry. */
  async gpg(args: readonly string[], o: GpgOptions = {}): Promise<GpgRun> {
    const batch = o.batch === false ? [] : ['--batch'];
    const base = ['--homedir', this.home, ...batch, '--no-tty', '--status-fd', '2', '--pinentry-mode', 'loopback'];
    const pass = o.passphrase === undefined ? [] : ['--passphrase', o.passphrase];
    const r = await run('gpg', [...base, ...pass, ...args], { input: o.input ?? '' });
    return { ...r, status: parseStatus(r.stderr) };
  }

  async gpgOk(args: readonly string[], o: GpgOptions = {}): Promise<GpgRun> {
    const r = await this.gpg(args, o);
    if (r.code !== 0) throw new Error(`gpg ${args.join(' ')} exited ${r.code}\n${r.stderr}`);
    return r;
  }

  /** Generates a key the way a gpg user would (`--quick-gen-key`), returns its fingerprint. */
  async generate(userId: string, type: GpgKeyType, passphrase: string): Promise<string> {
    const [primary, sub] = type === 'ecc' ? ['ed25519', 'cv25519'] : ['rsa3072', 'rsa3072'];
    const r = await this.gpgOk(['--quick-gen-key', userId, primary, 'cert,sign', 'never'], { passphrase });
    const created = r.status.find((s) => s[0] === 'KEY_CREATED');
    const fpr = created?.[2];
    if (!fpr) throw new Error(`no KEY_CREATED in gpg output\n${r.stderr}`);
    await this.gpgOk(['--quick-add-key', fpr, sub, 'encr', 'never'], { passphrase });
    return fpr;
  }

  async importKeys(armored: string, passphrase?: string): Promise<GpgRun> {
    return this.gpg(['--import'], { input: armored, ...(passphrase === undefined ? {} : { passphrase }) });
  }

  async exportPublic(fpr: string): Promise<string> {
    return (await this.gpgOk(['--armor', '--export', fpr])).stdout;
  }

  async exportSecret(fpr: string, passphrase: string): Promise<string> {
    return (await this.gpgOk(['--armor', '--export-secret-keys', fpr], { passphrase })).stdout;
  }

  /** Encrypts to `recipient` (trusted as-is: trust is not what these tests are about) and signs. */
  async encryptSign(text: string, recipient: string, signer: string, passphrase: string): Promise<string> {
    const args = ['--trust-model', 'always', '--armor', '--encrypt', '--sign', '-r', recipient, '-u', signer];
    return (await this.gpgOk(args, { input: text, passphrase })).stdout;
  }

  async decrypt(message: string, passphrase?: string): Promise<GpgRun> {
    return this.gpg(['--decrypt'], { input: message, ...(passphrase === undefined ? {} : { passphrase }) });
  }

  async signDetached(text: string, signer: string, passphrase: string): Promise<string> {
    return (await this.gpgOk(['--armor', '--detach-sign', '-u', signer], { input: text, passphrase })).stdout;
  }

  /** Verifies a detached signature; the data goes through a file because gpg reads the signature from one too. */
  async verifyDetached(text: string, signature: string): Promise<GpgRun> {
    const sig = this.dir.file(`sig-${Date.now()}-${Math.random()}.asc`, signature);
    const data = this.dir.file(`data-${Date.now()}-${Math.random()}.txt`, text);
    return this.gpg(['--verify', sig, data]);
  }

  async clearSign(text: string, signer: string, passphrase: string): Promise<string> {
    return (await this.gpgOk(['--clearsign', '-u', signer], { input: text, passphrase })).stdout;
  }

  /** Verifies a cleartext-signed message and writes the signed text (dash-unescaped) to stdout. */
  async verifyClearSigned(message: string): Promise<GpgRun> {
    return this.gpg(['--decrypt'], { input: message });
  }

  /**
   * `gpg --gen-revoke`, answering its questions on the command fd (it refuses --batch):
   * confirm, reason code (0 none, 1 compromised, 2 superseded, 3 retired), empty text, confirm.
   */
  async genRevoke(fpr: string, reasonCode: 0 | 1 | 2 | 3, passphrase: string): Promise<string> {
    const args = ['--command-fd', '0', '--armor', '--gen-revoke', fpr];
    const r = await this.gpg(args, { input: `y\n${reasonCode}\n\ny\n`, passphrase, batch: false });
    if (r.code !== 0) throw new Error(`gpg --gen-revoke exited ${r.code}\n${r.stderr}`);
    return r.stdout;
  }

  /**
   * `--list-keys --with-colons` rows for one key (see doc/DETAILS in GnuPG), optionally as
   * seen at another time (`--faked-system-time`, frozen with `!`) so expiry needs no waiting.
   */
  async listKey(fpr: string, at?: Date): Promise<string[][]> {
    const clock = at ? ['--faked-system-time', `${Math.floor(at.getTime() / 1000)}!`] : [];
    const r = await this.gpgOk([...clock, '--list-keys', '--with-colons', '--fixed-list-mode', fpr]);
    return r.stdout
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => l.split(':'));
  }

  /**
   * The revocation certificate gpg stored at key creation. gpg prefixes its armor line with
   * ':' so it cannot be imported by accident; the user removes it, and so do we.
   */
  storedRevocationCertificate(fpr: string): string {
    const text = readFileSync(this.dir.join(`openpgp-revocs.d/${fpr}.rev`), 'utf8');
    return text.replace(/^:-----BEGIN/m, '-----BEGIN');
  }

  /** Stops this home's agent and deletes the home. */
  async close(): Promise<void> {
    await run('gpgconf', ['--homedir', this.home, '--kill', 'gpg-agent'], { timeoutMs: 10_000 });
    this.dir.remove();
  }
}

export function parseStatus(stderr: string): StatusLine[] {
  return stderr
    .split('\n')
    .filter((l) => l.startsWith('[GNUPG:] '))
    .map((l) => l.slice('[GNUPG:] '.length).split(' '));
}

/** Primary-key fingerprints of all signatures gpg found valid (VALIDSIG field 10, DETAILS). */
export function validSigners(status: StatusLine[]): string[] {
  return status.filter((s) => s[0] === 'VALIDSIG').map((s) => (s[10] ?? s[1] ?? '').toUpperCase());
}

export function hasStatus(status: StatusLine[], keyword: string): boolean {
  return status.some((s) => s[0] === keyword);
}

/** Primary key row (`pub`) of a colon listing: validity (field 2) and expiry (field 7, epoch seconds). */
export function primaryRow(rows: string[][]): { validity: string; expires: number | null } {
  const pub = rows.find((r) => r[0] === 'pub');
  if (!pub) throw new Error('no pub row in gpg listing');
  const exp = pub[6] ?? '';
  return { validity: pub[1] ?? '', expires: exp === '' ? null : Number(exp) };
}

