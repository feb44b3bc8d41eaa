/**
 * Password-protected messages (OpenPGP symmetric encryption) between Cachet and GnuPG 2.2 /
 * Sequoia's sqop, both ways: what Cachet writes `gpg --decrypt` opens with the password;
 * what `gpg --symmetric --armor` (and `sqop encrypt --with-password`) writes Cachet opens; a
 * wrong password is a clear error on both sides.
 */
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptMessage } from '../../src/core/messages/decrypt';
import { decryptWithPassword, encryptWithPassword, generatePassword, inspectEncrypted } from '../../src/core/messages/symmetric';
import { codeOf } from '../unit/core/helpers';
import { GnuPG, hasStatus } from './tools/gnupg';
import { Sop } from './tools/sequoia';

const TEXT = 'Grüße — a password-protected message\nsecond line\n';
const KEY_PASS = 'gpg key passphrase for interop';
let gpg: GnuPG;
let sop: Sop;

beforeAll(() => {
  gpg = GnuPG.create();
  sop = Sop.create();
});

afterAll(async () => {
  await gpg.close();
  sop.close();
});

/** `gpg --batch --pinentry-mode loopback --passphrase … --decrypt` (loopback comes from the helper). */
function gpgDecrypt(message: string | Uint8Array, password: string) {
  return gpg.gpg(['--decrypt'], { input: message, passphrase: password });
}

describe('Cachet writes, GnuPG and sqop read', () => {
  it('gpg --decrypt opens a generated-password message; a wrong password fails cleanly', async () => {
    const password = generatePassword();
    const armored = (await encryptWithPassword({ text: TEXT, password })) as string;
    const r = await gpgDecrypt(armored, password);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(TEXT);
    expect(hasStatus(r.status, 'DECRYPTION_OKAY')).toBe(true);
    // MDC present and checked (GnuPG 2.2 warns "message was not integrity protected" otherwise).
    expect(hasStatus(r.status, 'GOODMDC')).toBe(true);
    const wrong = await gpgDecrypt(armored, 'not the password');
    expect(wrong.code).not.toBe(0);
    expect(wrong.stdout).toBe('');
    expect(hasStatus(wrong.status, 'DECRYPTION_FAILED')).toBe(true);
  }, 60_000);

  it('gpg opens by password a message that also carries PKESKs, and by key too', async () => {
    const fpr = await gpg.generate('Key Holder <holder@example.org>', 'ecc', KEY_PASS);
    const holder = await openpgp.readKey({ armoredKey: await gpg.exportPublic(fpr) });
    const armored = (await encryptWithPassword({ text: TEXT, password: 'mixed recipients pw', encryptionKeys: [holder] })) as string;
    expect((await inspectEncrypted(armored)).keyIds.length).toBe(1);
    const byPassword = await gpg.gpg(['--pinentry-mode', 'loopback', '--passphrase', 'mixed recipients pw', '--decrypt'], { input: armored });
    expect(byPassword.stdout).toBe(TEXT);
    const byKey = await gpg.decrypt(armored, KEY_PASS);
    expect(byKey.code).toBe(0);
    expect(byKey.stdout).toBe(TEXT);
  }, 120_000);

  it('sqop decrypt --with-password opens it', async () => {
    const armored = (await encryptWithPassword({ text: TEXT, password: 'sqop password 1' })) as string;
    const r = await sop.sop(['decrypt', '--with-password', sop.save('sqop password 1', 'pw')], armored);
    expect(r.code).toBe(0);
    // A text-mode literal packet carries CRLF line endings (RFC 9580 §5.9); sqop writes them as they are.
    expect(r.stdout.replace(/\r\n/g, '\n')).toBe(TEXT);
    const wrong = await sop.sop(['decrypt', '--with-password', sop.save('nope', 'pw')], armored);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stdout).toBe('');
  }, 60_000);
});

describe('GnuPG and sqop write, Cachet reads', () => {
  it('gpg --symmetric --armor: opened with the password; wrong password is WRONG_PASSWORD', async () => {
    const r = await gpg.gpgOk(['--symmetric', '--armor'], { input: TEXT, passphrase: 'gpg symmetric pw' });
    const armored = r.stdout;
    expect(await inspectEncrypted(armored)).toEqual({ passwordPackets: 1, keyIds: [] });
    const out = await decryptWithPassword({ armored, password: 'gpg symmetric pw', verificationKeys: [] });
    expect(out.data).toBe(TEXT);
    expect(await codeOf(() => decryptWithPassword({ armored, password: 'gpg symmetric px', verificationKeys: [] }))).toBe('WRONG_PASSWORD');
  }, 60_000);

  it('gpg --symmetric with AES-128 and SHA-1 S2K (old defaults) still opens', async () => {
    const args = ['--symmetric', '--armor', '--cipher-algo', 'AES', '--s2k-digest-algo', 'SHA1', '--s2k-count', '1024'];
    const armored = (await gpg.gpgOk(args, { input: TEXT, passphrase: 'old style' })).stdout;
    expect((await decryptWithPassword({ armored, password: 'old style', verificationKeys: [] })).data).toBe(TEXT);
  }, 60_000);

  it('gpg --symmetric --encrypt (password and key in one message): opened by password', async () => {
    const fpr = await gpg.generate('Both <both@example.org>', 'ecc', KEY_PASS);
    const args = ['--trust-model', 'always', '--armor', '--symmetric', '--encrypt', '-r', fpr];
    const armored = (await gpg.gpgOk(args, { input: TEXT, passphrase: 'both ways' })).stdout;
    const info = await inspectEncrypted(armored);
    expect(info.passwordPackets).toBe(1);
    expect(info.keyIds.length).toBe(1);
    expect((await decryptWithPassword({ armored, password: 'both ways', verificationKeys: [] })).data).toBe(TEXT);
    // Without a password, the key path says NO_MATCHING_KEY (the key is gpg's, not ours).
    expect(await codeOf(() => decryptMessage({ armored, decryptionKeys: [], verificationKeys: [] }))).toBe('NO_MATCHING_KEY');
  }, 120_000);

  it('sqop encrypt --with-password: opened by Cachet; wrong password WRONG_PASSWORD', async () => {
    const r = await sop.sop(['encrypt', '--as', 'text', '--with-password', sop.save('from sqop', 'pw')], TEXT);
    expect(r.code).toBe(0);
    expect((await decryptWithPassword({ armored: r.stdout, password: 'from sqop', verificationKeys: [] })).data).toBe(TEXT);
    expect(await codeOf(() => decryptWithPassword({ armored: r.stdout, password: 'from sqoq', verificationKeys: [] }))).toBe('WRONG_PASSWORD');
  }, 60_000);
});
