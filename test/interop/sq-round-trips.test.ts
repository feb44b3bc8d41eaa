/**
 * Sequoia's `sq` 0.27 (sequoia-openpgp 1.12) with Cachet, both ways: Cachet's keys used by
 * sq, and keys made by `sq key generate` imported and used by Cachet.
 *
 * sq 0.27 only asks for key passwords on a TTY, so it is handed Cachet's unlocked
 * session form (`serializeUnlocked`); passphrase export is covered by the gpg, sqop and
 * rnp tests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as openpgp from 'openpgp';
import {
  applyRevocationCertificate,
  protectPrivateKey,
  readKeyMaterial,
  serializeUnlocked,
  unlockPrivateKey,
  type KeyProfile,
  type ParsedKey,
} from '../../src/core';
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
  sameSignedText,
  unixLines,
} from './tools/cachet';
import { Sq } from './tools/sequoia';

/** One key both sides hold: the tool's files, Cachet's objects, the primary fingerprint. */
interface Pair {
  id: string;
  toolKey: string;
  toolCert: string;
  unlocked: openpgp.PrivateKey;
  publicKey: openpgp.PublicKey;
}

let sq: Sq;
beforeAll(() => {
  sq = Sq.create();
});
afterAll(() => {
  sq?.close();
});

/** The same six checks for any (key, cert) pair both sides hold. */
function roundTrips(get: () => Pair): void {
  it('sq decrypts and verifies what Cachet encrypted and signed', async () => {
    const k = get();
    const r = await sq.decryptVerify(await encryptSigned(TEXT, [k.publicKey], k.unlocked), k.toolKey, k.toolCert);
    expect(r.code, r.stderr).toBe(0);
    expect(unixLines(r.stdout)).toBe(TEXT);
  });

  it('Cachet decrypts and verifies what sq encrypted and signed', async () => {
    const k = get();
    const r = await decryptVerified(await sq.encryptSign(TEXT, k.toolCert, k.toolKey), k.unlocked, k.publicKey);
    expect(r.text).toBe(TEXT);
    expect(goodSigners(r.signatures)).toEqual([k.id]);
  });

  it('detached signatures verify both ways, and a tampered text fails in sq', async () => {
    const k = get();
    const fromSq = await sq.signDetached(TEXT, k.toolKey);
    expect(goodSigners(await checkDetached(TEXT, fromSq, k.publicKey))).toEqual([k.id]);
    const fromCachet = await detachedSignature(TEXT, k.unlocked);
    const good = await sq.verifyDetached(TEXT, fromCachet, k.toolCert);
    expect(good.code, good.stderr).toBe(0);
    const bad = await sq.verifyDetached(`${TEXT}x`, fromCachet, k.toolCert);
    expect(bad.code).not.toBe(0);
  });

  it('cleartext signatures verify both ways', async () => {
    const k = get();
    const fromSq = await sq.clearSign(TEXT, k.toolKey);
    const seen = await checkClearSigned(fromSq, k.publicKey);
    expect(goodSigners(seen.signatures)).toEqual([k.id]);
    expect(sameSignedText(seen.text, TEXT), seen.text).toBe(true);
    const fromCachet = await clearSigned(TEXT, k.unlocked);
    const r = await sq.verifyClearSigned(fromCachet, k.toolCert);
    expect(r.code, r.stderr).toBe(0);
    expect(sameSignedText(r.stdout, TEXT), r.stdout).toBe(true);
  });
}

describe.each(['ecc', 'rsa3072'] as KeyProfile[])('a %s key made by Cachet, used by sq', (profile) => {
  let k: Pair;

  beforeAll(async () => {
    const key = await cachetKey(profile, 'Cachet Sq', `sq-${profile}@example.org`);
    k = {
      id: fpr(key.publicKey),
      toolKey: serializeUnlocked(key.unlocked),
      toolCert: key.armoredPublic,
      unlocked: key.unlocked,
      publicKey: key.publicKey,
    };
  });

  roundTrips(() => k);
});

describe.each(['cv25519', 'rsa3k'] as const)('a %s key made by `sq key generate`, used by Cachet', (suite) => {
  let k: Pair;
  let parsed: ParsedKey;
  let rev: string;

  beforeAll(async () => {
    const g = await sq.generate(`Sq User <sq-${suite}@example.org>`, suite);
    rev = g.rev;
    const { keys, refused } = await readKeyMaterial(g.key);
    expect(refused).toEqual([]);
    parsed = keys[0]!;
    const unlocked = await unlockPrivateKey(g.key, '');
    k = { id: fpr(unlocked), toolKey: g.key, toolCert: await sq.extractCert(g.key), unlocked, publicKey: unlocked.toPublic() };
  });

  it('is read as one unprotected key with signing and encryption subkeys', () => {
    expect(parsed.secret).toBe('unprotected');
    expect(parsed.info.emails).toEqual([`sq-${suite}@example.org`]);
    const usages = parsed.info.subkeys.flatMap((s) => s.usage);
    expect(usages).toEqual(expect.arrayContaining(['sign', 'encrypt']));
  });

  it('Cachet protects it with a passphrase and unlocks it again', async () => {
    const stored = await protectPrivateKey(k.unlocked, PASSPHRASE);
    const { keys } = await readKeyMaterial(stored);
    expect(keys[0]!.secret).toBe('protected');
    expect(fpr(await unlockPrivateKey(stored, PASSPHRASE))).toBe(k.id);
  });

  it("sq's revocation certificate revokes it in Cachet", async () => {
    const revoked = await applyRevocationCertificate(k.toolCert, rev);
    const { keys } = await readKeyMaterial(revoked);
    expect(keys[0]!.info.revoked).toBe(true);
  });

  roundTrips(() => k);
});
