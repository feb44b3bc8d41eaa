import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWkdPolicy, fetchWkdPolicy, wkdHash, wkdLookup, wkdUrl, type WkdBase } from '../../../../src/core/lookup/wkd';
import { codeOf } from '../helpers';
import { deadPort, startServer, type TestServer } from './http-server';
import { publicKey } from './keys';

describe('WKD hash and URLs', () => {
  it('matches the example of draft-koch-openpgp-webkey-service §3.1', async () => {
    expect(await wkdHash('Joe.Doe')).toBe('iy9q119eutrkn8s1mk4r39qejnbu3n5q');
    expect(await wkdUrl('Joe.Doe@Example.ORG', 'advanced')).toBe(
      'https://openpgpkey.example.org/.well-known/openpgpkey/example.org/hu/iy9q119eutrkn8s1mk4r39qejnbu3n5q?l=Joe.Doe',
    );
    expect(await wkdUrl('Joe.Doe@Example.ORG', 'direct')).toBe('https://example.org/.well-known/openpgpkey/hu/iy9q119eutrkn8s1mk4r39qejnbu3n5q?l=Joe.Doe');
  });

  it('lower-cases ASCII only (non-ASCII letters are hashed as written, like GnuPG)', async () => {
    expect(await wkdHash('ÜMLAUT')).toBe(await wkdHash('Ümlaut'));
    expect(await wkdHash('ÜMLAUT')).not.toBe(await wkdHash('ümlaut'));
  });

  it('gives no URL for things that are not one address', async () => {
    for (const bad of ['', 'no-at', '@example.org', 'a@', 'a b@example.org', '<a@example.org>', 'a@exa/mple.org', 'a@.example.org']) {
      expect(await wkdUrl(bad, 'direct')).toBeNull();
    }
  });

  it('percent-encodes the local part in l=', async () => {
    expect(await wkdUrl('a+b&c@example.org', 'direct')).toMatch(/\?l=a%2Bb%26c$/);
  });
});

describe('WKD policy file', () => {
  it('parses keywords, values and comments', () => {
    const p = parseWkdPolicy('# comment\nmailbox-only\nprotocol-version: 5\nsubmission-address: key-submission@example.org\nfuture-thing: x\n');
    expect(p).toMatchObject({ mailboxOnly: true, daneOnly: false, authSubmit: false, protocolVersion: 5, submissionAddress: 'key-submission@example.org' });
    expect(p.other).toEqual({ 'future-thing': 'x' });
  });
});

describe('WKD look-up over HTTP', () => {
  let server: TestServer;
  let dead: number;
  const files = new Map<string, Uint8Array>();
  let carolFpr = '';
  let otherFpr = '';
  let directOnly: WkdBase;
  let advancedOnly: WkdBase;

  beforeAll(async () => {
    // carol's key also carries a user ID for another address: it must be stripped (§3.1 filtering).
    const carol = await publicKey(['carol@wkd.test', 'carol@elsewhere.test']);
    const other = await publicKey(['someone@else.test']);
    carolFpr = carol.getFingerprint().toUpperCase();
    otherFpr = other.getFingerprint().toUpperCase();
    const both = new Uint8Array([...carol.write(), ...other.write()]);
    files.set(`/.well-known/openpgpkey/hu/${await wkdHash('carol')}`, both);
    files.set(`/adv/.well-known/openpgpkey/wkd.test/hu/${await wkdHash('carol')}`, carol.write());
    files.set('/.well-known/openpgpkey/policy', new TextEncoder().encode('mailbox-only\n'));
    server = await startServer((req) => {
      const path = req.url.split('?')[0]!;
      const body = files.get(path);
      if (path.endsWith('/hu/huge')) return { status: 200, body: new Uint8Array(2 * 1024 * 1024), type: 'application/octet-stream' };
      if (path.endsWith('/hu/boom')) return { status: 500 };
      return body ? { status: 200, body, type: 'application/octet-stream' } : null;
    });
    dead = await deadPort();
    directOnly = (domain, method) => (method === 'advanced' ? `http://127.0.0.1:${dead}/.well-known/openpgpkey/${domain}` : `${server.base}/.well-known/openpgpkey`);
    advancedOnly = (domain, method) => (method === 'advanced' ? `${server.base}/adv/.well-known/openpgpkey/${domain}` : `http://127.0.0.1:${dead}`);
  }, 60_000);
  afterAll(() => server.close());

  it('falls back to the direct method when the advanced host is unreachable, and keeps only the address', async () => {
    const r = await wkdLookup('carol@wkd.test', { fetch, base: directOnly });
    expect(r.method).toBe('direct');
    expect(r.keys.map((k) => k.fingerprint)).toEqual([carolFpr]); // the unrelated key in the file is dropped
    expect(r.keys[0]!.info.emails).toEqual(['carol@wkd.test']);
    expect(r.keys[0]!.armored).toMatch(/BEGIN PGP PUBLIC KEY BLOCK/);
    expect(r.keys.some((k) => k.fingerprint === otherFpr)).toBe(false);
    expect(server.seen.at(-1)!.url).toContain('?l=carol');
  });

  it('uses the advanced method when it answers, upper-case address included', async () => {
    const r = await wkdLookup('Carol@WKD.test', { fetch, base: advancedOnly });
    expect(r.method).toBe('advanced');
    expect(r.keys.map((k) => k.fingerprint)).toEqual([carolFpr]);
  });

  it('a 404 from the advanced host means "no key" (no fallback)', async () => {
    const before = server.seen.length;
    const r = await wkdLookup('nobody@wkd.test', { fetch, base: advancedOnly });
    expect(r).toEqual({ method: 'advanced', keys: [] });
    expect(server.seen.length).toBe(before + 1);
  });

  it('reports a directory unreachable by both methods as LOOKUP_UNREACHABLE', async () => {
    const nowhere: WkdBase = () => `http://127.0.0.1:${dead}`;
    expect(await codeOf(() => wkdLookup('carol@wkd.test', { fetch, base: nowhere }))).toBe('LOOKUP_UNREACHABLE');
  });

  it('caps the document size and maps 5xx to LOOKUP_REFUSED', async () => {
    const base: WkdBase = () => `${server.base}/.well-known/openpgpkey`;
    const fakeHash = (name: string): typeof fetch => (url, init) => fetch(String(url).replace(/\/hu\/[a-z0-9]+/, `/hu/${name}`), init);
    expect(await codeOf(() => wkdLookup('carol@wkd.test', { fetch: fakeHash('huge'), base }))).toBe('TOO_LARGE');
    expect(await codeOf(() => wkdLookup('carol@wkd.test', { fetch: fakeHash('boom'), base }))).toBe('LOOKUP_REFUSED');
  });

  it('fetches the policy file, null when missing', async () => {
    expect((await fetchWkdPolicy('wkd.test', 'direct', { fetch, base: directOnly }))?.mailboxOnly).toBe(true);
    expect(await fetchWkdPolicy('wkd.test', 'advanced', { fetch, base: advancedOnly })).toBeNull();
  });
});
