import { describe, expect, it } from 'vitest';
import { MIN_PASSPHRASE_BITS, passphraseStrength } from '../../../../src/core/keys/passphrase-strength';

describe('passphraseStrength', () => {
  it('rejects short and empty passphrases', () => {
    expect(passphraseStrength('').acceptable).toBe(false);
    expect(passphraseStrength('').score).toBe(0);
    expect(passphraseStrength('Xk#9vQ!2').acceptable).toBe(false); // strong chars, but < 10
  });

  it('gives repeats and sequences almost nothing', () => {
    expect(passphraseStrength('aaaaaaaaaaaaaaaaaaaa').acceptable).toBe(false);
    expect(passphraseStrength('abcdefghijklmnop').acceptable).toBe(false);
    expect(passphraseStrength('1234567890123456').acceptable).toBe(false);
    expect(passphraseStrength('qwertyuiopasdfgh').acceptable).toBe(false);
    expect(passphraseStrength('aaaaaaaaaaaaaaaaaaaa').bits).toBeLessThan(passphraseStrength('apqmzlwoxn').bits);
  });

  it('accepts long varied passphrases', () => {
    const r = passphraseStrength('correct horse battery staple 42');
    expect(r.acceptable).toBe(true);
    expect(r.bits).toBeGreaterThanOrEqual(MIN_PASSPHRASE_BITS);
    expect(r.score).toBeGreaterThanOrEqual(3);
    expect(passphraseStrength('Tr0ub4dor&3-Xy!').acceptable).toBe(true);
  });

  it('grows with length and character classes', () => {
    expect(passphraseStrength('hqzmvkwpxr').bits).toBeLessThan(passphraseStrength('hqzmvkwpxrbnft').bits);
    expect(passphraseStrength('hqzmvkwpxr').bits).toBeLessThan(passphraseStrength('hQz7vK#pXr').bits);
  });
});
