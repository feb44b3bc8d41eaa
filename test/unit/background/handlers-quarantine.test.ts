import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { backgroundHarness } from './harness';

const PASS = 'orbit-lantern-velvet-42-quartz';

describe('handlers: a stored record that no longer parses (DS-06)', () => {
  it('is quarantined on listing; the other keys stay usable; the user deletes it', async () => {
    const { page, dbName, codeOf } = backgroundHarness();
    const good = await page('generateKey', { name: 'G', emails: ['g@example.org'], passphrase: PASS, profile: 'ecc', expiresInDays: null });
    const bad = await page('generateKey', { name: 'B', emails: ['b@example.org'], passphrase: PASS, profile: 'ecc', expiresInDays: null });

    const db = await openDB(dbName);
    const rec = await db.get('keys', bad.key.fingerprint);
    await db.put('keys', { ...rec, armored: rec.armored.replace(/\n\n[A-Za-z0-9+/]{10}/, '\n\nAAAAAAAAAA') });
    db.close();

    const listed = await page('listKeys', {});
    expect(listed.keys.map((k) => k.fingerprint)).toEqual([good.key.fingerprint]);
    expect(listed.quarantined).toHaveLength(1);
    const q = listed.quarantined[0];
    expect(q?.fingerprint).toBe(bad.key.fingerprint);
    expect(q?.reason).toMatch(/^key does not parse/);
    expect(await codeOf(page('getKey', { fingerprint: bad.key.fingerprint }))).toBe('KEY_NOT_FOUND');
    expect((await page('getStatus', {})).keyCount).toBe(1);
    expect(await codeOf(page('unlockKey', { fingerprint: good.key.fingerprint, passphrase: PASS }))).toBe('ok');

    await page('deleteQuarantined', { id: q?.id ?? '' });
    expect((await page('listKeys', {})).quarantined).toEqual([]);
    expect(await codeOf(page('deleteQuarantined', { id: q?.id ?? '' }))).toBe('KEY_NOT_FOUND');
  });
});
