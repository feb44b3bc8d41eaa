import * as openpgp from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeKey } from '../../../../src/core/keys/describe';
import { setExpiry } from '../../../../src/core/keys/expiry';
import { mergeKeys } from '../../../../src/core/keys/merge';
import { unlockPrivateKey } from '../../../../src/core/keys/protect';
import { applyRevocationCertificate, makeRevocationCertificate, revokeKey } from '../../../../src/core/keys/revoke';
import { pgpConfig } from '../../../../src/core/openpgp-config';
import { codeOf, PASSPHRASE, testKey } from '../helpers';

const info = async (armored: string) => describeKey(await openpgp.readKey({ armoredKey: armored, config: pgpConfig }));
const days = (n: number) => new Date(Date.now() + n * 86_400_000);

let stored: string;
let unlocked: openpgp.PrivateKey;
let subFpr: string;

beforeAll(async () => {
  const g = await testKey();
  stored = g.armoredPrivate;
  unlocked = await unlockPrivateKey(stored, PASSPHRASE);
  subFpr = g.info.subkeys[0]!.fingerprint;
}, 120_000); // Argon2 unlocks are slow when the 2 cores are shared

describe('setExpiry', () => {
  it('changes the primary expiry and keeps the stored protection', async () => {
    const at = days(400);
    const out = await setExpiry({ stored, unlocked, expiresAt: at, subkeys: [] });
    const i = await info(out);
    expect(Math.abs(Date.parse(i.expires!) - at.getTime())).toBeLessThan(2000);
    expect(i.subkeys[0]?.expires).toBeNull();
    expect(out).toContain('PRIVATE KEY BLOCK');
    expect(await codeOf(() => unlockPrivateKey(out, 'wrong passphrase here'))).toBe('WRONG_PASSPHRASE');
    // and back to "never"
    const back = await setExpiry({ stored: out, unlocked, expiresAt: null, subkeys: [], date: new Date(Date.now() + 1000) });
    expect((await info(back)).expires).toBeNull();
  });

  it("changes a subkey's expiry independently of the primary", async () => {
    const at = days(20);
    const out = await setExpiry({ stored, unlocked, expiresAt: null, subkeys: [{ fingerprint: subFpr, expiresAt: at }] });
    const i = await info(out);
    expect(i.expires).toBeNull();
    expect(Math.abs(Date.parse(i.subkeys[0]!.expires!) - at.getTime())).toBeLessThan(2000);
    const key = await openpgp.readKey({ armoredKey: out, config: pgpConfig });
    // After 21 days there is no encryption key any more, the primary is still valid.
    await expect(key.getEncryptionKey(undefined, days(21), undefined, pgpConfig)).rejects.toThrow();
    await expect(key.verifyPrimaryKey(days(21), undefined, pgpConfig)).resolves.toBeUndefined();
  });

  it('refuses unknown subkeys, expiry before creation, and revoked keys', async () => {
    expect(await codeOf(() => setExpiry({ stored, unlocked, expiresAt: null, subkeys: [{ fingerprint: 'AB'.repeat(20), expiresAt: null }] }))).toBe('KEY_NOT_FOUND');
    expect(await codeOf(() => setExpiry({ stored, unlocked, expiresAt: new Date(0), subkeys: [] }))).toBe('BAD_REQUEST');
    const revoked = await revokeKey({ stored, unlocked, reason: 'retired', message: 'bye' });
    expect(await codeOf(() => setExpiry({ stored: revoked, unlocked, expiresAt: null, subkeys: [] }))).toBe('KEY_REVOKED');
  });

  it('works for v6 keys (direct-key signature)', async () => {
    const g = await testKey('six@example.org', 'v6');
    const k = await unlockPrivateKey(g.armoredPrivate, PASSPHRASE);
    const at = days(100);
    const out = await setExpiry({ stored: g.armoredPrivate, unlocked: k, expiresAt: at, subkeys: [] });
    expect(Math.abs(Date.parse((await info(out)).expires!) - at.getTime())).toBeLessThan(2000);
  });
});

