import * as openpgp from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { unlockPrivateKey } from '../../../../src/core/keys/protect';
import { revokeKey } from '../../../../src/core/keys/revoke';
import { decryptMessage } from '../../../../src/core/messages/decrypt';
import { encryptMessage } from '../../../../src/core/messages/encrypt';
import { signCleartext, signDetached, verifyCleartext, verifyDetached } from '../../../../src/core/messages/sign';
import { pgpConfig } from '../../../../src/core/openpgp-config';
import { codeOf, PASSPHRASE, testKey } from '../helpers';

const { enums } = openpgp;
let alice: openpgp.PrivateKey;
let alicePub: openpgp.PublicKey;
let bob: openpgp.PrivateKey;
let bobPub: openpgp.PublicKey;

beforeAll(async () => {
  const [a, b] = [await testKey(), await testKey('bob@example.org')];
  alice = await unlockPrivateKey(a.armoredPrivate, PASSPHRASE);
  bob = await unlockPrivateKey(b.armoredPrivate, PASSPHRASE);
  alicePub = alice.toPublic();
  bobPub = bob.toPublic();
}, 120_000); // Argon2 unlocks are slow when the 2 cores are shared


/** An armored message whose encrypted packet is the old, unauthenticated SED (tag 9). */
async function sedMessage(to: openpgp.PrivateKey, text: string): Promise<string> {
  const v1 = { ...pgpConfig, aeadProtect: false };
  const data = crypto.getRandomValues(new Uint8Array(32));
  const header = await openpgp.encryptSessionKey({ data, algorithm: 'aes256', encryptionKeys: to.toPublic(), format: 'object', config: v1 });
  const literal = new openpgp.LiteralDataPacket();
  (literal as unknown as { setText(t: string): void }).setText(text);
  const sed = new openpgp.SymmetricallyEncryptedDataPacket();
  const inner = new openpgp.PacketList<openpgp.AnyPacket>();
  inner.push(literal);
  (sed as unknown as { packets: typeof inner }).packets = inner;
  await (sed as unknown as { encrypt(a: number, k: Uint8Array, c: openpgp.Config): Promise<void> }).encrypt(enums.symmetric.aes256, data, v1);
  const out = new openpgp.PacketList<openpgp.AnyPacket>();
  out.push(...header.packets, sed);
  return openpgp.armor(enums.armor.message, out.write());
}

