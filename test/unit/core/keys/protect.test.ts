import * as openpgp from 'openpgp';
import { describe, expect, it } from 'vitest';
import {
  changePassphrase,
  exportForGnuPG,
  isUnlocked,
  protectPrivateKey,
  restoreUnlocked,
  serializeUnlocked,
  unlockPrivateKey,
} from '../../../../src/core/keys/protect';
import { pgpConfig } from '../../../../src/core/openpgp-config';
import { codeOf, PASSPHRASE, testKey } from '../helpers';

const NEW_PASSPHRASE = 'violet submarine orchestra 7 tulips';

/**
 * KM-06 key overwriting: keep the (encrypted or plain) secret part, replace the public
 * point of one key packet with the point of another genuine key.
 */
async function overwritePublicPoint(armored: string, donorArmored: string, which: 'primary' | 'subkey'): Promise<string> {
  const victim = await openpgp.readPrivateKey({ armoredKey: armored, config: pgpConfig });
  const donor = await openpgp.readKey({ armoredKey: donorArmored, config: pgpConfig });
  const target = which === 'primary' ? victim.keyPacket : victim.subkeys[0]!.keyPacket;
  const source = which === 'primary' ? donor.keyPacket : donor.subkeys[0]!.keyPacket;
  const params = target.publicParams as { Q: Uint8Array };
  const donorQ = (source.publicParams as { Q: Uint8Array }).Q;
  expect(params.Q).not.toEqual(donorQ);
  params.Q = donorQ;
  return victim.armor(pgpConfig);
}

describe('unlockPrivateKey', () => {
  it('unlocks with the right passphrase and validates', async () => {
    const g = await testKey();
    const key = await unlockPrivateKey(g.armoredPrivate, PASSPHRASE);
    expect(isUnlocked(key)).toBe(true);
    expect(key.getFingerprint().toUpperCase()).toBe(g.info.fingerprint);
  });

  it('WRONG_PASSPHRASE on a wrong or empty passphrase (KM-08)', async () => {
    const g = await testKey();
    expect(await codeOf(() => unlockPrivateKey(g.armoredPrivate, 'not the passphrase at all'))).toBe('WRONG_PASSPHRASE');
    expect(await codeOf(() => unlockPrivateKey(g.armoredPrivate, ''))).toBe('PASSPHRASE_REQUIRED');
  });

  it('MALFORMED_ARMOR on broken or truncated armor; BAD_REQUEST for a public key', async () => {
    const g = await testKey();
    expect(await codeOf(() => unlockPrivateKey('-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n!!!!\n-----END PGP PRIVATE KEY BLOCK-----', PASSPHRASE))).toBe('MALFORMED_ARMOR');
    const lines = g.armoredPrivate.split('\n');
    const truncated = [...lines.slice(0, Math.floor(lines.length / 2)), '-----END PGP PRIVATE KEY BLOCK-----'].join('\n');
    expect(await codeOf(() => unlockPrivateKey(truncated, PASSPHRASE))).toBe('MALFORMED_ARMOR');
    expect(await codeOf(() => unlockPrivateKey(g.armoredPublic, PASSPHRASE))).toBe('BAD_REQUEST');
    expect(await codeOf(() => unlockPrivateKey('', PASSPHRASE))).toBe('BAD_REQUEST');
  });

  it('KEY_INVALID when the public parameters of an iterated-S2K (gpg-style) key were overwritten (KM-06)', async () => {
    const g = await testKey();
    const donor = await testKey('mallory@example.org');
    const gpgStyle = await exportForGnuPG(g.armoredPrivate, PASSPHRASE);
    for (const which of ['primary', 'subkey'] as const) {
      const tampered = await overwritePublicPoint(gpgStyle, donor.armoredPublic, which);
      expect(await codeOf(() => unlockPrivateKey(tampered, PASSPHRASE))).toBe('KEY_INVALID');
    }
  });

  it('KEY_INVALID for an unprotected key or session-cache form with overwritten public parameters (KM-06)', async () => {
    const g = await testKey();
    const donor = await testKey('mallory@example.org');
    const plain = serializeUnlocked(await unlockPrivateKey(g.armoredPrivate, PASSPHRASE));
    const tampered = await overwritePublicPoint(plain, donor.armoredPublic, 'subkey');
    expect(await codeOf(() => unlockPrivateKey(tampered, ''))).toBe('KEY_INVALID');
    expect(await codeOf(() => restoreUnlocked(tampered))).toBe('KEY_INVALID');
  });

  it('fails closed for an AEAD-protected key with overwritten public parameters (AEAD binds the public key)', async () => {
    const g = await testKey();
    const donor = await testKey('mallory@example.org');
    const tampered = await overwritePublicPoint(g.armoredPrivate, donor.armoredPublic, 'subkey');
    // Indistinguishable from a wrong passphrase: the AEAD tag covers the public key (RFC 9580 §5.5.3).
    expect(await codeOf(() => unlockPrivateKey(tampered, PASSPHRASE))).toBe('WRONG_PASSPHRASE');
  });
});

