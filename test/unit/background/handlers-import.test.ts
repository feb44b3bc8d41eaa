import { beforeAll, describe, expect, it } from 'vitest';
import * as openpgp from 'openpgp';
import { internals, secretPackets } from '../../../src/core/keys/parse';
import { toBase64 } from '../../../src/core/keys/armor';
import { backgroundHarness } from './harness';

const OLD_PASS = 'their-old-passphrase-9-lamp';
const NEW_PASS = 'fresh-harbor-silent-63-maple';

// Keys made by OpenPGP.js defaults: the protected one uses iterated+salted S2K (usage 254),
// which Cachet must re-protect with Argon2id + AEAD (usage 253) on import (KM-07).
let protectedKey: { privateKey: string; publicKey: string; fpr: string };
let unprotectedKey: { privateKey: string; fpr: string };
let publicOnly: { publicKey: string; fpr: string };

async function make(email: string, passphrase?: string) {
  const k = await openpgp.generateKey({
    userIDs: [{ name: email.split('@')[0], email }],
    type: 'ecc',
    format: 'armored',
    ...(passphrase ? { passphrase } : {}),
  });
  const fpr = (await openpgp.readKey({ armoredKey: k.publicKey })).getFingerprint().toUpperCase();
  return { ...k, fpr };
}

async function s2kUsages(armored: string): Promise<number[]> {
  const key = await openpgp.readPrivateKey({ armoredKey: armored });
  return secretPackets(key).map((p) => internals(p).s2kUsage);
}

beforeAll(async () => {
  protectedKey = await make('prot@example.org', OLD_PASS);
  unprotectedKey = await make('open@example.org');
  publicOnly = await make('pub@example.org');
});

