/**
 * RFC 9580 v6 keys. Cachet offers them with a warning because the tools installed here
 * predate RFC 9580: GnuPG 2.2 (no v6 at all), RNP 0.16 (v6 from 0.18), sq 0.27 on
 * sequoia-openpgp 1.12 (v6 from 2.0). Each refusal is asserted with the tool's exit code,
 * so the day a tool learns v6 this file says so. Cachet-to-Cachet with v6 must work.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { exportForGnuPG, readKeyMaterial } from '../../src/core';
import {
  PASSPHRASE,
  TEXT,
  cachetKey,
  checkClearSigned,
  checkDetached,
  clearSigned,
  decryptVerified,
  detachedSignature,
  encryptSigned,
  fpr,
  goodSigners,
  type CachetKey,
} from './tools/cachet';
import { GnuPG } from './tools/gnupg';
import { Rnp } from './tools/rnp';
import { Sop, Sq } from './tools/sequoia';

let alice: CachetKey;
let bob: CachetKey;

beforeAll(async () => {
  alice = await cachetKey('v6', 'Alice Six', 'alice6@example.org');
  bob = await cachetKey('v6', 'Bob Six', 'bob6@example.org');
});

describe('Cachet to Cachet with v6 keys', () => {
  it('generates v6 keys', async () => {
    expect(alice.info.version).toBe(6);
    const { keys } = await readKeyMaterial(alice.armoredPrivate);
    expect(keys[0]!.info.version).toBe(6);
    expect(keys[0]!.secret).toBe('protected');
  });

  it('encrypts and signs, and the recipient decrypts and verifies', async () => {
    const armored = await encryptSigned(TEXT, [bob.publicKey], alice.unlocked);
    const r = await decryptVerified(armored, bob.unlocked, alice.publicKey);
    expect(r.text).toBe(TEXT);
    expect(goodSigners(r.signatures)).toEqual([fpr(alice.publicKey)]);
  });

  it('detached and cleartext signatures verify', async () => {
    const sig = await detachedSignature(TEXT, alice.unlocked);
    expect(goodSigners(await checkDetached(TEXT, sig, alice.publicKey))).toEqual([fpr(alice.publicKey)]);
    expect((await checkDetached(`${TEXT}x`, sig, alice.publicKey)).map((s) => s.status)).toEqual(['bad']);
    const signed = await clearSigned(TEXT, alice.unlocked);
    expect(goodSigners((await checkClearSigned(signed, alice.publicKey)).signatures)).toEqual([fpr(alice.publicKey)]);
  });

  it('refuses to export a v6 key "for GnuPG"', async () => {
    await expect(exportForGnuPG(alice.armoredPrivate, PASSPHRASE)).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });
});

describe('v6 keys in tools that predate RFC 9580', () => {
  it('gpg 2.2 fails to import a v6 public key (exit 2, "unknown version 6")', async () => {
    const gpg = GnuPG.create();
    try {
      const r = await gpg.importKeys(alice.armoredPublic);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/unknown version 6/);
      const listed = await gpg.gpg(['--list-keys', fpr(alice.publicKey)]);
      expect(listed.code).not.toBe(0);
    } finally {
      await gpg.close();
    }
  });

  it('rnp 0.16 fails to import a v6 public key (exit 1)', async () => {
    const rnp = Rnp.create();
    try {
      const r = await rnp.importKeys(alice.armoredPublic);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/wrong key packet version/);
    } finally {
      rnp.close();
    }
  });

  it('sq 0.27 (sequoia-openpgp 1.12) fails to encrypt to a v6 certificate (exit 1)', async () => {
    const sq = Sq.create();
    try {
      const r = await sq.sq(['encrypt', '--recipient-cert', sq.save(alice.armoredPublic)], TEXT);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/Unsupported/i);
    } finally {
      sq.close();
    }
  });

  it('sqop 0.27 fails to encrypt to a v6 certificate (SOP exit 41, BAD_DATA)', async () => {
    const sop = Sop.create();
    try {
      const r = await sop.sop(['encrypt', '--', sop.save(alice.armoredPublic)], TEXT);
      expect(r.code).toBe(41);
    } finally {
      sop.close();
    }
  });
});

