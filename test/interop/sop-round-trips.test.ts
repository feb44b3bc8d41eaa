/**
 * Sequoia's Stateless OpenPGP CLI (`sqop`) with Cachet, both ways. sqop takes key passwords
 * from files, so here keys cross with their passphrase: Cachet's "export for GnuPG" form
 * goes to sqop, and `sqop generate-key --with-key-password` keys come to Cachet.
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
import { Sop, sopSigners } from './tools/sequoia';

interface Pair {
  id: string;
  /** The secret key as sqop gets it, protected with PASSPHRASE. */
  toolKey: string;
  toolCert: string;
  unlocked: openpgp.PrivateKey;
  publicKey: openpgp.PublicKey;
}

let sop: Sop;
beforeAll(() => {
  sop = Sop.create();
});
afterAll(() => {
  sop?.close();
});

function roundTrips(get: () => Pair): void {
  it('sqop decrypts and verifies what Cachet encrypted and signed', async () => {
    const k = get();
    const r = await sop.decryptVerify(await encryptSigned(TEXT, [k.publicKey], k.unlocked), k.toolKey, k.toolCert, PASSPHRASE);
    expect(r.code, r.stderr).toBe(0);
    expect(unixLines(r.stdout)).toBe(TEXT);
    expect(sopSigners(r.verifications)).toEqual([k.id]);
  });

  it('Cachet decrypts and verifies what sqop encrypted and signed', async () => {
    const k = get();
    const armored = await sop.encryptSign(TEXT, k.toolCert, k.toolKey, PASSPHRASE);
    const r = await decryptVerified(armored, k.unlocked, k.publicKey);
    expect(r.text).toBe(TEXT);
    expect(goodSigners(r.signatures)).toEqual([k.id]);
  });

  it('detached signatures verify both ways', async () => {
    const k = get();
    const fromSop = await sop.signDetached(TEXT, k.toolKey, PASSPHRASE);
    expect(goodSigners(await checkDetached(TEXT, fromSop, k.publicKey))).toEqual([k.id]);
    const fromCachet = await detachedSignature(TEXT, k.unlocked);
    const r = await sop.verifyDetached(TEXT, fromCachet, k.toolCert);
    expect(r.code, r.stderr).toBe(0);
    expect(sopSigners(r.stdout.split('\n').filter(Boolean))).toEqual([k.id]);
    // SOP exit 3: no acceptable signature.
    expect((await sop.verifyDetached(`${TEXT}x`, fromCachet, k.toolCert)).code).toBe(3);
  });

  it('cleartext signatures verify both ways', async () => {
    const k = get();
    const fromSop = await sop.clearSign(TEXT, k.toolKey, PASSPHRASE);
    const seen = await checkClearSigned(fromSop, k.publicKey);
    expect(goodSigners(seen.signatures)).toEqual([k.id]);
    expect(sameSignedText(seen.text, TEXT), seen.text).toBe(true);
    const r = await sop.inlineVerify(await clearSigned(TEXT, k.unlocked), k.toolCert);
    expect(r.code, r.stderr).toBe(0);
    expect(sopSigners(r.verifications)).toEqual([k.id]);
    expect(sameSignedText(r.stdout, TEXT), r.stdout).toBe(true);
  });

  it('sqop refuses the key with the wrong password', async () => {
    const k = get();
    const r = await sop.sop(['sign', '--with-key-password', sop.save(WRONG_PASSPHRASE, 'pw'), '--', sop.save(k.toolKey)], TEXT);
    expect(r.code).not.toBe(0);
  });
}

describe.each(['ecc', 'rsa3072'] as KeyProfile[])('a %s key made by Cachet, exported for GnuPG, used by sqop', (profile) => {
  let k: Pair;

  beforeAll(async () => {
    const key = await cachetKey(profile, 'Cachet Sop', `sop-${profile}@example.org`);
    const exported = await exportForGnuPG(key.armoredPrivate, PASSPHRASE);
    k = { id: fpr(key.publicKey), toolKey: exported, toolCert: await sop.extractCert(exported), unlocked: key.unlocked, publicKey: key.publicKey };
  });

  it("sqop's extract-cert of the export has Cachet's fingerprint", async () => {
    const { keys } = await readKeyMaterial(k.toolCert);
    expect(keys[0]!.info.fingerprint).toBe(k.id);
    expect(keys[0]!.secret).toBe('none');
  });

  roundTrips(() => k);
});

describe('a key made by `sqop generate-key --with-key-password`, used by Cachet', () => {
  let k: Pair;
  let parsed: ParsedKey;

  beforeAll(async () => {
    const key = await sop.generateKey('Sop User <sop-user@example.org>', PASSPHRASE);
    const { keys, refused } = await readKeyMaterial(key);
    expect(refused).toEqual([]);
    parsed = keys[0]!;
    const unlocked = await unlockPrivateKey(key, PASSPHRASE);
    k = { id: fpr(unlocked), toolKey: key, toolCert: await sop.extractCert(key), unlocked, publicKey: unlocked.toPublic() };
  });

  it('is read as one protected key, and the wrong passphrase is refused', async () => {
    expect(parsed.secret).toBe('protected');
    expect(parsed.info.emails).toEqual(['sop-user@example.org']);
    await expect(unlockPrivateKey(k.toolKey, WRONG_PASSPHRASE)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
  });

  roundTrips(() => k);
});
