import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hkpAdd, hkpGet, hkpIndex } from '../../../../src/core/lookup/hkp';
import { formatHkpIndex, hkpIndexEntryOf } from '../../../../src/core/lookup/hkp-index';
import { keyServerBase } from '../../../../src/core/lookup/server-url';
import { vksByEmail, vksByFingerprint, vksByKeyId, vksRequestVerify, vksUpload } from '../../../../src/core/lookup/vks';
import { codeOf } from '../helpers';
import { startServer, type TestServer } from './http-server';
import { keyPair, publicKey } from './keys';
import type * as openpgp from 'openpgp';

let server: TestServer;
let dave: openpgp.PublicKey;
let eve: openpgp.PublicKey;
let daveFpr = '';
let posted: string[] = [];

beforeAll(async () => {
  dave = await publicKey(['dave@keys.test', 'dave@private.test']);
  eve = await publicKey(['eve@keys.test']);
  daveFpr = dave.getFingerprint().toUpperCase();
  const armored = dave.armor();
  server = await startServer((req) => {
    const url = new URL(req.url, 'http://x');
    if (req.method === 'GET' && url.pathname === `/vks/v1/by-fingerprint/${daveFpr}`) return { status: 200, body: armored, type: 'application/pgp-keys' };
    if (req.method === 'GET' && url.pathname === `/vks/v1/by-keyid/${daveFpr.slice(-16)}`) return { status: 200, body: armored };
    // A lying server: asked for eve's fingerprint, it returns dave's key.
    if (req.method === 'GET' && url.pathname === `/vks/v1/by-fingerprint/${eve.getFingerprint().toUpperCase()}`) return { status: 200, body: armored };
    if (req.method === 'GET' && url.pathname === '/vks/v1/by-email/dave%40keys.test') return { status: 200, body: armored };
    if (req.method === 'POST' && url.pathname === '/vks/v1/upload') {
      posted.push(req.body);
      return { status: 200, type: 'application/json', body: JSON.stringify({ key_fpr: daveFpr.toLowerCase(), token: 'tok', status: { 'Dave@keys.test': 'unpublished', 'x@y.z': 'weird' } }) };
    }
    if (req.method === 'POST' && url.pathname === '/vks/v1/request-verify') {
      posted.push(req.body);
      return { status: 200, type: 'application/json', body: JSON.stringify({ key_fpr: daveFpr, token: 'tok', status: { 'dave@keys.test': 'pending' } }) };
    }
    if (url.pathname === '/pks/lookup' && url.searchParams.get('op') === 'get') {
      const search = url.searchParams.get('search');
      if (search === 'dave@keys.test' || search === `0x${daveFpr}`) return { status: 200, body: armored };
      return null;
    }
    if (url.pathname === '/pks/lookup' && url.searchParams.get('op') === 'index' && url.searchParams.get('options') === 'mr') {
      return { status: 200, body: `info:1:1\npub:${daveFpr}:22:255:1700000000::\nuid:Dave %3Cdave@keys.test%3E:1700000000::\n` };
    }
    if (req.method === 'POST' && url.pathname === '/pks/add') {
      posted.push(req.body);
      return { status: 200, body: 'ok' };
    }
    return null;
  });
}, 60_000);
afterAll(() => server.close());

