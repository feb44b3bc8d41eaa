import { describe, expect, it } from 'vitest';
import { CachetError } from '../../../src/core/errors';
import { array, empty, int, literal, nullable, object, record, string } from '../../../src/shared/schema';
import { LIMITS, pageSchemas } from '../../../src/shared/schemas';

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return e instanceof CachetError ? `${e.code} ${e.detail ?? ''}` : 'not a CachetError';
  }
  return 'no error';
}

describe('schema primitives', () => {
  it('strings: type, max, min, pattern', () => {
    const s = string({ max: 3, min: 1, pattern: /^[a-z]+$/, patternName: 'word' });
    expect(s.parse('abc')).toBe('abc');
    expect(codeOf(() => s.parse(1))).toBe('BAD_REQUEST payload: expected a string');
    expect(codeOf(() => s.parse('abcd'))).toMatch(/longer than 3/);
    expect(codeOf(() => s.parse(''))).toMatch(/shorter than 1/);
    expect(codeOf(() => s.parse('AB'))).toMatch(/not a valid word/);
  });

  it('numbers: finite, integer, range', () => {
    const n = int(0, 10);
    expect(n.parse(10)).toBe(10);
    for (const bad of [NaN, Infinity, 1.5, -1, 11, '3']) expect(codeOf(() => n.parse(bad))).toMatch(/^BAD_REQUEST/);
  });

  it('literal unions and nullable', () => {
    const l = nullable(literal('a', 'b'));
    expect(l.parse('b')).toBe('b');
    expect(l.parse(null)).toBeNull();
    expect(codeOf(() => l.parse('c'))).toMatch(/expected one of a, b/);
    expect(codeOf(() => l.parse(undefined))).toMatch(/^BAD_REQUEST/);
  });

  it('arrays: item paths and max items', () => {
    const a = array(string({ max: 2 }), { max: 2 });
    expect(a.parse(['x', 'y'])).toEqual(['x', 'y']);
    expect(codeOf(() => a.parse(['x', 'yyy']))).toBe('BAD_REQUEST payload[1]: longer than 2 characters');
    expect(codeOf(() => a.parse(['a', 'b', 'c']))).toMatch(/more than 2 items/);
    expect(codeOf(() => a.parse({ length: 1, 0: 'a' }))).toMatch(/expected an array/);
  });

  it('objects refuse unknown and missing properties and return a clean copy', () => {
    const o = object({ a: string({ max: 5 }) });
    const input = { a: 'x' };
    const out = o.parse(input);
    expect(out).toEqual({ a: 'x' });
    expect(out).not.toBe(input);
    expect(codeOf(() => o.parse({ a: 'x', b: 1 }))).toBe('BAD_REQUEST payload: unknown property "b"');
    expect(codeOf(() => o.parse({}))).toBe('BAD_REQUEST payload: missing property "a"');
    expect(codeOf(() => o.parse(JSON.parse('{"a":"x","__proto__":{"admin":true}}')))).toMatch(/unknown property "__proto__"/);
    expect(codeOf(() => o.parse(new Date()))).toMatch(/expected an object/);
    expect(codeOf(() => o.parse(null))).toMatch(/expected an object/);
  });

  it('records validate keys, values and size; result has no prototype', () => {
    const r = record(string({ max: 3, pattern: /^[A-F]+$/ }), int(0, 5), { maxEntries: 2 });
    const out = r.parse({ AB: 1 });
    expect(out.AB).toBe(1);
    expect(Object.getPrototypeOf(out)).toBeNull();
    expect(codeOf(() => r.parse(JSON.parse('{"__proto__":1}')))).toMatch(/payload key/);
    expect(codeOf(() => r.parse({ A: 1, B: 2, C: 3 }))).toMatch(/more than 2 entries/);
    expect(codeOf(() => r.parse({ A: 9 }))).toMatch(/payload\.A: outside 0\.\.5/);
  });

  it('empty accepts only {}', () => {
    expect(empty().parse({})).toEqual({});
    expect(codeOf(() => empty().parse({ x: 1 }))).toMatch(/unknown property "x"/);
  });

  it('details never echo the value (it may be a passphrase)', () => {
    const secret = 'correct horse battery staple'.repeat(40);
    const detail = codeOf(() => pageSchemas.unlockKey.parse({ fingerprint: 'A'.repeat(40), passphrase: secret }));
    expect(detail).toMatch(/longer than 1024/);
    expect(detail).not.toContain('horse');
  });
});