describe('handlers: import', () => {
  it('inspects several keys without storing anything', async () => {
    const { page } = backgroundHarness();
    const text = `Here are my keys:\n${protectedKey.privateKey}\nand\n${unprotectedKey.privateKey}\n${publicOnly.publicKey}\n-- \nbye`;
    const res = await page('inspectImport', { text, encoding: 'armored' });
    const bySecret = Object.fromEntries(res.candidates.map((c) => [c.fingerprint, c.secret]));
    expect(bySecret).toEqual({ [protectedKey.fpr]: 'protected', [unprotectedKey.fpr]: 'unprotected', [publicOnly.fpr]: 'none' });
    expect(res.candidates.every((c) => c.existing === false)).toBe(true);
    expect((await page('listKeys', {})).keys).toEqual([]);
  });

  it('commits a protected, an unprotected and a public key; private keys end up Argon2+AEAD protected', async () => {
    const { page, codeOf } = backgroundHarness();
    const text = [protectedKey.privateKey, unprotectedKey.privateKey, publicOnly.publicKey].join('\n');

    // First attempt: no passphrase for the protected key, a weak new one for the unprotected key.
    const first = await page('commitImport', {
      text,
      encoding: 'armored',
      passphrases: {},
      newPassphrases: { [unprotectedKey.fpr]: 'weak' },
    });
    expect(first.imported).toEqual([publicOnly.fpr]);
    expect(Object.fromEntries(first.refused.map((r) => [r.label, r.code]))).toEqual({
      [protectedKey.fpr]: 'PASSPHRASE_REQUIRED',
      [unprotectedKey.fpr]: 'PASSPHRASE_TOO_WEAK',
    });

    // Wrong current passphrase is refused per key.
    const wrong = await page('commitImport', {
      text: protectedKey.privateKey,
      encoding: 'armored',
      passphrases: { [protectedKey.fpr]: 'not-the-passphrase-1' },
      newPassphrases: {},
    });
    expect(wrong.refused.map((r) => r.code)).toEqual(['WRONG_PASSPHRASE']);

    const second = await page('commitImport', {
      text,
      encoding: 'armored',
      passphrases: { [protectedKey.fpr]: OLD_PASS },
      newPassphrases: { [unprotectedKey.fpr]: NEW_PASS },
    });
    expect(second.imported.sort()).toEqual([protectedKey.fpr, unprotectedKey.fpr].sort());
    expect(second.merged).toEqual([publicOnly.fpr]);
    expect(second.refused).toEqual([]);

    const keys = (await page('listKeys', {})).keys;
    expect(keys).toHaveLength(3);
    for (const fpr of [protectedKey.fpr, unprotectedKey.fpr]) {
      const stored = (await page('exportKey', { fingerprint: fpr, kind: 'private', passphrase: null })).armored;
      expect(await s2kUsages(stored)).toEqual([253, 253]);
    }
    // Each keeps the right passphrase: the old one, and the newly chosen one.
    expect(await codeOf(page('unlockKey', { fingerprint: protectedKey.fpr, passphrase: OLD_PASS }))).toBe('ok');
    expect(await codeOf(page('unlockKey', { fingerprint: unprotectedKey.fpr, passphrase: NEW_PASS }))).toBe('ok');
    // First key with a secret for an address becomes its default; public keys never do.
    const defaults = Object.fromEntries(keys.map((k) => [k.fingerprint, k.defaultFor]));
    expect(defaults[protectedKey.fpr]).toEqual(['prot@example.org']);
    expect(defaults[publicOnly.fpr]).toEqual([]);
  });

  it('a private key arriving for a stored public key upgrades it; a public copy of a stored private key merges', async () => {
    const { page } = backgroundHarness();
    await page('commitImport', { text: protectedKey.publicKey, encoding: 'armored', passphrases: {}, newPassphrases: {} });
    expect((await page('inspectImport', { text: protectedKey.privateKey, encoding: 'armored' })).candidates[0]?.existing).toBe(true);
    const up = await page('commitImport', {
      text: protectedKey.privateKey,
      encoding: 'armored',
      passphrases: { [protectedKey.fpr]: OLD_PASS },
      newPassphrases: {},
    });
    expect(up.merged).toEqual([protectedKey.fpr]);
    expect((await page('getKey', { fingerprint: protectedKey.fpr })).key.hasSecret).toBe(true);

    const again = await page('commitImport', { text: protectedKey.publicKey, encoding: 'armored', passphrases: {}, newPassphrases: {} });
    expect(again.merged).toEqual([protectedKey.fpr]);
    expect((await page('getKey', { fingerprint: protectedKey.fpr })).key.hasSecret).toBe(true);
  });

  it('accepts binary key packets as base64', async () => {
    const { page } = backgroundHarness();
    const bytes = (await openpgp.readKey({ armoredKey: publicOnly.publicKey })).write();
    const res = await page('commitImport', { text: toBase64(bytes), encoding: 'base64', passphrases: {}, newPassphrases: {} });
    expect(res.imported).toEqual([publicOnly.fpr]);
  });

  it('bad input keeps the keyring unchanged', async () => {
    const { page, codeOf } = backgroundHarness();
    await page('commitImport', { text: publicOnly.publicKey, encoding: 'armored', passphrases: {}, newPassphrases: {} });
    const before = await page('listKeys', {});
    // Packets cut short: header and footer intact, body truncated mid-packet.
    const lines = publicOnly.publicKey.trim().split('\n');
    const broken = [...lines.slice(0, 4), ...lines.slice(-1)].join('\n');
    const attempts = [
      { text: 'no keys here, just words', encoding: 'armored' as const },
      { text: broken, encoding: 'armored' as const },
      { text: '%%% not base64 %%%', encoding: 'base64' as const },
      { text: `${'A'.repeat(10 * 1024 * 1024)}`, encoding: 'armored' as const },
    ];
    const codes = [];
    for (const a of attempts) codes.push(await codeOf(page('commitImport', { ...a, passphrases: {}, newPassphrases: {} })));
    expect(codes[0]).toBe('NO_KEY_FOUND');
    expect(codes[1]).toBe('MALFORMED_ARMOR');
    expect(codes[2]).toBe('MALFORMED_ARMOR');
    expect(codes[3]).toBe('TOO_LARGE');
    expect(await page('listKeys', {})).toEqual(before);
  });
});