describe('encryptMessage / decryptMessage', () => {
  it('round-trips text, signed, with a good signature result', async () => {
    const armored = await encryptMessage({ text: 'hello Bob ✓', encryptionKeys: [bobPub], signingKeys: [alice] });
    expect(armored).toContain('BEGIN PGP MESSAGE');
    const r = await decryptMessage({ armored, decryptionKeys: [bob], verificationKeys: [alicePub] });
    expect(r.data).toBe('hello Bob ✓');
    expect(r.signatures).toHaveLength(1);
    expect(r.signatures[0]).toMatchObject({ status: 'good', fingerprint: alicePub.getFingerprint().toUpperCase() });
    expect(r.signatures[0]?.created).not.toBeNull();
  });

  it('round-trips binary data unarmored', async () => {
    const data = new Uint8Array([0, 1, 2, 255, 254]);
    const bin = await encryptMessage({ data, encryptionKeys: [bobPub], armor: false });
    expect(bin).toBeInstanceOf(Uint8Array);
    const r = await decryptMessage({ binary: bin, decryptionKeys: [bob], verificationKeys: [], format: 'binary' });
    expect(r.data).toEqual(data);
    expect(r.signatures).toEqual([]);
  });

  it('round-trips a password-protected message', async () => {
    const armored = await encryptMessage({ text: 'pw msg', encryptionKeys: [], passwords: ['a shared secret phrase'] });
    const r = await decryptMessage({ armored, decryptionKeys: [], verificationKeys: [], passwords: ['a shared secret phrase'] });
    expect(r.data).toBe('pw msg');
    expect(await codeOf(() => decryptMessage({ armored, decryptionKeys: [], verificationKeys: [], passwords: ['wrong'] }))).toBe('DECRYPT_FAILED');
  });

  it('reports an unknown signer as unknown-key, never good (SG-07)', async () => {
    const armored = await encryptMessage({ text: 'x', encryptionKeys: [bobPub], signingKeys: [alice] });
    const r = await decryptMessage({ armored, decryptionKeys: [bob], verificationKeys: [] });
    expect(r.signatures[0]).toMatchObject({ status: 'unknown-key', fingerprint: null });
  });

  it('NO_MATCHING_KEY when the message is for someone else; BAD_REQUEST for nothing', async () => {
    const armored = await encryptMessage({ text: 'for alice', encryptionKeys: [alicePub] });
    expect(await codeOf(() => decryptMessage({ armored, decryptionKeys: [bob], verificationKeys: [] }))).toBe('NO_MATCHING_KEY');
    expect(await codeOf(() => decryptMessage({ armored: '', decryptionKeys: [bob], verificationKeys: [] }))).toBe('BAD_REQUEST');
    expect(await codeOf(() => encryptMessage({ text: 'x', encryptionKeys: [] }))).toBe('BAD_REQUEST');
  });

  it('refuses a SED (no integrity protection) message: DECRYPT_FAILED, no plaintext (MP-01)', async () => {
    const armored = await sedMessage(bob, 'secret that must not leak');
    // The fixture is a real SED message: a permissive config would have released it.
    const permissive = await openpgp.decrypt({
      message: await openpgp.readMessage({ armoredMessage: armored }),
      decryptionKeys: bob,
      config: { ...pgpConfig, allowUnauthenticatedMessages: true },
    });
    expect(permissive.data).toBe('secret that must not leak');
    let leaked: unknown = null;
    const code = await codeOf(async () => {
      leaked = await decryptMessage({ armored, decryptionKeys: [bob], verificationKeys: [] });
    });
    expect(code).toBe('DECRYPT_FAILED');
    expect(leaked).toBeNull();
  });

  it('refuses SEIPDv1 relabelled as SED, i.e. the MDC check dropped (MP-01)', async () => {
    const v1 = await openpgp.encrypt({
      message: await openpgp.createMessage({ text: 'relabel me' }),
      encryptionKeys: bobPub,
      format: 'binary',
      config: { ...pgpConfig, aeadProtect: false },
    });
    const msg = await openpgp.readMessage({ binaryMessage: v1, config: pgpConfig });
    const pkesk = new openpgp.PacketList<openpgp.AnyPacket>();
    pkesk.push(...msg.packets.filterByTag(enums.packet.publicKeyEncryptedSessionKey));
    const offset = pkesk.write().length;
    const bytes = v1.slice();
    expect(bytes[offset]).toBe(0xc0 | enums.packet.symEncryptedIntegrityProtectedData);
    bytes[offset] = 0xc0 | enums.packet.symmetricallyEncryptedData;
    expect(await codeOf(() => decryptMessage({ binary: bytes, decryptionKeys: [bob], verificationKeys: [] }))).toBe('DECRYPT_FAILED');
  });

  it('one error for bit-flipped or truncated ciphertext, SEIPD v1 and v2 (MP-02)', async () => {
    const v2 = await encryptMessage({ text: 'x'.repeat(5000), encryptionKeys: [bobPub], armor: false });
    const v1 = await openpgp.encrypt({
      message: await openpgp.createMessage({ text: 'y'.repeat(5000) }),
      encryptionKeys: bobPub,
      format: 'binary',
      config: { ...pgpConfig, aeadProtect: false },
    });
    for (const bin of [v2, v1]) {
      const flipped = bin.slice();
      flipped[flipped.length - 40]! ^= 0x01;
      expect(await codeOf(() => decryptMessage({ binary: flipped, decryptionKeys: [bob], verificationKeys: [] }))).toBe('DECRYPT_FAILED');
      const truncated = bin.slice(0, bin.length - 30);
      expect(await codeOf(() => decryptMessage({ binary: truncated, decryptionKeys: [bob], verificationKeys: [] }))).toBe('DECRYPT_FAILED');
    }
    expect(await codeOf(() => decryptMessage({ armored: 'not a message', decryptionKeys: [bob], verificationKeys: [] }))).toBe('DECRYPT_FAILED');
  });

  it('needs unlocked keys', async () => {
    const g = await testKey('bob@example.org');
    const locked = await openpgp.readPrivateKey({ armoredKey: g.armoredPrivate, config: pgpConfig });
    const armored = await encryptMessage({ text: 'x', encryptionKeys: [bobPub] });
    expect(await codeOf(() => decryptMessage({ armored, decryptionKeys: [locked], verificationKeys: [] }))).toBe('PASSPHRASE_REQUIRED');
    expect(await codeOf(() => encryptMessage({ text: 'x', encryptionKeys: [bobPub], signingKeys: [locked] }))).toBe('PASSPHRASE_REQUIRED');
  });
});

