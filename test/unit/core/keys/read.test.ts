import { readFileSync } from 'node:fs';
import * as openpgp from 'openpgp';
import { describe, expect, it } from 'vitest';
import { readKeyMaterial } from '../../../../src/core/keys/read';
import { serializeUnlocked, unlockPrivateKey } from '../../../../src/core/keys/protect';
import { pgpConfig } from '../../../../src/core/openpgp-config';
import { codeOf, PASSPHRASE, testKey } from '../helpers';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

describe('readKeyMaterial', () => {
  it('reads one public key, with surrounding text ignored', async () => {
    const g = await testKey();
    const r = await readKeyMaterial(`Hi, here is my key:\n\n${g.armoredPublic}\n-- \nAlice`);
    expect(r.refused).toEqual([]);
    expect(r.keys).toHaveLength(1);
    expect(r.keys[0]?.secret).toBe('none');
    expect(r.keys[0]?.info.fingerprint).toBe(g.info.fingerprint);
  });

  it('reads several keys in one paste, and merges public + private of the same key', async () => {
    const a = await testKey();
    const b = await testKey('bob@example.org');
    const r = await readKeyMaterial([a.armoredPublic, b.armoredPublic, a.armoredPrivate].join('\n\nsome text\n'));
    expect(r.keys.map((k) => k.info.fingerprint).sort()).toEqual([a.info.fingerprint, b.info.fingerprint].sort());
    const alice = r.keys.find((k) => k.info.fingerprint === a.info.fingerprint)!;
    expect(alice.secret).toBe('protected');
    expect(alice.needsReprotect).toBe(false);
  });

  it('reads binary input (several keys concatenated), and armored text given as bytes', async () => {
    const a = await testKey();
    const b = await testKey('bob@example.org');
    const bin = (s: string) => openpgp.readKey({ armoredKey: s, config: pgpConfig }).then((k) => k.write());
    const [x, y] = [await bin(a.armoredPublic), await bin(b.armoredPublic)];
    const joined = new Uint8Array(x.length + y.length);
    joined.set(x);
    joined.set(y, x.length);
    expect((await readKeyMaterial(joined)).keys).toHaveLength(2);
    expect((await readKeyMaterial(new TextEncoder().encode(a.armoredPublic))).keys).toHaveLength(1);
  });

  it('reports an unprotected private key as unprotected', async () => {
    const g = await testKey();
    const plain = serializeUnlocked(await unlockPrivateKey(g.armoredPrivate, PASSPHRASE));
    const r = await readKeyMaterial(plain);
    expect(r.keys[0]?.secret).toBe('unprotected');
    expect(r.keys[0]?.needsReprotect).toBe(true);
  });

  it('accepts a gpg-made key protected with iterated S2K, flagged for re-protection', async () => {
    const r = await readKeyMaterial(fixture('gpg-ed25519-secret.asc'));
    expect(r.keys[0]?.secret).toBe('protected');
    expect(r.keys[0]?.needsReprotect).toBe(true);
    expect(r.keys[0]?.info.emails).toEqual(['gpguser@example.org']);
  });

  it('refuses RSA-1024 and DSA as WEAK_KEY while keeping the others (KM-07)', async () => {
    const good = await testKey();
    const r = await readKeyMaterial([fixture('rsa1024-public.asc'), good.armoredPublic, fixture('dsa2048-public.asc')].join('\n'));
    expect(r.keys.map((k) => k.info.fingerprint)).toEqual([good.info.fingerprint]);
    expect(r.refused.map((x) => [x.code, x.detail])).toEqual([
      ['WEAK_KEY', 'rsa1024'],
      ['WEAK_KEY', 'dsa'],
    ]);
  });

  it('TOO_LARGE for a 10 MB paste, before parsing', async () => {
    const g = await testKey();
    const huge = g.armoredPublic + 'x'.repeat(10 * 1024 * 1024);
    expect(await codeOf(() => readKeyMaterial(huge))).toBe('TOO_LARGE');
    expect(await codeOf(() => readKeyMaterial(new Uint8Array(10 * 1024 * 1024)))).toBe('TOO_LARGE');
  });

  it('TOO_LARGE for more than 100 keys', async () => {
    const g = await testKey();
    expect(await codeOf(() => readKeyMaterial(Array(101).fill(g.armoredPublic).join('\n')))).toBe('TOO_LARGE');
  });

  it('TOO_LARGE for a key with more than 1,000 user IDs', async () => {
    const g = await testKey();
    const key = await openpgp.readKey({ armoredKey: g.armoredPublic, config: pgpConfig });
    const list = key.toPacketList();
    const out = new openpgp.PacketList<openpgp.AnyPacket>();
    for (const p of list) out.push(p);
    for (let i = 0; i < 1001; i++) {
      out.push(openpgp.UserIDPacket.fromObject({ email: `spam${i}@example.org` }));
    }
    expect(await codeOf(() => readKeyMaterial(out.write()))).toBe('TOO_LARGE');
  });

  it('MALFORMED_ARMOR on broken armor, CRC, truncation or garbage binary', async () => {
    const g = await testKey();
    const lines = g.armoredPublic.trim().split('\n');
    const truncated = [...lines.slice(0, 4), lines.at(-1)].join('\n');
    expect(await codeOf(() => readKeyMaterial(truncated))).toBe('MALFORMED_ARMOR');
    // Body starting with a byte whose packet tag is invalid (RFC 9580 §4.2: bit 7 clear).
    const badHeader = g.armoredPublic.replace(/\n\n[A-Za-z0-9+/]/, '\n\nA');
    expect(badHeader).not.toBe(g.armoredPublic);
    expect(await codeOf(() => readKeyMaterial(badHeader))).toBe('MALFORMED_ARMOR');
    expect(await codeOf(() => readKeyMaterial('-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nAAAA'))).toBe('MALFORMED_ARMOR');
    expect(await codeOf(() => readKeyMaterial(new Uint8Array([0x99, 0x01, 0xff, 0x04, 0x00])))).toBe('MALFORMED_ARMOR');
  });

  it('NO_KEY_FOUND for text without a key', async () => {
    expect(await codeOf(() => readKeyMaterial('hello, no key here'))).toBe('NO_KEY_FOUND');
    expect(await codeOf(() => readKeyMaterial(''))).toBe('NO_KEY_FOUND');
  });
});
