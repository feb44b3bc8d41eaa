import { describe, expect, it } from 'vitest';
import * as openpgp from 'openpgp';
import { backgroundHarness } from './harness';

const PASS = 'orbit-lantern-velvet-42-quartz';
const PASS2 = 'marble-ocean-thunder-77-violet';

describe('handlers: a key from generation to deletion', () => {
  it('generate → list → change passphrase → set expiry → revoke → export → delete', async () => {
    const h = backgroundHarness();
    const { page, codeOf } = h;

    // Generate.
    expect(
      await codeOf(page('generateKey', { name: 'A', emails: ['a@example.org'], passphrase: 'short', profile: 'ecc', expiresInDays: null })),
    ).toBe('PASSPHRASE_TOO_WEAK');
    const gen = await page('generateKey', {
      name: 'Alice',
      emails: ['Alice@Example.org'],
      passphrase: PASS,
      profile: 'ecc',
      expiresInDays: null,
    });
    const fpr = gen.key.fingerprint;
    expect(gen.key.hasSecret).toBe(true);
    expect(gen.key.defaultFor).toEqual(['alice@example.org']);
    expect(gen.revocationCertificate).toContain('BEGIN PGP PUBLIC KEY BLOCK');

    // List and status.
    const list = await page('listKeys', {});
    expect(list.keys.map((k) => k.fingerprint)).toEqual([fpr]);
    expect(list.quarantined).toEqual([]);
    const status = await page('getStatus', {});
    expect(status.defaultKey?.fingerprint).toBe(fpr);
    expect(status.keyCount).toBe(1);
    expect(status.unlocked).toEqual([]);

    // Change passphrase: weak and wrong are refused, the stored key is unchanged by them.
    const before = (await page('exportKey', { fingerprint: fpr, kind: 'private', passphrase: null })).armored;
    expect(await codeOf(page('changePassphrase', { fingerprint: fpr, oldPassphrase: PASS, newPassphrase: 'abc' }))).toBe(
      'PASSPHRASE_TOO_WEAK',
    );
    expect(await codeOf(page('changePassphrase', { fingerprint: fpr, oldPassphrase: 'nope-nope-nope-1', newPassphrase: PASS2 }))).toBe(
      'WRONG_PASSPHRASE',
    );
    expect((await page('exportKey', { fingerprint: fpr, kind: 'private', passphrase: null })).armored).toBe(before);
    await page('changePassphrase', { fingerprint: fpr, oldPassphrase: PASS, newPassphrase: PASS2 });
    expect(await codeOf(page('unlockKey', { fingerprint: fpr, passphrase: PASS }))).toBe('WRONG_PASSPHRASE');

    // Set expiry: nothing cached → PASSPHRASE_REQUIRED; unlock, then it uses the cache.
    const expiresAt = new Date(Date.now() + 400 * 86_400_000);
    expiresAt.setUTCMilliseconds(0);
    expect(await codeOf(page('setExpiry', { fingerprint: fpr, passphrase: null, expiresAt: expiresAt.toISOString(), subkeys: [] }))).toBe(
      'PASSPHRASE_REQUIRED',
    );
    const unlocked = await page('unlockKey', { fingerprint: fpr, passphrase: PASS2 });
    expect(unlocked.until).not.toBeNull();
    expect((await page('getStatus', {})).unlocked.map((u) => u.fingerprint)).toEqual([fpr]);
    const withExpiry = await page('setExpiry', { fingerprint: fpr, passphrase: null, expiresAt: expiresAt.toISOString(), subkeys: [] });
    expect(withExpiry.key.expires).not.toBeNull();
    expect(Math.abs(Date.parse(withExpiry.key.expires as string) - expiresAt.getTime())).toBeLessThan(2000);

    // Revocation certificate (key unchanged), then revoke.
    const cert = await page('makeRevocationCertificate', { fingerprint: fpr, passphrase: null, reason: 'retired', message: 'old' });
    expect(cert.fileName).toBe(`${fpr}.rev`);
    expect((await page('getKey', { fingerprint: fpr })).key.revoked).toBe(false);
    const revoked = await page('revokeKey', { fingerprint: fpr, passphrase: PASS2, reason: 'superseded', message: 'new key' });
    expect(revoked.key.revoked).toBe(true);
    expect(revoked.key.status).toBe('revoked');

    // Export: public has no secret; private stays protected; for GnuPG needs the passphrase.
    const pub = await page('exportKey', { fingerprint: fpr, kind: 'public', passphrase: null });
    expect(pub.armored).toContain('BEGIN PGP PUBLIC KEY BLOCK');
    const pubKey = await openpgp.readKey({ armoredKey: pub.armored });
    expect(pubKey.isPrivate()).toBe(false);
    expect(pubKey.getFingerprint().toUpperCase()).toBe(fpr);
    const priv = await openpgp.readPrivateKey({
      armoredKey: (await page('exportKey', { fingerprint: fpr, kind: 'private', passphrase: null })).armored,
    });
    expect(priv.isDecrypted()).toBe(false);
    expect(await codeOf(page('exportKey', { fingerprint: fpr, kind: 'private-gnupg', passphrase: null }))).toBe('PASSPHRASE_REQUIRED');
    const gnupg = await page('exportKey', { fingerprint: fpr, kind: 'private-gnupg', passphrase: PASS2 });
    expect(gnupg.fileName).toBe(`${fpr}-private-gnupg.asc`);
    expect((await openpgp.readPrivateKey({ armoredKey: gnupg.armored })).isDecrypted()).toBe(false);

    // Delete: a key with a secret needs the typed word DELETE, not its fingerprint.
    expect(await codeOf(page('deleteKey', { fingerprint: fpr, confirm: fpr }))).toBe('CONFIRMATION_MISMATCH');
    expect(await codeOf(page('deleteKey', { fingerprint: fpr, confirm: 'delete' }))).toBe('CONFIRMATION_MISMATCH');
    await page('deleteKey', { fingerprint: fpr, confirm: 'DELETE' });
    expect((await page('listKeys', {})).keys).toEqual([]);
    expect(await page('getStatus', {})).toEqual({ defaultKey: null, unlocked: [], keyCount: 0 });
    expect(h.browser.storage.session.data.size).toBe(0);
    expect(await codeOf(page('getKey', { fingerprint: fpr }))).toBe('KEY_NOT_FOUND');
  });

  it('a revocation certificate made earlier revokes the key later', async () => {
    const { page } = backgroundHarness();
    const gen = await page('generateKey', { name: 'B', emails: ['b@example.org'], passphrase: PASS, profile: 'ecc', expiresInDays: 365 });
    const other = await page('generateKey', { name: 'C', emails: ['c@example.org'], passphrase: PASS, profile: 'ecc', expiresInDays: null });
    const { key } = await page('importRevocationCertificate', { armored: gen.revocationCertificate });
    expect(key.fingerprint).toBe(gen.key.fingerprint);
    expect(key.revoked).toBe(true);
    expect((await page('getKey', { fingerprint: other.key.fingerprint })).key.revoked).toBe(false);
  });

  it('an unrelated or garbage certificate is NOT_A_REVOCATION and changes nothing', async () => {
    const { page, codeOf } = backgroundHarness();
    const mine = await page('generateKey', { name: 'D', emails: ['d@example.org'], passphrase: PASS, profile: 'ecc', expiresInDays: null });
    const stranger = await openpgp.generateKey({ userIDs: [{ email: 'x@example.org' }], type: 'ecc', format: 'armored' });
    expect(await codeOf(page('importRevocationCertificate', { armored: stranger.revocationCertificate }))).toBe('NOT_A_REVOCATION');
    expect(await codeOf(page('importRevocationCertificate', { armored: 'hello' }))).toBe('NOT_A_REVOCATION');
    expect((await page('getKey', { fingerprint: mine.key.fingerprint })).key.revoked).toBe(false);
  });

  it('never-cache mode: unlocking answers until=null and nothing lands in storage.session', async () => {
    const { page, browser, codeOf } = backgroundHarness();
    const gen = await page('generateKey', { name: 'E', emails: ['e@example.org'], passphrase: PASS, profile: 'ecc', expiresInDays: null });
    expect(await page('setSettings', { passphraseCacheMinutes: 0 })).toEqual({ passphraseCacheMinutes: 0 });
    expect(await page('unlockKey', { fingerprint: gen.key.fingerprint, passphrase: PASS })).toEqual({ until: null });
    expect(browser.storage.session.data.size).toBe(0);
    expect(
      await codeOf(page('makeRevocationCertificate', { fingerprint: gen.key.fingerprint, passphrase: null, reason: 'no-reason', message: '' })),
    ).toBe('PASSPHRASE_REQUIRED');
  });

  it('the cache expires by the clock, and lockAll empties it', async () => {
    const clock = { t: Date.now() };
    const { page, codeOf } = backgroundHarness(clock);
    const gen = await page('generateKey', { name: 'F', emails: ['f@example.org'], passphrase: PASS, profile: 'ecc', expiresInDays: null });
    const fpr = gen.key.fingerprint;
    await page('setSettings', { passphraseCacheMinutes: 1 });
    await page('unlockKey', { fingerprint: fpr, passphrase: PASS });
    clock.t += 61_000;
    expect(await codeOf(page('makeRevocationCertificate', { fingerprint: fpr, passphrase: null, reason: 'no-reason', message: '' }))).toBe(
      'PASSPHRASE_REQUIRED',
    );
    await page('unlockKey', { fingerprint: fpr, passphrase: PASS });
    await page('lockAll', {});
    expect((await page('getStatus', {})).unlocked).toEqual([]);
  });

  it('setDefaultKey and public-key deletion by fingerprint', async () => {
    const { page, codeOf } = backgroundHarness();
    const one = await page('generateKey', { name: 'G', emails: ['g@example.org'], passphrase: PASS, profile: 'ecc', expiresInDays: null });
    const two = await page('generateKey', { name: 'G2', emails: ['g@example.org'], passphrase: PASS, profile: 'ecc', expiresInDays: null });
    expect(two.key.defaultFor).toEqual([]);
    await page('setDefaultKey', { email: 'G@example.org', fingerprint: two.key.fingerprint });
    expect((await page('getKey', { fingerprint: two.key.fingerprint })).key.defaultFor).toEqual(['g@example.org']);
    expect(await codeOf(page('setDefaultKey', { email: 'other@example.org', fingerprint: one.key.fingerprint }))).toBe('BAD_REQUEST');

    const stranger = await openpgp.generateKey({ userIDs: [{ email: 'p@example.org' }], type: 'ecc', format: 'armored' });
    const report = await page('commitImport', { text: stranger.publicKey, encoding: 'armored', passphrases: {}, newPassphrases: {} });
    const pubFpr = report.imported[0] as string;
    expect(await codeOf(page('setDefaultKey', { email: 'p@example.org', fingerprint: pubFpr }))).toBe('BAD_REQUEST');
    expect(await codeOf(page('deleteKey', { fingerprint: pubFpr, confirm: 'DELETE' }))).toBe('CONFIRMATION_MISMATCH');
    await page('deleteKey', { fingerprint: pubFpr, confirm: pubFpr });
    expect((await page('listKeys', {})).keys).toHaveLength(2);
  });

  it('content scripts get ping and nothing else', async () => {
    const { content, page } = backgroundHarness();
    expect(await content('ping', {})).toEqual({ version: '0.1.0' });
    await expect(page('getSettings', {})).resolves.toEqual({ passphraseCacheMinutes: 10 });
  });
});
