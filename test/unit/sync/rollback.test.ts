import { describe, expect, it } from 'vitest';
import { generateKey } from '../../../src/core/keys/generate';
import { checkPulledItem, checkRevision, type PulledItem } from '../../../src/core/sync/rollback';
import { withPassphraseChangedAt } from '../../../src/core/sync/item-meta';
import { codeOf } from '../core/helpers';
import { PASSPHRASE, sharedKey, weaklyProtected } from './keys';

async function item(over: Partial<PulledItem> = {}): Promise<PulledItem> {
  const k = await sharedKey();
  return { fingerprint: k.info.fingerprint.toLowerCase(), revision: 3, deleted: false, publicKey: k.armoredPublic, privateKey: k.armoredPrivate, ...over };
}

describe('rollback and pinning checks on pulled items', () => {
  it('accepts the current item and reads its passphrase-change time', async () => {
    const k = await sharedKey();
    const ok = await checkPulledItem(await item({ privateKey: withPassphraseChangedAt(k.armoredPrivate, '2030-01-01T00:00:00Z') }), k.info.fingerprint, 3);
    expect(ok.key?.getFingerprint().toUpperCase()).toBe(k.info.fingerprint);
    expect(ok.passphraseChangedAt).toBe('2030-01-01T00:00:00.000Z');
  });

  it('never goes below the high-water mark (VS-04), tombstones included', async () => {
    const k = await sharedKey();
    expect(await codeOf(async () => checkPulledItem(await item({ revision: 2 }), k.info.fingerprint, 3))).toBe('VAULT_ROLLBACK');
    expect(await codeOf(async () => checkPulledItem(await item({ revision: 2, deleted: true, publicKey: null, privateKey: null }), k.info.fingerprint, 5))).toBe('VAULT_ROLLBACK');
    expect(() => checkRevision(4, 4)).not.toThrow();
    expect(() => checkRevision(0, null)).toThrow();
  });

  it('refuses a key that is not the one the item names (VS-03)', async () => {
    const k = await sharedKey();
    const other = await generateKey({ name: 'Eve', emails: ['eve@example.org'], passphrase: PASSPHRASE, profile: 'ecc', expiresInDays: null });
    // Someone else's key under our fingerprint, in either field.
    expect(await codeOf(async () => checkPulledItem(await item({ privateKey: other.armoredPrivate }), k.info.fingerprint, null))).toBe('KEY_INVALID');
    expect(await codeOf(async () => checkPulledItem(await item({ publicKey: other.armoredPublic, privateKey: null }), k.info.fingerprint, null))).toBe('KEY_INVALID');
    // An item filed under another fingerprint than the one asked for.
    expect(await codeOf(async () => checkPulledItem(await item(), other.info.fingerprint, null))).toBe('KEY_INVALID');
    // Secret material in the public field.
    expect(await codeOf(async () => checkPulledItem(await item({ publicKey: k.armoredPrivate }), k.info.fingerprint, null))).toBe('KEY_INVALID');
  });

  it('refuses private keys protected more weakly than Argon2id + AEAD with 64 MiB (VS-01)', async () => {
    const k = await sharedKey();
    for (const s2k of ['iterated', 'small-argon2'] as const) {
      const weak = await weaklyProtected(k.armoredPrivate, s2k);
      expect(await codeOf(async () => checkPulledItem(await item({ privateKey: weak }), k.info.fingerprint, null)), s2k).toBe('WEAK_KEY');
    }
  });
});