describe('message schemas', () => {
  const fpr = '0123456789ABCDEF0123456789ABCDEF01234567';

  it('accepts a well-formed generateKey and refuses more than 20 e-mails', () => {
    const ok = { name: 'A', emails: ['a@example.org'], passphrase: 'p', profile: 'ecc', expiresInDays: null };
    expect(pageSchemas.generateKey.parse(ok)).toEqual(ok);
    const many = Array.from({ length: LIMITS.emails + 1 }, (_, i) => `u${i}@example.org`);
    expect(codeOf(() => pageSchemas.generateKey.parse({ ...ok, emails: many }))).toMatch(/more than 20 items/);
    expect(codeOf(() => pageSchemas.generateKey.parse({ ...ok, profile: 'dsa' }))).toMatch(/profile/);
  });

  it('lets a 10 MB paste through to the core (which answers TOO_LARGE) but not 13 MB', () => {
    const ten = 'A'.repeat(10 * 1024 * 1024);
    expect(pageSchemas.inspectImport.parse({ text: ten, encoding: 'armored' }).text.length).toBe(ten.length);
    const thirteen = 'A'.repeat(13 * 1024 * 1024);
    expect(codeOf(() => pageSchemas.inspectImport.parse({ text: thirteen, encoding: 'armored' }))).toMatch(/longer than/);
  });

  it('fingerprints are full upper-case v4 or v6 fingerprints, never key IDs', () => {
    expect(pageSchemas.getKey.parse({ fingerprint: fpr })).toEqual({ fingerprint: fpr });
    expect(pageSchemas.getKey.parse({ fingerprint: 'AB'.repeat(32) }).fingerprint).toHaveLength(64);
    for (const bad of [fpr.toLowerCase(), fpr.slice(24), `${fpr} `]) {
      expect(codeOf(() => pageSchemas.getKey.parse({ fingerprint: bad }))).toMatch(/not a valid fingerprint/);
    }
  });

  it('commitImport passphrase maps are keyed by fingerprint', () => {
    const base = { text: 'x', encoding: 'armored', newPassphrases: {} };
    expect(pageSchemas.commitImport.parse({ ...base, passphrases: { [fpr]: 'pw' } }).passphrases[fpr]).toBe('pw');
    expect(codeOf(() => pageSchemas.commitImport.parse({ ...base, passphrases: { toString: 'pw' } }))).toMatch(
      /payload\.passphrases key/,
    );
  });

  it('dates must be ISO 8601 and real', () => {
    const base = { fingerprint: fpr, passphrase: null, subkeys: [] };
    expect(pageSchemas.setExpiry.parse({ ...base, expiresAt: '2030-01-31T00:00:00.000Z' }).expiresAt).toBe(
      '2030-01-31T00:00:00.000Z',
    );
    expect(codeOf(() => pageSchemas.setExpiry.parse({ ...base, expiresAt: 'tomorrow' }))).toMatch(/ISO 8601/);
    expect(codeOf(() => pageSchemas.setExpiry.parse({ ...base, expiresAt: '2030-13-45' }))).toMatch(/not a valid date/);
  });

  it('settings: cache minutes 0..1440', () => {
    expect(pageSchemas.setSettings.parse({ passphraseCacheMinutes: 0 })).toEqual({ passphraseCacheMinutes: 0 });
    expect(codeOf(() => pageSchemas.setSettings.parse({ passphraseCacheMinutes: 1441 }))).toMatch(/outside/);
  });
});