describe('protect / change / export / session cache', () => {
  it('protectPrivateKey gives Argon2 + AEAD, and refuses a locked key', async () => {
    const g = await testKey();
    const unlocked = await unlockPrivateKey(g.armoredPrivate, PASSPHRASE);
    const armored = await protectPrivateKey(unlocked, NEW_PASSPHRASE);
    expect(isUnlocked(unlocked)).toBe(true); // the given object is not modified
    const locked = await openpgp.readPrivateKey({ armoredKey: armored, config: pgpConfig });
    const packet = locked.keyPacket as unknown as { s2kUsage: number; s2k: { type: string } };
    expect(packet.s2kUsage).toBe(253);
    expect(packet.s2k.type).toBe('argon2');
    expect(await codeOf(() => protectPrivateKey(locked, NEW_PASSPHRASE))).toBe('BAD_REQUEST');
  });

  it('changePassphrase: new one works, old one does not; weak new one refused', async () => {
    const g = await testKey();
    const changed = await changePassphrase(g.armoredPrivate, PASSPHRASE, NEW_PASSPHRASE);
    expect(await codeOf(() => unlockPrivateKey(changed, PASSPHRASE))).toBe('WRONG_PASSPHRASE');
    expect(isUnlocked(await unlockPrivateKey(changed, NEW_PASSPHRASE))).toBe(true);
    expect(await codeOf(() => changePassphrase(g.armoredPrivate, PASSPHRASE, 'short'))).toBe('PASSPHRASE_TOO_WEAK');
    expect(await codeOf(() => changePassphrase(g.armoredPrivate, 'wrong wrong wrong wrong', NEW_PASSPHRASE))).toBe('WRONG_PASSPHRASE');
  });

  it('exportForGnuPG uses iterated+salted SHA-256 AES-256 (usage 254) and still unlocks', async () => {
    const g = await testKey();
    const exported = await exportForGnuPG(g.armoredPrivate, PASSPHRASE);
    const key = await openpgp.readPrivateKey({ armoredKey: exported, config: pgpConfig });
    for (const k of key.getKeys()) {
      const p = k.keyPacket as unknown as { s2kUsage: number; s2k: { type: string; algorithm: number }; symmetric: number };
      expect(p.s2kUsage).toBe(254);
      expect(p.s2k.type).toBe('iterated');
      expect(p.s2k.algorithm).toBe(openpgp.enums.hash.sha256);
      expect(p.symmetric).toBe(openpgp.enums.symmetric.aes256);
    }
    expect(isUnlocked(await unlockPrivateKey(exported, PASSPHRASE))).toBe(true);
  });

  it('exportForGnuPG refuses v6 keys', async () => {
    const g = await testKey('six@example.org', 'v6');
    expect(await codeOf(() => exportForGnuPG(g.armoredPrivate, PASSPHRASE))).toBe('UNSUPPORTED');
  });

  it('serializeUnlocked / restoreUnlocked round-trip; locked keys refused', async () => {
    const g = await testKey();
    const unlocked = await unlockPrivateKey(g.armoredPrivate, PASSPHRASE);
    const restored = await restoreUnlocked(serializeUnlocked(unlocked));
    expect(isUnlocked(restored)).toBe(true);
    expect(restored.getFingerprint()).toBe(unlocked.getFingerprint());
    const locked = await openpgp.readPrivateKey({ armoredKey: g.armoredPrivate, config: pgpConfig });
    expect(() => serializeUnlocked(locked)).toThrow(/BAD_REQUEST/);
    expect(await codeOf(() => restoreUnlocked(g.armoredPrivate))).toBe('KEY_INVALID');
  });
});
