import * as openpgp from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  GENERATED_PASSWORD_BITS,
  MAX_PASSWORD_PACKETS,
  PASSWORD_ALPHABET,
  decryptWithPassword,
  encryptWithPassword,
  generatePassword,
  inspectEncrypted,
  passwordStrength,
} from '../../../../src/core/messages/symmetric';
import { decryptMessage } from '../../../../src/core/messages/decrypt';
import { codeOf } from '../helpers';

const { enums } = openpgp;
let alice: openpgp.PrivateKey;
let bob: openpgp.PrivateKey;

beforeAll(async () => {
  const gen = async (email: string) => (await openpgp.generateKey({ userIDs: [{ email }], type: 'curve25519', format: 'object' })).privateKey;
  [alice, bob] = [await gen('alice@example.org'), await gen('bob@example.org')];
});

async function packets(armored: string) {
  return (await openpgp.readMessage({ armoredMessage: armored })).packets;
}

describe('generatePassword', () => {
  it('makes 6 groups of 4 from the word-free alphabet, ≥ 100 bits, different every time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = generatePassword();
      expect(p).toMatch(/^[2-9a-z]{4}(-[2-9a-z]{4}){5}$/);
      for (const c of p.replace(/-/g, '')) expect(PASSWORD_ALPHABET).toContain(c);
      expect(p).not.toMatch(/[aeiouy01lo]/);
      seen.add(p);
    }
    expect(seen.size).toBe(200);
    expect(GENERATED_PASSWORD_BITS).toBeGreaterThanOrEqual(100);
    expect(passwordStrength(generatePassword()).acceptable).toBe(true);
  });

  it('uses every symbol with roughly equal frequency (rejection sampling, no modulo bias)', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 500; i++) for (const c of generatePassword().replace(/-/g, '')) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(PASSWORD_ALPHABET.length);
    const expected = (500 * 24) / PASSWORD_ALPHABET.length;
    for (const n of counts.values()) expect(Math.abs(n - expected)).toBeLessThan(expected * 0.35);
  });

  it('chosen passwords get the passphrase strength estimate', () => {
    expect(passwordStrength('password').acceptable).toBe(false);
    expect(passwordStrength('Tr4m-Gl0ss-Quince-Wharf').acceptable).toBe(true);
  });
});

describe('encryptWithPassword', () => {
  it('writes SKESK v4 with iterated+salted S2K, AES-256, and SEIPD v1 (what GnuPG 2.2 opens)', async () => {
    const armored = (await encryptWithPassword({ text: 'hello', password: 'pw-1234-abcd' })) as string;
    expect(armored).toMatch(/^-----BEGIN PGP MESSAGE-----/);
    const list = await packets(armored);
    const skesk = list.filterByTag(enums.packet.symEncryptedSessionKey);
    expect(skesk.length).toBe(1);
    const sk = skesk[0] as unknown as { version: number; s2k: { type: string; c: number; algorithm: number } };
    expect(sk.version).toBe(4);
    expect(sk.s2k.type).toBe('iterated');
    expect(sk.s2k.c).toBe(255);
    expect(sk.s2k.algorithm).toBe(enums.hash.sha256);
    const seipd = list.filterByTag(enums.packet.symEncryptedIntegrityProtectedData);
    expect(seipd.length).toBe(1);
    expect((seipd[0] as unknown as { version: number }).version).toBe(1);
    expect(list.filterByTag(enums.packet.aeadEncryptedData).length).toBe(0);
    expect(await inspectEncrypted(armored)).toEqual({ passwordPackets: 1, keyIds: [] });
    const [sessionKey] = await openpgp.decryptSessionKeys({ message: await openpgp.readMessage({ armoredMessage: armored }), passwords: ['pw-1234-abcd'] });
    expect(sessionKey?.algorithm).toBe('aes256');
  });

  it('with keys too: one message opens with the password or with either key; signed when asked', async () => {
    const armored = (await encryptWithPassword({
      text: 'for everyone',
      password: 'shared secret 99',
      encryptionKeys: [alice.toPublic(), bob.toPublic()],
      signingKeys: [alice],
    })) as string;
    const info = await inspectEncrypted(armored);
    expect(info.passwordPackets).toBe(1);
    expect(info.keyIds.length).toBe(2);
    const byPassword = await decryptWithPassword({ armored, password: 'shared secret 99', verificationKeys: [alice.toPublic()] });
    expect(byPassword.data).toBe('for everyone');
    expect(byPassword.signatures.map((s) => s.status)).toEqual(['good']);
    const byKey = await decryptMessage({ armored, decryptionKeys: [bob], verificationKeys: [alice.toPublic()] });
    expect(byKey.data).toBe('for everyone');
    // The same ciphertext still uses SEIPD v1 with keys present (GnuPG 2.2 reads it).
    expect((await packets(armored)).filterByTag(enums.packet.symEncryptedIntegrityProtectedData).length).toBe(1);
  });

  it('binary data round-trips; empty or oversized passwords are refused', async () => {
    const data = crypto.getRandomValues(new Uint8Array(1000));
    const bin = (await encryptWithPassword({ data, password: 'bin-pass-5678', armor: false })) as Uint8Array;
    const back = await decryptWithPassword({ binary: bin, password: 'bin-pass-5678', verificationKeys: [], format: 'binary' });
    expect(back.data).toEqual(data);
    expect(await codeOf(() => encryptWithPassword({ text: 'x', password: '' }))).toBe('BAD_REQUEST');
    expect(await codeOf(() => encryptWithPassword({ text: 'x', password: 'x'.repeat(1025) }))).toBe('BAD_REQUEST');
  });
});

