/**
 * Storage faults (issue 7 §3): IndexedDB full (QuotaExceededError on a put), unavailable
 * (`indexedDB.open` throwing, or no `indexedDB` at all), and a transaction aborted in the
 * middle of an import. Injected into fake-indexeddb's own classes; checked on the keystore
 * and on the whole background (router → handlers → keystore): one clear code, and nothing
 * stored is lost or half-written.
 */
import 'fake-indexeddb/auto';
import * as openpgp from 'openpgp';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Keystore } from '../../../src/background/keystore/keystore';
import { describeArmored } from '../../../src/background/describe-armored';
import { backgroundHarness } from '../background/harness';

let keys: Array<{ armored: string; fpr: string }>;

beforeAll(async () => {
  keys = await Promise.all(
    ['one', 'two', 'three'].map(async (name) => {
      const k = await openpgp.generateKey({ userIDs: [{ name, email: `${name}@example.org` }], type: 'ecc', format: 'armored' });
      const fpr = (await openpgp.readKey({ armoredKey: k.publicKey })).getFingerprint().toUpperCase();
      return { armored: k.publicKey, fpr };
    }),
  );
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Makes the n-th `IDBObjectStore.put` from now (1-based) fail the way the browser says. */
function failPut(n: number, how: 'quota' | 'abort'): { calls: () => number } {
  const original = IDBObjectStore.prototype.put;
  let calls = 0;
  vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    calls++;
    if (calls === n) {
      if (how === 'quota') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      // The browser ends the transaction under us (worker killed, storage evicted).
      this.transaction.abort();
    }
    return original.apply(this, args);
  });
  return { calls: () => calls };
}

async function fingerprints(h: ReturnType<typeof backgroundHarness>): Promise<string[]> {
  return (await h.page('listKeys', {})).keys.map((k) => k.fingerprint).sort();
}

describe('IndexedDB full or unavailable: a clear error, nothing lost', () => {
  it('quota exceeded in the middle of a 3-key import → STORAGE_FULL, the import writes nothing, stored keys stay', async () => {
    const h = backgroundHarness();
    const [one, two, three] = keys as [(typeof keys)[0], (typeof keys)[0], (typeof keys)[0]];
    await h.page('commitImport', { text: one.armored, encoding: 'armored', passphrases: {}, newPassphrases: {} });
    expect(await fingerprints(h)).toEqual([one.fpr]);

    const spy = failPut(2, 'quota');
    const text = [two.armored, three.armored].join('\n');
    expect(await h.codeOf(h.page('commitImport', { text, encoding: 'armored', passphrases: {}, newPassphrases: {} }))).toBe('STORAGE_FULL');
    expect(spy.calls()).toBeGreaterThanOrEqual(2);
    vi.restoreAllMocks();

    // Neither of the two new keys was written, the old one is intact and still parses.
    expect(await fingerprints(h)).toEqual([one.fpr]);
    const exported = await h.page('exportKey', { fingerprint: one.fpr, kind: 'public', passphrase: null });
    expect((await openpgp.readKey({ armoredKey: exported.armored })).getFingerprint().toUpperCase()).toBe(one.fpr);
    // With room again, the same import goes through.
    await h.page('commitImport', { text, encoding: 'armored', passphrases: {}, newPassphrases: {} });
    expect(await fingerprints(h)).toEqual([one.fpr, two.fpr, three.fpr].sort());
  });

  it('a transaction aborted mid-import (second put) → STORAGE_FAILED and nothing half-written (no key, no default)', async () => {
    const name = `faults-abort-${Math.random()}`;
    const ks = await Keystore.open({ name, describe: describeArmored });
    const now = new Date().toISOString();
    const recs = await Promise.all(
      keys.map(async (k) => ({ fingerprint: k.fpr, armored: k.armored, info: await describeArmored(k.armored), addedAt: now, updatedAt: now })),
    );
    await ks.apply({ put: [recs[0] as (typeof recs)[0]] });
    failPut(2, 'abort');
    await expect(ks.apply({ put: [recs[1] as (typeof recs)[0], recs[2] as (typeof recs)[0]] })).rejects.toMatchObject({ code: 'STORAGE_FAILED' });
    vi.restoreAllMocks();
    const after = await ks.list();
    expect(after.keys.map((k) => k.fingerprint)).toEqual([keys[0]?.fpr]);
    expect(after.quarantined).toEqual([]);
    expect(await ks.defaults()).toEqual([]);
    ks.close();
  });

  it('indexedDB.open throwing (private mode, policy) → STORAGE_UNAVAILABLE; once it works again the keyring is there', async () => {
    const h = backgroundHarness();
    // Open the keystore once with a key in it, then make the next opening fail.
    await h.page('commitImport', { text: keys[0]?.armored ?? '', encoding: 'armored', passphrases: {}, newPassphrases: {} });
    const h2 = backgroundHarness();
    const real = globalThis.indexedDB;
    vi.spyOn(real, 'open').mockImplementation(() => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    });
    expect(await h2.codeOf(h2.page('listKeys', {}))).toBe('STORAGE_UNAVAILABLE');
    expect(await h2.codeOf(h2.page('commitImport', { text: keys[1]?.armored ?? '', encoding: 'armored', passphrases: {}, newPassphrases: {} }))).toBe('STORAGE_UNAVAILABLE');
    vi.restoreAllMocks();
    // The failed opening is not cached: the next message opens the database.
    expect(await fingerprints(h2)).toEqual([]);
    expect(await fingerprints(h)).toEqual([keys[0]?.fpr]);
  });

  it('no indexedDB at all → STORAGE_UNAVAILABLE, not a crash', async () => {
    const h = backgroundHarness();
    const real = globalThis.indexedDB;
    vi.stubGlobal('indexedDB', undefined);
    try {
      expect(await h.codeOf(h.page('listKeys', {}))).toBe('STORAGE_UNAVAILABLE');
    } finally {
      vi.unstubAllGlobals();
      globalThis.indexedDB = real;
    }
    expect(await fingerprints(h)).toEqual([]);
  });
});
