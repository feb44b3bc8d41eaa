import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { CachetError } from '../../../src/core/errors';
import type { KeyInfo } from '../../../src/core/keys/model';
import { MIGRATIONS, type KeyRecord, type Migration } from '../../../src/background/keystore/db';
import { Keystore, type Describe } from '../../../src/background/keystore/keystore';

// The keystore only needs "armored text → KeyInfo"; here the armored text is a tiny
// JSON stand-in so these tests do not depend on OpenPGP (handlers.test.ts uses the real core).
function info(fingerprint: string, emails: string[], hasSecret: boolean): KeyInfo {
  return {
    fingerprint,
    keyId: fingerprint.slice(-16),
    version: 4,
    algorithm: 'ed25519',
    created: '2026-01-01T00:00:00.000Z',
    expires: null,
    revoked: false,
    revocationReason: null,
    status: 'valid',
    userIds: [],
    emails,
    hasSecret,
    subkeys: [],
  };
}
const fakeDescribe: Describe = async (armored) => {
  if (armored.startsWith('CORRUPT')) throw new CachetError('MALFORMED_ARMOR', 'bad CRC');
  if (armored.startsWith('THROWS')) throw new TypeError('cannot read properties of undefined');
  return JSON.parse(armored) as KeyInfo;
};
function record(fpr: string, emails: string[], hasSecret: boolean): KeyRecord {
  const i = info(fpr, emails, hasSecret);
  return { fingerprint: fpr, armored: JSON.stringify(i), info: i, addedAt: 't0', updatedAt: 't0' };
}
const A = 'A'.repeat(40);
const B = 'B'.repeat(40);
const C = 'C'.repeat(40);
let n = 0;
const freshName = () => `cachet-test-${++n}-${Math.random()}`;

describe('keystore: schema and migrations', () => {
  it('a fresh database gets every store and index of the migration list', async () => {
    const name = freshName();
    const ks = await Keystore.open({ name, describe: fakeDescribe });
    ks.close();
    const db = await openDB(name);
    expect(db.version).toBe(MIGRATIONS.length);
    expect([...db.objectStoreNames].sort()).toEqual(['defaults', 'keys', 'quarantine']);
    const tx = db.transaction(['keys', 'defaults']);
    const byEmail = tx.objectStore('keys').index('byEmail');
    expect(byEmail.keyPath).toBe('info.emails');
    expect(byEmail.multiEntry).toBe(true);
    expect(tx.objectStore('keys').keyPath).toBe('fingerprint');
    expect(tx.objectStore('defaults').index('byFingerprint').keyPath).toBe('fingerprint');
    db.close();
  });

  it('upgrades run only the new migrations and keep stored records', async () => {
    const name = freshName();
    const v1 = await Keystore.open({ name, describe: fakeDescribe });
    await v1.apply({ put: [record(A, ['a@example.org'], true)] });
    v1.close();
    const ran: number[] = [];
    const v2: Migration = (db, tx) => {
      ran.push(2);
      tx.objectStore('quarantine').createIndex('byFingerprint', 'fingerprint');
      expect(db.objectStoreNames.contains('keys')).toBe(true);
    };
    const upgraded = await Keystore.open({ name, describe: fakeDescribe, migrations: [...MIGRATIONS, v2] });
    expect(ran).toEqual([2]);
    expect((await upgraded.list()).keys.map((k) => k.fingerprint)).toEqual([A]);
    upgraded.close();
  });
});