describe('decryptWithPassword', () => {
  it('a wrong password is WRONG_PASSWORD, with or without PKESKs beside the SKESK', async () => {
    const only = (await encryptWithPassword({ text: 'secret', password: 'right one' })) as string;
    expect(await codeOf(() => decryptWithPassword({ armored: only, password: 'wrong one', verificationKeys: [] }))).toBe('WRONG_PASSWORD');
    const mixed = (await encryptWithPassword({ text: 'secret', password: 'right one', encryptionKeys: [bob.toPublic()] })) as string;
    expect(await codeOf(() => decryptWithPassword({ armored: mixed, password: 'wrong one', verificationKeys: [] }))).toBe('WRONG_PASSWORD');
  });

  it('a message encrypted to keys only has no password packet: DECRYPT_FAILED, nothing tried', async () => {
    const toKey = await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'k' }), encryptionKeys: bob.toPublic() });
    expect(await inspectEncrypted(toKey)).toMatchObject({ passwordPackets: 0 });
    expect(await codeOf(() => decryptWithPassword({ armored: toKey, password: 'any', verificationKeys: [] }))).toBe('DECRYPT_FAILED');
  });

  it('refuses integrity-less ciphertext (SED) even with the right password (MP-01)', async () => {
    const sed = await openpgp.encrypt({
      message: await openpgp.createMessage({ text: 'old' }),
      passwords: ['pw'],
      config: { aeadProtect: false, s2kType: enums.s2k.iterated, ...({} as object) },
    });
    // Relabel SEIPD (tag 18) to SED (tag 9) by re-serialising the packets.
    const list = await packets(sed);
    const seipd = list.filterByTag(enums.packet.symEncryptedIntegrityProtectedData)[0] as unknown as { encrypted: Uint8Array };
    const fake = new openpgp.SymmetricallyEncryptedDataPacket();
    (fake as unknown as { encrypted: Uint8Array }).encrypted = seipd.encrypted;
    const out = new openpgp.PacketList<openpgp.AnyPacket>();
    out.push(...list.filterByTag(enums.packet.symEncryptedSessionKey), fake);
    const armored = openpgp.armor(enums.armor.message, out.write());
    const code = await codeOf(() => decryptWithPassword({ armored, password: 'pw', verificationKeys: [] }));
    expect(['WRONG_PASSWORD', 'DECRYPT_FAILED']).toContain(code);
  });

  it('one flipped ciphertext byte never releases plaintext', async () => {
    const bin = (await encryptWithPassword({ text: 'integrity matters', password: 'pw-flip', armor: false })) as Uint8Array;
    const bad = bin.slice();
    bad[bad.length - 5] = (bad[bad.length - 5] as number) ^ 0x01;
    expect(await codeOf(() => decryptWithPassword({ binary: bad, password: 'pw-flip', verificationKeys: [] }))).toBe('WRONG_PASSWORD');
  });

  it('more password packets than MAX_PASSWORD_PACKETS is TOO_LARGE before any S2K runs (DS-03)', async () => {
    const many = Array.from({ length: MAX_PASSWORD_PACKETS + 1 }, (_, i) => `pw-${i}`);
    const fast: Partial<openpgp.Config> = { aeadProtect: false, s2kType: enums.s2k.iterated, s2kIterationCountByte: 0 };
    const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'x' }), passwords: many, config: fast });
    expect(await codeOf(() => decryptWithPassword({ armored, password: 'pw-0', verificationKeys: [] }))).toBe('TOO_LARGE');
    const few = await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'x' }), passwords: many.slice(0, 2), config: fast });
    expect((await decryptWithPassword({ armored: few, password: 'pw-1', verificationKeys: [] })).data).toBe('x');
  });

  it('garbage is DECRYPT_FAILED; empty input BAD_REQUEST', async () => {
    expect(await codeOf(() => decryptWithPassword({ armored: '-----BEGIN PGP MESSAGE-----\n\nAAAA\n-----END PGP MESSAGE-----', password: 'x', verificationKeys: [] }))).toBe('DECRYPT_FAILED');
    expect(await codeOf(() => inspectEncrypted(''))).toBe('BAD_REQUEST');
  });
});
