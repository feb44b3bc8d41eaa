import * as openpgp from 'openpgp';
import { describe, expect, it } from 'vitest';
import { generateKey } from '../../../../src/core/keys/generate';
import { pgpConfig } from '../../../../src/core/openpgp-config';
import { codeOf, PASSPHRASE, testKey } from '../helpers';

const base = { name: 'Alice', emails: ['alice@example.org'], passphrase: PASSPHRASE, profile: 'ecc' as const, expiresInDays: null };

/** S2K usage octet of every secret packet (RFC 9580 §5.5.3). */
async function s2kUsages(armored: string): Promise<number[]> {
  const key = await openpgp.readPrivateKey({ armoredKey: armored, config: pgpConfig });
  return key.getKeys().map((k) => (k.keyPacket as unknown as { s2kUsage: number; s2k: { type: string } }).s2kUsage);
}

describe('generateKey', () => {
  it('makes a v4 ed25519/cv25519 key protected with Argon2id + AEAD (usage 253)', async () => {
    const g = await testKey();
    expect(g.info.version).toBe(4);
    expect(g.info.algorithm).toBe('ed25519');
    expect(g.info.hasSecret).toBe(true);
    expect(g.armoredPublic).toContain('BEGIN PGP PUBLIC KEY BLOCK');
    expect(g.armoredPrivate).toContain('BEGIN PGP PRIVATE KEY BLOCK');
    expect(await s2kUsages(g.armoredPrivate)).toEqual([253, 253]);
    const key = await openpgp.readPrivateKey({ armoredKey: g.armoredPrivate, config: pgpConfig });
    const s2k = (key.keyPacket as unknown as { s2k: { type: string; encodedM: number } }).s2k;
    expect(s2k.type).toBe('argon2');
    expect(s2k.encodedM).toBeGreaterThanOrEqual(16);
    expect(key.isDecrypted()).toBe(false);
  });

  it('makes a v6 key when asked, also Argon2 + AEAD', async () => {
    const g = await generateKey({ ...base, profile: 'v6', expiresInDays: 365 });
    expect(g.info.version).toBe(6);
    expect(g.info.algorithm).toBe('ed25519 (v6)');
    expect(g.info.subkeys[0]?.algorithm).toBe('cv25519 (v6)');
    expect(g.info.expires).not.toBeNull();
    expect(await s2kUsages(g.armoredPrivate)).toEqual([253, 253]);
  });

  it('makes an RSA-3072 key', async () => {
    const g = await generateKey({ ...base, profile: 'rsa3072' });
    expect(g.info.algorithm).toBe('rsa3072');
    expect(g.info.subkeys[0]?.algorithm).toBe('rsa3072');
  });

  it('sets expiry and several user IDs', async () => {
    const date = new Date('2030-01-01T00:00:00Z');
    const g = await generateKey({ ...base, emails: ['alice@example.org', 'Alice@Work.example'], expiresInDays: 30, date });
    expect(g.info.expires).toBe('2030-01-31T00:00:00.000Z');
    expect(g.info.emails).toEqual(['alice@example.org', 'alice@work.example']);
    expect(g.info.created).toBe(date.toISOString());
  });

  it('gives a revocation certificate that revokes the key', async () => {
    const g = await testKey();
    const pub = await openpgp.readKey({ armoredKey: g.armoredPublic, config: pgpConfig });
    const { publicKey } = await openpgp.revokeKey({ key: pub, revocationCertificate: g.revocationCertificate, format: 'object', config: pgpConfig });
    expect(await publicKey.isRevoked(undefined, undefined, new Date(), pgpConfig)).toBe(true);
  });

  it('refuses weak passphrases', async () => {
    expect(await codeOf(() => generateKey({ ...base, passphrase: 'password1' }))).toBe('PASSPHRASE_TOO_WEAK');
    expect(await codeOf(() => generateKey({ ...base, passphrase: '' }))).toBe('PASSPHRASE_TOO_WEAK');
  });

  it('refuses non-addresses, hostile names and bad expiry', async () => {
    for (const emails of [[], ['alice'], ['a b@example.org'], ['<a@example.org>'], ['alice@localhost']]) {
      expect(await codeOf(() => generateKey({ ...base, emails }))).toBe('BAD_REQUEST');
    }
    expect(await codeOf(() => generateKey({ ...base, name: 'Eve\r\nX' }))).toBe('BAD_REQUEST');
    expect(await codeOf(() => generateKey({ ...base, name: 'Eve <x@y.z>' }))).toBe('BAD_REQUEST');
    expect(await codeOf(() => generateKey({ ...base, expiresInDays: -1 }))).toBe('BAD_REQUEST');
    expect(await codeOf(() => generateKey({ ...base, expiresInDays: 1.5 }))).toBe('BAD_REQUEST');
    expect(await codeOf(() => generateKey({ ...base, profile: 'dsa' as never }))).toBe('BAD_REQUEST');
  });
});
