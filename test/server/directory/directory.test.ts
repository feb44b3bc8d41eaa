/**
 * The vault as a public key directory over Fastify inject, on SQLite and PostgreSQL:
 * VKS upload → request-verify (mail through a loopback SMTP server) → link →
 * published; privacy rules; HKP get/index/add; merges where revocations win; WKD.
 */
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDirectoryConfig } from '../../../src/server/directory/config.js';
import { wkdHash } from '../../../src/server/directory/wkd-hash.js';
import { dialects } from '../helpers/dialects.js';
import { startVault, type TestVault } from '../helpers/vault.js';
import { startFakeSmtp, type FakeSmtp } from './fake-smtp.js';
import { dirKey, read, revoked, withThirdPartyAndPhoto, type DirKey } from './keys.js';

let alice: DirKey, carol: DirKey, alice2: DirKey;
beforeAll(async () => {
  [alice, carol, alice2] = await Promise.all([
    dirKey([{ name: 'Alice', email: 'alice@example.test' }, { email: 'alice.private@example.test' }, { name: 'Name Only' }]),
    dirKey([{ name: 'Carol', email: 'carol@example.test' }]),
    dirKey([{ name: 'Alice New', email: 'alice@example.test' }]),
  ]);
});

const form = (keytext: string) => ({
  method: 'POST' as const, url: '/pks/add',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams({ keytext }).toString(),
});

