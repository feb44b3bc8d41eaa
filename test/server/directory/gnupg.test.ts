/**
 * Real GnuPG (2.2, through dirmngr) against a listening vault on loopback:
 * --send-keys, --search-keys and --recv-keys into a fresh keyring once the address
 * is verified, then a revocation sent and picked up by --refresh-keys.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDirectoryConfig } from '../../../src/server/directory/config.js';
import { dialects } from '../helpers/dialects.js';
import { startVault, type TestVault } from '../helpers/vault.js';
import { startFakeSmtp, type FakeSmtp } from './fake-smtp.js';
import { colonsFingerprint, gpgHome, type GpgHome } from './gnupg.js';

describe.each(dialects)('GnuPG against the vault directory on $name', (dialect) => {
  let vault: TestVault;
  let smtp: FakeSmtp;
  let alice: GpgHome, bob: GpgHome;
  let fpr = '';
  let base = '';

  beforeAll(async () => {
    smtp = await startFakeSmtp();
    vault = await startVault(dialect, {
      directory: loadDirectoryConfig({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_FROM: 'keys@vault.test' }),
    });
    base = await vault.app.listen({ host: '127.0.0.1', port: 0 });
    const keyserver = base.replace(/^http:/, 'hkp:');
    alice = gpgHome(keyserver);
    bob = gpgHome(keyserver);
    const gen = await alice.gpg(['--passphrase', '', '--quick-gen-key', 'Alice Gpg <alice.gpg@example.test>', 'ed25519', 'default', 'never']);
    expect(gen.code, gen.stderr).toBe(0);
    fpr = colonsFingerprint((await alice.gpg(['--with-colons', '--list-keys', 'alice.gpg@example.test'])).stdout);
  });
  afterAll(async () => {
    await Promise.all([alice?.dispose(), bob?.dispose()]);
    await vault?.close();
    await smtp?.close();
  });

  it('--send-keys stores the key; before verification --recv-keys gets no user ID and imports nothing', async () => {
    const sent = await alice.gpg(['--send-keys', fpr]);
    expect(sent.code, sent.stderr).toBe(0);
    const stored = await fetch(`${base}/vks/v1/by-fingerprint/${fpr}`);
    expect(stored.status).toBe(200);
    const recv = await bob.gpg(['--recv-keys', fpr]);
    expect(recv.stderr, recv.stderr).toMatch(/no user ID/);
    expect((await bob.gpg(['--list-keys', fpr])).code).not.toBe(0);
  });

  it('after the address is verified, --search-keys finds it by exact address and --recv-keys imports it into a fresh keyring', async () => {
    // The VKS flow for the key gpg sent: upload (merges, hands out a token), request-verify, follow the link.
    const armored = (await alice.gpg(['--armor', '--export', fpr])).stdout;
    const up = await (await fetch(`${base}/vks/v1/upload`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ keytext: armored }) })).json() as { token: string; status: Record<string, string> };
    expect(up.status).toEqual({ 'alice.gpg@example.test': 'unpublished' });
    const rv = await fetch(`${base}/vks/v1/request-verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: up.token, addresses: ['alice.gpg@example.test'] }) });
    expect(rv.status).toBe(200);
    const link = /(http:\/\/127\.0\.0\.1:\d+\/verify\/[A-Za-z0-9_-]+)/.exec((await smtp.nextMail()).data)?.[1];
    if (!link) throw new Error('no verification link');
    expect((await fetch(link, { method: 'POST' })).status).toBe(200);

    const search = await bob.gpg(['--search-keys', 'alice.gpg@example.test']);
    expect(search.stdout + search.stderr).toContain('Alice Gpg <alice.gpg@example.test>');
    expect(search.stdout + search.stderr).toMatch(new RegExp(fpr.slice(-16)));
    const none = await bob.gpg(['--search-keys', 'Alice Gpg']);
    expect(none.stdout + none.stderr).not.toContain('alice.gpg@example.test');

    const recv = await bob.gpg(['--recv-keys', fpr]);
    expect(recv.code, recv.stderr).toBe(0);
    expect(recv.stderr).toMatch(/imported: 1/);
    const listed = (await bob.gpg(['--with-colons', '--list-keys', fpr])).stdout;
    expect(listed).toMatch(/^uid:[^:]*:.*Alice Gpg <alice\.gpg@example\.test>/m);
    expect(listed).toMatch(/^pub:-:/m);
  });

  it('a revocation sent with --send-keys reaches another keyring through --refresh-keys', async () => {
    // GnuPG 2.2 writes a revocation certificate at key generation; its armor line is
    // prefixed with ':' so it cannot be imported by accident.
    const rev = readFileSync(path.join(alice.dir, 'openpgp-revocs.d', `${fpr}.rev`), 'utf8').replace(/^:-----BEGIN/m, '-----BEGIN');
    const imp = await alice.gpg(['--import'], rev);
    expect(imp.code, imp.stderr).toBe(0);
    const sent = await alice.gpg(['--send-keys', fpr]);
    expect(sent.code, sent.stderr).toBe(0);

    const refresh = await bob.gpg(['--refresh-keys']);
    expect(refresh.code, refresh.stderr).toBe(0);
    const listed = (await bob.gpg(['--with-colons', '--list-keys', fpr])).stdout;
    expect(listed).toMatch(/^pub:r:/m);
  });
});