describe('revocation', () => {
  it('revokeKey: describeKey says revoked with the reason; protection kept', async () => {
    const out = await revokeKey({ stored, unlocked, reason: 'compromised', message: 'laptop stolen' });
    const i = await info(out);
    expect(i.revoked).toBe(true);
    expect(i.status).toBe('revoked');
    expect(i.revocationReason).toBe('compromised');
    expect(out).toContain('PRIVATE KEY BLOCK');
    const key = await openpgp.readPrivateKey({ armoredKey: out, config: pgpConfig });
    expect(key.isDecrypted()).toBe(false);
  });

  it('a revocation certificate made now is applied later, to the public or the stored key', async () => {
    const g = await testKey();
    const cert = await makeRevocationCertificate({ unlocked, reason: 'superseded', message: 'new key' });
    expect(cert).toContain('BEGIN PGP PUBLIC KEY BLOCK');
    expect((await info(stored)).revoked).toBe(false);
    const pub = await applyRevocationCertificate(g.armoredPublic, cert);
    expect((await info(pub)).revocationReason).toBe('superseded');
    const priv = await applyRevocationCertificate(stored, cert);
    expect((await info(priv)).revoked).toBe(true);
    // The certificate generated with the key also works.
    expect((await info(await applyRevocationCertificate(g.armoredPublic, g.revocationCertificate))).revoked).toBe(true);
  });

  it('NOT_A_REVOCATION for a certificate of another key, or something that is not one', async () => {
    const other = await testKey('bob@example.org');
    expect(await codeOf(() => applyRevocationCertificate(stored, other.revocationCertificate))).toBe('NOT_A_REVOCATION');
    expect(await codeOf(() => applyRevocationCertificate(stored, other.armoredPublic))).toBe('NOT_A_REVOCATION');
    expect(await codeOf(() => applyRevocationCertificate(stored, 'not armor'))).toBe('NOT_A_REVOCATION');
  });
});

describe('mergeKeys', () => {
  it('one side revoked, the other changed expiry: both survive', async () => {
    const at = days(300);
    const deviceA = await revokeKey({ stored, unlocked, reason: 'retired', message: '' });
    const deviceB = await setExpiry({ stored, unlocked, expiresAt: at, subkeys: [{ fingerprint: subFpr, expiresAt: at }] });
    for (const merged of [await mergeKeys(deviceA, deviceB), await mergeKeys(deviceB, deviceA)]) {
      const i = await info(merged);
      expect(i.revoked).toBe(true);
      expect(i.revocationReason).toBe('retired');
      const key = await openpgp.readKey({ armoredKey: merged, config: pgpConfig });
      expect(Math.abs(((await key.getExpirationTime(undefined, pgpConfig)) as Date).getTime() - at.getTime())).toBeLessThan(2000);
      expect(Math.abs(Date.parse(i.subkeys[0]!.expires!) - at.getTime())).toBeLessThan(2000);
    }
  });

  it("keeps base's secret protection; public base stays public", async () => {
    const g = await testKey();
    const merged = await mergeKeys(stored, g.armoredPublic);
    expect(merged).toContain('PRIVATE KEY BLOCK');
    expect(await codeOf(() => unlockPrivateKey(merged, PASSPHRASE))).toBe('NO_ERROR');
    expect(await mergeKeys(g.armoredPublic, stored)).toContain('PUBLIC KEY BLOCK');
  });

  it('KEY_INVALID for different fingerprints', async () => {
    const other = await testKey('bob@example.org');
    expect(await codeOf(() => mergeKeys(stored, other.armoredPublic))).toBe('KEY_INVALID');
  });

  it('ignores an incoming subkey without a valid binding (KM-02)', async () => {
    const g = await testKey();
    const mallory = await testKey('mallory@example.org');
    const victim = await openpgp.readKey({ armoredKey: g.armoredPublic, config: pgpConfig });
    const attacker = await openpgp.readKey({ armoredKey: mallory.armoredPublic, config: pgpConfig });
    // Graft Mallory's encryption subkey (with Mallory's binding) onto Alice's key.
    const out = new openpgp.PacketList<openpgp.AnyPacket>();
    for (const p of victim.toPacketList()) out.push(p);
    out.push(attacker.subkeys[0]!.keyPacket, ...attacker.subkeys[0]!.bindingSignatures);
    const grafted = openpgp.armor(openpgp.enums.armor.publicKey, out.write());
    const merged = await mergeKeys(g.armoredPublic, grafted);
    const key = await openpgp.readKey({ armoredKey: merged, config: pgpConfig });
    expect(key.subkeys.map((s) => s.getFingerprint())).toEqual([victim.subkeys[0]!.getFingerprint()]);
  });
});