describe('keystore: records, indexes and defaults', () => {
  it('looks keys up by any of their addresses (multiEntry index)', async () => {
    const ks = await Keystore.open({ name: freshName(), describe: fakeDescribe });
    await ks.apply({
      put: [record(A, ['a@example.org', 'shared@example.org'], false), record(B, ['shared@example.org'], false)],
    });
    expect((await ks.byEmail('a@example.org')).map((k) => k.fingerprint)).toEqual([A]);
    expect((await ks.byEmail('SHARED@example.org')).map((k) => k.fingerprint).sort()).toEqual([A, B]);
    expect(await ks.byEmail('nobody@example.org')).toEqual([]);
    ks.close();
  });

  it('the first key with a secret for an address becomes its default; deleting it hands over', async () => {
    const ks = await Keystore.open({ name: freshName(), describe: fakeDescribe });
    await ks.apply({ put: [record(A, ['me@example.org'], false)] });
    expect(await ks.defaults()).toEqual([]); // public keys are never defaults
    await ks.apply({ put: [record(B, ['me@example.org'], true)] });
    await ks.apply({ put: [record(C, ['me@example.org'], true)] });
    expect(await ks.defaults()).toEqual([{ email: 'me@example.org', fingerprint: B }]);
    await ks.apply({ delete: [B] });
    expect(await ks.defaults()).toEqual([{ email: 'me@example.org', fingerprint: C }]);
    await ks.apply({ delete: [C] });
    expect(await ks.defaults()).toEqual([]);
    ks.close();
  });

  it('a failing write leaves nothing half-written', async () => {
    const ks = await Keystore.open({ name: freshName(), describe: fakeDescribe });
    const bad = { ...record(B, ['b@example.org'], true), fingerprint: undefined } as unknown as KeyRecord;
    await expect(ks.apply({ put: [record(A, ['a@example.org'], true), bad] })).rejects.toMatchObject({
      code: 'STORAGE_FAILED',
    });
    expect((await ks.list()).keys).toEqual([]);
    expect(await ks.defaults()).toEqual([]);
    ks.close();
  });
});

describe('keystore: quarantine (DS-06)', () => {
  it('moves unreadable records aside, lists the rest, and lets the user delete them', async () => {
    const name = freshName();
    const ks = await Keystore.open({ name, describe: fakeDescribe });
    await ks.apply({ put: [record(A, ['a@example.org'], true), record(B, ['b@example.org'], true)] });
    ks.close();

    // Corrupt B on disk, and add records that throw differently, behind the keystore's back.
    const raw = await openDB(name);
    await raw.put('keys', { ...record(B, ['b@example.org'], true), armored: 'CORRUPT-----' });
    await raw.put('keys', { ...record(C, [], false), armored: 'THROWS' });
    await raw.put('keys', { fingerprint: 'D'.repeat(40), armored: 42 });
    await raw.put('keys', { ...record(A, ['x@example.org'], false), fingerprint: 'E'.repeat(40) }); // wrong fingerprint
    raw.close();

    // "App starts": the keystore opens and lists — no crash, the good key is there.
    const again = await Keystore.open({ name, describe: fakeDescribe });
    const first = await again.list();
    expect(first.keys.map((k) => k.fingerprint)).toEqual([A]);
    expect(first.quarantined).toHaveLength(4);
    const reasons = Object.fromEntries(first.quarantined.map((q) => [q.fingerprint, q.reason]));
    expect(reasons[B]).toBe('key does not parse (MALFORMED_ARMOR)');
    expect(reasons[C]).toBe('key does not parse (TypeError)');
    expect(reasons['D'.repeat(40)]).toBe('record is not a key record');
    expect(reasons['E'.repeat(40)]).toBe('fingerprint mismatch');
    expect(await again.defaults()).toEqual([{ email: 'a@example.org', fingerprint: A }]);

    // Listing again does not quarantine twice: the records were MOVED.
    const second = await again.list();
    expect(second.quarantined.map((q) => q.id).sort()).toEqual(first.quarantined.map((q) => q.id).sort());
    expect(await again.get(B)).toBeNull();

    // The raw record is kept as it was; the user deletes it.
    const qb = first.quarantined.find((q) => q.fingerprint === B);
    expect((qb?.raw as { armored: string }).armored).toBe('CORRUPT-----');
    expect(await again.deleteQuarantined(qb?.id ?? '')).toBe(true);
    expect(await again.deleteQuarantined('no-such-id')).toBe(false);
    expect((await again.list()).quarantined).toHaveLength(3);
    again.close();
  });

  it('IndexedDB failures surface as STORAGE_FAILED, not as raw DOMExceptions', async () => {
    const ks = await Keystore.open({ name: freshName(), describe: fakeDescribe });
    ks.close();
    await expect(ks.list()).rejects.toMatchObject({ code: 'STORAGE_FAILED', detail: 'InvalidStateError' });
    await expect(ks.apply({ put: [record(A, [], false)] })).rejects.toMatchObject({ code: 'STORAGE_FAILED' });
  });

  it('require() on a missing key → KEY_NOT_FOUND', async () => {
    const ks = await Keystore.open({ name: freshName(), describe: fakeDescribe });
    await expect(ks.require(A)).rejects.toMatchObject({ code: 'KEY_NOT_FOUND' });
    ks.close();
  });
});
