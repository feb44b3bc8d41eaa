/**
 * Messages made by GnuPG the way ../shared/reference/webmail-stack/pgp-send.sh makes them:
 * inline armored, and a PGP/MIME payload that is itself a MIME entity, signed and encrypted.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASS, mailHarness, unlockAlice, withKeys, type MailHarness } from './harness';

let home: string;
let h: MailHarness;
let carolFpr: string;
let aliceFpr: string;

function gpg(args: string[], input?: string): string {
  return execFileSync('gpg', ['--homedir', home, '--batch', '--quiet', '--trust-model', 'always', ...args], {
    input,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'cachet-gpg-'));
  gpg(['--passphrase', '', '--quick-gen-key', 'Carol Test <carol@example.org>', 'future-default', 'default', 'never']);
  carolFpr = /fpr:+([0-9A-F]{40}):/.exec(gpg(['--with-colons', '--fingerprint', 'carol@example.org']))![1]!;
  h = mailHarness();
  const k = await withKeys(h);
  aliceFpr = k.alice.fingerprint;
  const alicePub = (await h.page('exportKey', { fingerprint: aliceFpr, kind: 'public', passphrase: null })).armored;
  gpg(['--import'], alicePub);
  await h.page('commitImport', { text: gpg(['--armor', '--export', 'carol@example.org']), encoding: 'armored', passphrases: {}, newPassphrases: {} });
  await unlockAlice(h, aliceFpr);
});

afterAll(() => {
  try {
    execFileSync('gpgconf', ['--homedir', home, '--kill', 'gpg-agent']);
  } catch {
    // no agent was started
  }
  rmSync(home, { recursive: true, force: true });
});

async function read(kind: 'message' | 'pgp-mime-encrypted', armored: string) {
  const { sessionId } = await h.content('openReadSession', { adapter: 'generic', kind, armored, sender: 'Carol Test <carol@example.org>' });
  return h.frame('read.html', sessionId, 'decryptReadSession', { sessionId, passphrase: null });
}

describe('messages made by gpg', () => {
  it('inline, encrypted only', async () => {
    const armored = gpg(['--armor', '--encrypt', '-r', 'alice@example.org'], 'Secret inline message for Alice.\n');
    const r = await read('message', armored);
    expect(r.text).toBe('Secret inline message for Alice.\n');
    expect(r.signatures).toEqual([]);
    expect(r.signedScope).toBe('none');
  });

  it('PGP/MIME: a signed and encrypted MIME entity', async () => {
    const entity = 'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\nSecret PGP/MIME message for Alice.\r\n';
    const armored = gpg(['--armor', '--sign', '--local-user', 'carol@example.org', '--encrypt', '-r', 'alice@example.org'], entity);
    const r = await read('pgp-mime-encrypted', armored);
    expect(r.text).toBe('Secret PGP/MIME message for Alice.\r\n');
    expect(r.signatures).toEqual([expect.objectContaining({ status: 'good', fingerprint: carolFpr, signerEmails: ['carol@example.org'], senderMismatch: false })]);
    expect(r.signedScope).toBe('all');
  });

  it('cleartext signature by gpg', async () => {
    const signed = gpg(['--clearsign', '--local-user', 'carol@example.org'], 'Signed by gpg.\n');
    const { sessionId } = await h.content('openReadSession', { adapter: 'generic', kind: 'cleartext-signed', armored: signed, sender: 'carol@example.org' });
    const r = await h.frame('read.html', sessionId, 'decryptReadSession', { sessionId, passphrase: PASS });
    expect(r.text).toBe('Signed by gpg.');
    expect(r.signatures[0]).toMatchObject({ status: 'good', fingerprint: carolFpr });
  });
});
