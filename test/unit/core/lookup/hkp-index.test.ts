import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeHkpUid, formatHkpIndex, hkpIndexEntryOf, parseHkpIndex, unescapeHkpUid, type HkpIndexEntry } from '../../../../src/core/lookup/hkp-index';
import * as openpgp from 'openpgp';
import { publicKey } from './keys';

describe('HKP machine-readable index', () => {
  it('parses the example of draft-shaw-openpgp-hkp-00 §5.2 style output (SKS/Hockeypuck)', () => {
    const text = [
      'info:1:2',
      'pub:0123456789ABCDEF0123456789ABCDEF01234567:1:2048:1136678400:1451520000:r',
      'uid:Joe Doe %3Cjoe@example.org%3E:1136678400::',
      'uid:J%C3%B6rg%3A %25 <jorg@example.org>::1451520000:e',
      'sig:ignored:line',
      'pub:89abcdef:17:1024:::d',
      '',
    ].join('\r\n');
    const e = parseHkpIndex(text);
    expect(e).toHaveLength(2);
    expect(e[0]).toMatchObject({ keyId: '0123456789ABCDEF0123456789ABCDEF01234567', algorithm: 1, bits: 2048, flags: { revoked: true, disabled: false, expired: false } });
    expect(e[0]!.created?.toISOString()).toBe('2006-01-08T00:00:00.000Z');
    expect(e[0]!.uids.map((u) => u.uid)).toEqual(['Joe Doe <joe@example.org>', 'Jörg: % <jorg@example.org>']);
    expect(e[0]!.uids[1]!.flags.expired).toBe(true);
    expect(e[1]).toMatchObject({ keyId: '89ABCDEF', created: null, flags: { disabled: true } });
  });

  it('ignores junk: uid before pub, non-hex key IDs, garbage lines', () => {
    expect(parseHkpIndex('uid:x:::\npub:zz:1:1:::\nuid:y:::\nhello\n')).toEqual([]);
  });

  it('escapes %, :, controls and non-ASCII; leaves printable ASCII', () => {
    expect(escapeHkpUid('a:b%c\nÉ <x@y>')).toBe('a%3Ab%25c%0A%C3%89 <x@y>');
    expect(unescapeHkpUid('%zz%4')).toBe('%zz%4');
  });

  it('produce → parse is the identity (property)', () => {
    const date = fc.option(fc.integer({ min: 0, max: 4_000_000_000 }).map((s) => new Date(s * 1000)), { nil: null });
    const flags = fc.record({ revoked: fc.boolean(), disabled: fc.boolean(), expired: fc.boolean() });
    const entry: fc.Arbitrary<HkpIndexEntry> = fc.record({
      keyId: fc.stringMatching(/^[0-9A-F]{40}$/),
      algorithm: fc.option(fc.integer({ min: 1, max: 30 }), { nil: null }),
      bits: fc.option(fc.integer({ min: 1, max: 16384 }), { nil: null }),
      created: date,
      expires: date,
      flags,
      uids: fc.array(fc.record({ uid: fc.string({ unit: 'grapheme', maxLength: 40 }), created: date, expires: date, flags }), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 4 }), (entries) => {
        expect(parseHkpIndex(formatHkpIndex(entries))).toEqual(entries);
      }),
    );
  });

  it('builds the entry of a real key: fingerprint, algorithm, flags, user IDs', async () => {
    const key = await publicKey(['frank@keys.test'], { name: 'Frank: 100%' });
    const entry = await hkpIndexEntryOf(key);
    expect(entry.keyId).toBe(key.getFingerprint().toUpperCase());
    expect(entry.algorithm).toBe(22); // EdDSA (legacy), RFC 9580 §9.1
    expect(entry.flags).toEqual({ revoked: false, disabled: false, expired: false });
    expect(entry.uids.map((u) => u.uid)).toEqual(['Frank: 100% <frank@keys.test>']);
    expect(formatHkpIndex([entry])).toContain('uid:Frank%3A 100%25 <frank@keys.test>:');
  });

  it('marks a revoked key r', async () => {
    const { privateKey } = await openpgp.generateKey({ type: 'ecc', userIDs: [{ email: 'gone@keys.test' }], format: 'object' });
    const { publicKey: revoked } = await openpgp.revokeKey({ key: privateKey, format: 'object' });
    expect((await hkpIndexEntryOf(revoked)).flags.revoked).toBe(true);
    expect(formatHkpIndex([await hkpIndexEntryOf(revoked)])).toMatch(/^pub:[0-9A-F]{40}:22:255:\d+::r$/m);
  });
});
