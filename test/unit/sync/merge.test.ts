import { describe, expect, it } from 'vitest';
import { generateKey } from '../../../src/core/keys/generate';
import { unlockPrivateKey } from '../../../src/core/keys/protect';
import { mergeForSync } from '../../../src/core/sync/merge';
import { readPassphraseChangedAt, withPassphraseChangedAt } from '../../../src/core/sync/item-meta';
import { protectionDigest } from '../../../src/core/sync/protection';
import { readOneKey } from '../../../src/core/keys/parse';
import { codeOf } from '../core/helpers';
import { day, info, NEW_PASSPHRASE, newPassphrase, PASSPHRASE, revoked, sharedKey, withExpiry } from './keys';

const LATER = new Date(Date.UTC(2031, 5, 1));

describe('mergeForSync', () => {
  it('revocation on one device and an expiry change on the other both survive, whichever side is local', async () => {
    const { armoredPrivate } = await sharedKey();
    const a = await revoked(armoredPrivate);
    const b = await withExpiry(armoredPrivate, LATER);
    for (const [local, remote] of [[a, b], [b, a]] as const) {
      const merged = await mergeForSync(
        { armored: local, passphraseChangedAt: null },
        { armored: remote, passphraseChangedAt: null },
      );
      const i = await info(merged.armored);
      expect(i.revoked).toBe(true);
      expect(i.status).toBe('revoked');
      expect(day(i.expires)).toBe('2031-06-01');
      expect(i.hasSecret).toBe(true);
    }
  });

  it('passphrase change on A and expiry change on B: A’s new passphrase protects a key with B’s expiry', async () => {
    const { armoredPrivate } = await sharedKey();
    const a = await newPassphrase(armoredPrivate);
    const b = await withExpiry(armoredPrivate, LATER);
    const aCopy = { armored: a, passphraseChangedAt: '2030-01-02T00:00:00.000Z' };
    const bCopy = { armored: b, passphraseChangedAt: '2029-01-01T00:00:00.000Z' };
    for (const [local, remote, base] of [[aCopy, bCopy, 'local'], [bCopy, aCopy, 'remote']] as const) {
      const merged = await mergeForSync(local, remote);
      expect(merged.base).toBe(base);
      expect(merged.passphraseChangedAt).toBe(aCopy.passphraseChangedAt);
      expect(day((await info(merged.armored)).expires)).toBe('2031-06-01');
      expect(await codeOf(() => unlockPrivateKey(merged.armored, PASSPHRASE))).toBe('WRONG_PASSPHRASE');
      const unlocked = await unlockPrivateKey(merged.armored, NEW_PASSPHRASE);
      expect(unlocked.isDecrypted()).toBe(true);
    }
  });

  it('a copy with a passphrase-change time beats one without; ties keep the local protection', async () => {
    const { armoredPrivate } = await sharedKey();
    const a = await newPassphrase(armoredPrivate);
    const dated = await mergeForSync({ armored: armoredPrivate, passphraseChangedAt: null }, { armored: a, passphraseChangedAt: '2020-01-01T00:00:00Z' });
    expect(dated.base).toBe('remote');
    const tie = await mergeForSync({ armored: armoredPrivate, passphraseChangedAt: null }, { armored: a, passphraseChangedAt: null });
    expect(tie.base).toBe('local');
    expect(await protectionDigest(await readOneKey(tie.armored))).toBe(await protectionDigest(await readOneKey(armoredPrivate)));
  });

  it('the copy holding the secret key is the base even when the public copy claims a newer passphrase', async () => {
    const { armoredPrivate, armoredPublic } = await sharedKey();
    const merged = await mergeForSync({ armored: armoredPublic, passphraseChangedAt: '2099-01-01T00:00:00Z' }, { armored: armoredPrivate, passphraseChangedAt: null });
    expect(merged.base).toBe('remote');
    expect((await info(merged.armored)).hasSecret).toBe(true);
  });

  it('refuses to merge two different keys, or a key that is not the pinned one (VS-03)', async () => {
    const { armoredPrivate, info: mine } = await sharedKey();
    const other = await generateKey({ name: 'Mallory', emails: ['mallory@example.org'], passphrase: PASSPHRASE, profile: 'ecc', expiresInDays: null });
    const code = await codeOf(() => mergeForSync({ armored: armoredPrivate, passphraseChangedAt: null }, { armored: other.armoredPrivate, passphraseChangedAt: null }));
    expect(code).toBe('KEY_INVALID');
    const pinned = await codeOf(() => mergeForSync({ armored: other.armoredPrivate, passphraseChangedAt: null }, { armored: other.armoredPrivate, passphraseChangedAt: null }, mine.fingerprint));
    expect(pinned).toBe('KEY_INVALID');
  });
});

describe('passphrase-change header', () => {
  it('round-trips through the armor and still parses as the same key', async () => {
    const { armoredPrivate, info: i } = await sharedKey();
    const tagged = withPassphraseChangedAt(armoredPrivate, '2030-03-04T05:06:07.000Z');
    expect(readPassphraseChangedAt(tagged)).toBe('2030-03-04T05:06:07.000Z');
    expect((await info(tagged)).fingerprint).toBe(i.fingerprint);
    const retagged = withPassphraseChangedAt(tagged, '2031-01-01T00:00:00.000Z');
    expect(retagged.match(/Cachet passphrase changed/g)).toHaveLength(1);
    expect(readPassphraseChangedAt(withPassphraseChangedAt(tagged, null))).toBeNull();
    expect(readPassphraseChangedAt(armoredPrivate)).toBeNull();
  });

  it('the protection digest changes with the passphrase and not with new signatures', async () => {
    const { armoredPrivate } = await sharedKey();
    const before = await protectionDigest(await readOneKey(armoredPrivate));
    expect(await protectionDigest(await readOneKey(await withExpiry(armoredPrivate, LATER)))).toBe(before);
    expect(await protectionDigest(await readOneKey(await newPassphrase(armoredPrivate)))).not.toBe(before);
  });
});