describe('cleartext and detached signatures', () => {
  it('cleartext: good, tampered → bad, unknown key', async () => {
    const signed = await signCleartext({ text: 'I owe Bob 10 €', signingKeys: [alice] });
    expect(signed).toContain('BEGIN PGP SIGNED MESSAGE');
    const ok = await verifyCleartext({ armored: signed, verificationKeys: [alicePub] });
    expect(ok.text).toBe('I owe Bob 10 €');
    expect(ok.signatures.map((s) => s.status)).toEqual(['good']);
    const tampered = signed.replace('10 €', '1000 €');
    expect((await verifyCleartext({ armored: tampered, verificationKeys: [alicePub] })).signatures.map((s) => s.status)).toEqual(['bad']);
    expect((await verifyCleartext({ armored: signed, verificationKeys: [bobPub] })).signatures.map((s) => s.status)).toEqual(['unknown-key']);
    expect(await codeOf(() => verifyCleartext({ armored: 'junk', verificationKeys: [alicePub] }))).toBe('MALFORMED_ARMOR');
  });

  it('detached: text and binary, good and bad', async () => {
    const sig = (await signDetached({ text: 'contract', signingKeys: [alice] })) as string;
    expect(sig).toContain('BEGIN PGP SIGNATURE');
    expect((await verifyDetached({ text: 'contract', signature: sig, verificationKeys: [alicePub] })).signatures[0]?.status).toBe('good');
    expect((await verifyDetached({ text: 'contrast', signature: sig, verificationKeys: [alicePub] })).signatures[0]?.status).toBe('bad');
    const data = new Uint8Array([1, 2, 3]);
    const bsig = await signDetached({ data, signingKeys: [alice], armor: false });
    expect((await verifyDetached({ data, signature: bsig, verificationKeys: [alicePub] })).signatures[0]?.status).toBe('good');
  });

  it('rejects SHA-1 data signatures (SG-10)', async () => {
    // EdDSA cannot use SHA-1 at all; an RSA key can, so make one just for this.
    const { privateKey: rsa } = await openpgp.generateKey({ type: 'rsa', rsaBits: 2048, userIDs: [{ email: 'rsa@example.org' }], format: 'object', config: pgpConfig });
    const message = await openpgp.createMessage({ text: 'sha1 signed' });
    const literal = message.packets.filterByTag(enums.packet.literalData)[0]!;
    const sig = new openpgp.SignaturePacket();
    const s = sig as unknown as Record<string, unknown> & { sign(k: unknown, d: unknown, t: Date, det: boolean, c: openpgp.Config): Promise<void> };
    s.signatureType = enums.signature.text;
    s.publicKeyAlgorithm = rsa.keyPacket.algorithm;
    s.hashAlgorithm = enums.hash.sha1;
    await s.sign(rsa.keyPacket, literal, new Date(), true, { ...pgpConfig, rejectMessageHashAlgorithms: new Set(), nonDeterministicSignaturesViaNotation: false });
    const list = new openpgp.PacketList<openpgp.SignaturePacket>();
    list.push(sig);
    const armored = new openpgp.Signature(list).armor(pgpConfig);
    const r = await verifyDetached({ text: 'sha1 signed', signature: armored, verificationKeys: [rsa.toPublic()] });
    expect(r.signatures[0]).toMatchObject({ status: 'bad', fingerprint: rsa.getFingerprint().toUpperCase() });
  });

  it('a signature by a key revoked as compromised is revoked-key', async () => {
    const g = await testKey();
    const sig = (await signDetached({ text: 'old', signingKeys: [alice] })) as string;
    const revokedArmored = await revokeKey({ stored: g.armoredPublic, unlocked: alice, reason: 'compromised', message: '' });
    const revoked = await openpgp.readKey({ armoredKey: revokedArmored, config: pgpConfig });
    const r = await verifyDetached({ text: 'old', signature: sig, verificationKeys: [revoked] });
    expect(r.signatures[0]?.status).toBe('revoked-key');
  });
});
