/**
 * RNP 0.16 with Cachet, both ways: Cachet's keys exported for GnuPG (iterated S2K, the
 * only protection rnp 0.16 reads: "Key protection: CFB") imported by rnpkeys, and keys
 * made by `rnpkeys --generate-key` (default RSA and the --expert EdDSA + X25519 choice)
 * exported with their password and imported by Cachet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as openpgp from 'openpgp';
import { exportForGnuPG, readKeyMaterial, unlockPrivateKey, type KeyProfile, type ParsedKey } from '../../src/core';
import {
  PASSPHRASE,
  TEXT,
  WRONG_PASSPHRASE,
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
import { Rnp, goodSignatureBy } from './tools/rnp';

interface Pair {
  id: string;
  unlocked: openpgp.PrivateKey;
  publicKey: openpgp.PublicKey;
}

let rnp: Rnp;
beforeAll(() => {
  rnp = Rnp.create();
});
afterAll(() => {
  rnp?.close();
});

function roundTrips(get: () => Pair): void {
  it('rnp decrypts and verifies what Cachet encrypted and signed', async () => {
    const k = get();
    const r = await rnp.decrypt(await encryptSigned(TEXT, [k.publicKey], k.unlocked), PASSPHRASE);
    expect(r.code, r.stderr).toBe(0);
    expect(unixLines(r.stdout)).toBe(TEXT);
    expect(goodSignatureBy(r, k.id), r.stderr).toBe(true);
  });

  it('Cachet decrypts and verifies what rnp encrypted and signed', async () => {
    const k = get();
    const armored = await rnp.encryptSign(TEXT, k.id, k.id, PASSPHRASE);
    const r = await decryptVerified(armored, k.unlocked, k.publicKey);
    expect(r.text).toBe(TEXT);
    expect(goodSigners(r.signatures)).toEqual([k.id]);
  });

  it('detached signatures verify both ways, and a tampered text fails in rnp', async () => {
    const k = get();
    const fromRnp = await rnp.signDetached(TEXT, k.id, PASSPHRASE);
    expect(goodSigners(await checkDetached(TEXT, fromRnp, k.publicKey))).toEqual([k.id]);
    const fromCachet = await detachedSignature(TEXT, k.unlocked);
    const good = await rnp.verifyDetached(TEXT, fromCachet);
    expect(goodSignatureBy(good, k.id), good.stderr).toBe(true);
    const bad = await rnp.verifyDetached(`${TEXT}x`, fromCachet);
    expect(bad.code).not.toBe(0);
  });

  it('cleartext signatures verify both ways', async () => {
    const k = get();
    const fromRnp = await rnp.clearSign(TEXT, k.id, PASSPHRASE);
    const seen = await checkClearSigned(fromRnp, k.publicKey);
    expect(goodSigners(seen.signatures)).toEqual([k.id]);
    expect(sameSignedText(seen.text, TEXT), seen.text).toBe(true);
    const r = await rnp.verifyClearSigned(await clearSigned(TEXT, k.unlocked));
    expect(goodSignatureBy(r, k.id), r.stderr).toBe(true);
  });
}

describe.each(['ecc', 'rsa3072'] as KeyProfile[])('a %s key made by Cachet, exported for GnuPG, used by rnp', (profile) => {
  let k: Pair;

  beforeAll(async () => {
    const key = await cachetKey(profile, 'Cachet Rnp', `rnp-${profile}@example.org`);
    const imp = await rnp.importKeys(await exportForGnuPG(key.armoredPrivate, PASSPHRASE));
    expect(imp.code, imp.stderr).toBe(0);
    k = { id: fpr(key.publicKey), unlocked: key.unlocked, publicKey: key.publicKey };
  });

  roundTrips(() => k);
});

describe.each(['default', 'ecc'] as const)('a key made by `rnpkeys --generate-key` (%s), used by Cachet', (kind) => {
  let k: Pair;
  let exported: string;
  let parsed: ParsedKey;

  beforeAll(async () => {
    const id = await rnp.generate(`Rnp User <rnp-${kind}@example.org>`, kind, PASSPHRASE);
    exported = await rnp.exportSecret(id, PASSPHRASE);
    const { keys, refused } = await readKeyMaterial(exported);
    expect(refused).toEqual([]);
    parsed = keys[0]!;
    const unlocked = await unlockPrivateKey(exported, PASSPHRASE);
    k = { id, unlocked, publicKey: unlocked.toPublic() };
  });

  it('is read as one protected key with its fingerprint, and the wrong passphrase is refused', async () => {
    expect(parsed.secret).toBe('protected');
    expect(parsed.info.fingerprint).toBe(k.id);
    expect(parsed.info.emails).toEqual([`rnp-${kind}@example.org`]);
    await expect(unlockPrivateKey(exported, WRONG_PASSPHRASE)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
  });

  roundTrips(() => k);
});