describe('VKS client', () => {
  it('gets a key by fingerprint, key ID and e-mail (only the asked address kept)', async () => {
    const o = { fetch, base: server.base };
    expect((await vksByFingerprint(daveFpr.toLowerCase(), o)).map((k) => k.fingerprint)).toEqual([daveFpr]);
    expect((await vksByKeyId(`0x${daveFpr.slice(-16)}`, o)).map((k) => k.fingerprint)).toEqual([daveFpr]);
    const byEmail = await vksByEmail('dave@keys.test', o);
    expect(byEmail.map((k) => k.info.emails)).toEqual([['dave@keys.test']]);
    expect(await vksByEmail('nobody@keys.test', o)).toEqual([]);
  });

  it('drops a key the server returns for another fingerprint (VS-03)', async () => {
    expect(await vksByFingerprint(eve.getFingerprint(), { fetch, base: server.base })).toEqual([]);
  });

  it('refuses malformed fingerprints and key IDs before any request', async () => {
    const n = server.seen.length;
    expect(await codeOf(() => vksByFingerprint('ABC', { fetch, base: server.base }))).toBe('BAD_REQUEST');
    expect(await codeOf(() => vksByKeyId('../../x', { fetch, base: server.base }))).toBe('BAD_REQUEST');
    expect(server.seen.length).toBe(n);
  });

  it('uploads a public key and requests verification; statuses lower-cased, unknown states dropped', async () => {
    posted = [];
    const up = await vksUpload(dave.armor(), { fetch, base: server.base });
    expect(up).toEqual({ fingerprint: daveFpr, token: 'tok', status: { 'dave@keys.test': 'unpublished' } });
    expect(JSON.parse(posted[0]!)).toEqual({ keytext: dave.armor() });
    const v = await vksRequestVerify(up.token, ['dave@keys.test'], { fetch, base: server.base }, ['en']);
    expect(v.status).toEqual({ 'dave@keys.test': 'pending' });
    expect(JSON.parse(posted[1]!)).toEqual({ token: 'tok', addresses: ['dave@keys.test'], locale: ['en'] });
  });

  it('never uploads a secret key', async () => {
    const { privateKey } = await keyPair('x@keys.test');
    const n = server.seen.length;
    expect(await codeOf(() => vksUpload(privateKey.armor(), { fetch, base: server.base }))).toBe('BAD_REQUEST');
    expect(await codeOf(() => hkpAdd(privateKey.armor(), { fetch, base: server.base }))).toBe('BAD_REQUEST');
    expect(server.seen.length).toBe(n);
  });
});

describe('HKP client', () => {
  it('op=get by address and by fingerprint, with options=mr', async () => {
    const o = { fetch, base: server.base };
    expect((await hkpGet({ email: 'dave@keys.test' }, o)).map((k) => k.info.emails)).toEqual([['dave@keys.test']]);
    expect((await hkpGet({ fingerprint: daveFpr }, o)).map((k) => k.fingerprint)).toEqual([daveFpr]);
    expect(server.seen.at(-1)!.url).toContain(`search=0x${daveFpr}`);
    expect(server.seen.at(-1)!.url).toContain('options=mr');
    expect(await hkpGet({ email: 'nobody@keys.test' }, o)).toEqual([]);
  });

  it('op=index parses the machine-readable listing', async () => {
    const entries = await hkpIndex({ email: 'dave@keys.test' }, { fetch, base: server.base });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ keyId: daveFpr, algorithm: 22, bits: 255, expires: null });
    expect(entries[0]!.uids[0]!.uid).toBe('Dave <dave@keys.test>');
  });

  it('/pks/add posts keytext form-encoded', async () => {
    posted = [];
    await hkpAdd(dave.armor(), { fetch, base: server.base });
    expect(new URLSearchParams(posted[0]!).get('keytext')).toBe(dave.armor());
    expect(server.seen.at(-1)!.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('the index producer and parser agree on a real key', async () => {
    const entry = await hkpIndexEntryOf(dave);
    const text = formatHkpIndex([entry]);
    expect(text.split('\n')[0]).toBe('info:1:1');
    expect(text).toContain(`pub:${daveFpr}:22:255:`);
    expect(text).toContain('uid:dave <dave@keys.test>:');
  });
});

describe('key server URLs', () => {
  it('accepts https, hkps, and http/hkp on loopback only', () => {
    expect(keyServerBase('https://keys.openpgp.org/')).toBe('https://keys.openpgp.org');
    expect(keyServerBase('hkps://keys.openpgp.org')).toBe('https://keys.openpgp.org');
    expect(keyServerBase('hkp://127.0.0.1:11371')).toBe('http://127.0.0.1:11371');
    expect(keyServerBase('http://[::1]:8080/dir/')).toBe('http://[::1]:8080/dir');
    expect(() => keyServerBase('http://keys.example.org')).toThrow(/LOOKUP_INSECURE_URL/);
    expect(() => keyServerBase('ftp://x')).toThrow(/BAD_REQUEST/);
    expect(() => keyServerBase('https://u:p@x')).toThrow(/BAD_REQUEST/);
    expect(() => keyServerBase('https://x/?a=1')).toThrow(/BAD_REQUEST/);
    expect(() => keyServerBase('not a url')).toThrow(/BAD_REQUEST/);
  });
});