describe.each(dialects)('key directory on $name', (dialect) => {
  let vault: TestVault;
  let smtp: FakeSmtp;
  beforeAll(async () => {
    smtp = await startFakeSmtp();
    vault = await startVault(dialect, {
      publicUrl: 'https://vault.example.test',
      directory: { ...loadDirectoryConfig({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_FROM: 'keys@vault.example.test', WKD_DOMAINS: 'example.test' }) },
    });
  });
  afterAll(async () => { await vault.close(); await smtp.close(); });

  const get = (url: string) => vault.request({ method: 'GET', url });
  const upload = (keytext: string) => vault.request({ method: 'POST', url: '/vks/v1/upload', payload: { keytext } });
  const verifyLink = async (email: string): Promise<string> => {
    const mail = await smtp.nextMail();
    expect(mail.to).toEqual([email]);
    const m = /https:\/\/vault\.example\.test(\/verify\/[A-Za-z0-9_-]+)/.exec(mail.data);
    if (!m?.[1]) throw new Error(`no link in ${mail.data}`);
    return m[1];
  };

  it('refuses unknown keys (404) and non-exact searches', async () => {
    expect((await get(`/vks/v1/by-fingerprint/${alice.fingerprint.toUpperCase()}`)).statusCode).toBe(404);
    expect((await get(`/vks/v1/by-keyid/${alice.keyId.toUpperCase()}`)).statusCode).toBe(404);
    expect((await get('/vks/v1/by-email/alice%40example.test')).statusCode).toBe(404);
    expect((await get(`/pks/lookup?op=get&search=0x${alice.fingerprint}`)).statusCode).toBe(404);
    expect((await get('/pks/lookup?op=stats&search=x')).statusCode).toBe(501);
  });

  it('uploads (VKS): third-party certifications, user attributes and name-only user IDs are dropped; addresses stay unpublished; served by fingerprint stripped', async () => {
    const res = await upload(await withThirdPartyAndPhoto(alice, carol.object));
    expect(res.statusCode).toBe(200);
    const body = res.json<{ key_fpr: string; status: Record<string, string>; token: string }>();
    expect(body.key_fpr).toBe(alice.fingerprint.toUpperCase());
    expect(body.status).toEqual({ 'alice@example.test': 'unpublished', 'alice.private@example.test': 'unpublished' });
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{20,}$/);

    const served = await get(`/vks/v1/by-fingerprint/${alice.fingerprint.toUpperCase()}`);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toMatch(/application\/pgp-keys/);
    const key = await read(served.body);
    expect(key.users).toHaveLength(0); // nothing verified yet: primary key + subkeys (+ revocations) only
    expect(key.subkeys).toHaveLength(1);
    expect((await get(`/vks/v1/by-keyid/${alice.keyId}`)).statusCode).toBe(200);
    expect((await get('/vks/v1/by-email/alice%40example.test')).statusCode).toBe(404);
  });

  it('request-verify mails a link; GET shows a form, POST publishes exactly that address; the link works once', async () => {
    const { token } = (await upload(alice.publicKey)).json<{ token: string }>();
    const res = await vault.request({ method: 'POST', url: '/vks/v1/request-verify', payload: { token, addresses: ['alice@example.test'], locale: ['en'] } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ key_fpr: alice.fingerprint.toUpperCase(), token, status: { 'alice@example.test': 'pending', 'alice.private@example.test': 'unpublished' } });
    const link = await verifyLink('alice@example.test');

    const page = await get(link);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<form method="post"');
    expect((await get('/vks/v1/by-email/alice%40example.test')).statusCode).toBe(404); // GET alone publishes nothing

    expect((await vault.request({ method: 'POST', url: link })).statusCode).toBe(200);
    expect((await vault.request({ method: 'POST', url: link })).statusCode).toBe(404);

    for (const url of ['/vks/v1/by-email/alice%40example.test', '/vks/v1/by-email/ALICE%40Example.TEST', `/vks/v1/by-fingerprint/${alice.fingerprint}`]) {
      const key = await read((await get(url)).body);
      expect(key.getUserIDs()).toEqual(['Alice <alice@example.test>']);
      expect(key.users[0]?.otherCertifications).toHaveLength(0);
    }
    const status = (await upload(alice.publicKey)).json<{ status: Record<string, string> }>().status;
    expect(status['alice@example.test']).toBe('published');
    // Exact match only: no substring, local part or domain searches.
    for (const q of ['alice', 'example.test', 'lice@example.test', 'Alice']) {
      expect((await get(`/pks/lookup?op=index&options=mr&search=${encodeURIComponent(q)}`)).statusCode).toBe(404);
    }
    expect((await get(`/pks/lookup?op=get&search=0x${alice.keyId.slice(8)}`)).statusCode).toBe(404); // short key IDs
  });

  it('refuses request-verify for an address that is not a user ID, and unknown tokens', async () => {
    const { token } = (await upload(alice.publicKey)).json<{ token: string }>();
    const notMine = await vault.request({ method: 'POST', url: '/vks/v1/request-verify', payload: { token, addresses: ['mallory@example.test'] } });
    expect(notMine.statusCode).toBe(400);
    expect(notMine.json()).toHaveProperty('error');
    const bad = await vault.request({ method: 'POST', url: '/vks/v1/request-verify', payload: { token: 'x'.repeat(30), addresses: ['alice@example.test'] } });
    expect(bad.statusCode).toBe(400);
    expect((await get('/verify/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).statusCode).toBe(404);
  });

  it('HKP: op=index&options=mr lists exact matches, op=get serves armor', async () => {
    const index = await get('/pks/lookup?op=index&options=mr&search=alice%40example.test');
    expect(index.statusCode).toBe(200);
    const lines = index.body.trim().split('\n');
    expect(lines[0]).toBe('info:1:1');
    expect(lines[1]).toMatch(new RegExp(`^pub:${alice.fingerprint.toUpperCase()}:22:255:\\d+::$`));
    // §5.2: ':' '%' and non-printable bytes are %-escaped, a space is printable and kept
    // (gpg --search-keys reads both: test/server/directory/gnupg.test.ts).
    expect(lines[2]).toMatch(/^uid:Alice <alice@example.test>:\d+::$/);
    expect(decodeURIComponent(lines[2]?.split(':')[1] ?? '')).toBe('Alice <alice@example.test>');
    const byFpr = await get(`/pks/lookup?op=get&options=mr&search=0x${alice.fingerprint.toUpperCase()}`);
    expect((await read(byFpr.body)).getFingerprint()).toBe(alice.fingerprint);
  });

  it('refuses secret keys anywhere (400) and uploads over 1 MiB (413); nothing is stored', async () => {
    const secret = carol.object.armor();
    expect((await upload(secret)).statusCode).toBe(400);
    expect((await vault.request(form(secret))).statusCode).toBe(400);
    // Secret packets relabelled as a public block are still secret.
    const disguised = secret.replace(/PRIVATE KEY BLOCK/g, 'PUBLIC KEY BLOCK');
    expect((await upload(disguised)).statusCode).toBe(400);
    expect((await vault.request(form(disguised))).statusCode).toBe(400);
    expect((await get(`/vks/v1/by-fingerprint/${carol.fingerprint}`)).statusCode).toBe(404);
    const huge = carol.publicKey + '\n' + 'A'.repeat(1024 * 1024);
    expect((await upload(huge)).statusCode).toBe(413);
    expect((await upload('not a key')).statusCode).toBe(400);
    // Too many user IDs: refused before any signature is checked.
    const many = await dirKey(Array.from({ length: 101 }, (_, i) => ({ email: `u${i}@example.test` })));
    expect((await upload(many.publicKey)).statusCode).toBe(400);
  });

  it('HKP add merges into the stored copy and revocations win over an older upload', async () => {
    const revokedKey = await revoked(alice);
    const add = await vault.request(form(revokedKey));
    expect(add.statusCode).toBe(200);
    expect(add.body).toContain(`Updated ${alice.fingerprint.toUpperCase()}`);
    expect((await vault.request(form(alice.publicKey))).statusCode).toBe(200); // the old, unrevoked copy again
    const served = await read((await get(`/vks/v1/by-fingerprint/${alice.fingerprint}`)).body);
    expect(await served.isRevoked()).toBe(true);
    expect(served.getUserIDs()).toEqual(['Alice <alice@example.test>']);
    const status = (await upload(alice.publicKey)).json<{ status: Record<string, string> }>().status;
    expect(Object.values(status)).toEqual(['revoked', 'revoked']);
    const index = await get(`/pks/lookup?op=index&options=mr&search=0x${alice.fingerprint}`);
    expect(index.body.split('\n')[1]).toMatch(/:r$/);
  });

  it('WKD: advanced and direct method serve binary keys with only the looked-up address, CORS open; policy files; other domains 404', async () => {
    const hash = wkdHash('alice');
    const adv = await get(`/.well-known/openpgpkey/example.test/hu/${hash}?l=alice`);
    expect(adv.statusCode).toBe(200);
    expect(adv.headers['access-control-allow-origin']).toBe('*');
    const key = await openpgp.readKey({ binaryKey: adv.rawPayload });
    expect(key.getUserIDs()).toEqual(['Alice <alice@example.test>']);
    const direct = await vault.request({ method: 'GET', url: `/.well-known/openpgpkey/hu/${hash}`, headers: { host: 'example.test' } });
    expect(direct.statusCode).toBe(200);
    expect(Buffer.compare(direct.rawPayload, adv.rawPayload)).toBe(0);
    for (const url of ['/.well-known/openpgpkey/example.test/policy', '/.well-known/openpgpkey/policy']) {
      const p = await get(url);
      expect(p.statusCode).toBe(200);
      expect(p.headers['access-control-allow-origin']).toBe('*');
    }
    expect((await get(`/.well-known/openpgpkey/other.test/hu/${hash}`)).statusCode).toBe(404);
    expect((await get('/.well-known/openpgpkey/other.test/policy')).statusCode).toBe(404);
    expect((await get(`/.well-known/openpgpkey/example.test/hu/${wkdHash('alice.private')}`)).statusCode).toBe(404); // never verified
  });

  it('an address verified for a newer key moves to it', async () => {
    const { token } = (await upload(alice2.publicKey)).json<{ token: string }>();
    await vault.request({ method: 'POST', url: '/vks/v1/request-verify', payload: { token, addresses: ['alice@example.test'] } });
    expect((await vault.request({ method: 'POST', url: await verifyLink('alice@example.test') })).statusCode).toBe(200);
    const found = await read((await get('/vks/v1/by-email/alice%40example.test')).body);
    expect(found.getFingerprint()).toBe(alice2.fingerprint);
    // The old key is still served by fingerprint (its revocation keeps spreading), without the address.
    expect((await read((await get(`/vks/v1/by-fingerprint/${alice.fingerprint}`)).body)).users).toHaveLength(0);
  });
});

describe('key directory limits', () => {
  it('uploads and verification requests have the login routes\' per-IP budget (3 × LOGIN_RATE_LIMIT a minute)', async () => {
    const [first] = dialects;
    if (!first) throw new Error('no dialect');
    const vault = await startVault(first, { loginRateLimitPerMinute: 1 });
    try {
      const keytext = (await dirKey([{ email: 'limit@example.test' }])).publicKey;
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) codes.push((await vault.request({ method: 'POST', url: '/vks/v1/upload', payload: { keytext } })).statusCode);
      expect(codes).toEqual([200, 200, 200, 429]);
      expect((await vault.request({ method: 'GET', url: '/vks/v1/by-email/limit%40example.test' })).statusCode).toBe(404); // look-ups keep the global budget
    } finally {
      await vault.close();
    }
  });
});

describe('key directory without SMTP', () => {
  it('request-verify answers 503', async () => {
    const [first] = dialects;
    if (!first) throw new Error('no dialect');
    const vault = await startVault(first);
    try {
      const { token } = (await vault.request({ method: 'POST', url: '/vks/v1/upload', payload: { keytext: (await dirKey([{ email: 'x@example.test' }])).publicKey } })).json<{ token: string }>();
      const res = await vault.request({ method: 'POST', url: '/vks/v1/request-verify', payload: { token, addresses: ['x@example.test'] } });
      expect(res.statusCode).toBe(503);
    } finally {
      await vault.close();
    }
  });
});
