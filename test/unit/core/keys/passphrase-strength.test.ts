import { describe, expect, it } from 'vitest';
import * as common from '@zxcvbn-ts/language-common';
import { commonDictionary } from '../../../../src/core/keys/passphrase-dictionary-common';
import { englishDictionary } from '../../../../src/core/keys/passphrase-dictionary-en';
import { MIN_PASSPHRASE_BITS, assertNewPassphrase, loadPassphraseDictionary, passphraseStrength } from '../../../../src/core/keys/passphrase-strength';

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

describe('passphraseStrength with dictionaries (VS-01)', () => {
  const dictionaries = [commonDictionary, englishDictionary];
  const weak = ['Summer2024!', 'Password123!', 'iloveyou2023', 'P@ssw0rd2024', 'Winter2023#', 'Summer2024!Summer2024!'];
  const walks = ['qwertyuiop[]', '1qaz2wsx3edc4rfv', 'zxcvbnm,./;', 'poiuytrewq;lkjhg', 'asdfghjkl;\'', 'qazwsxedcrfvtgb'];

  /** Deterministic PRNG (mulberry32), so the random samples are the same on every run. */
  function rng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let x = Math.imul(a ^ (a >>> 15), 1 | a);
      x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
      return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
    };
  }

  it('passes the conservative estimate, yet is refused once a dictionary is consulted', () => {
    // The old estimate had no dictionary: these were accepted before.
    expect(passphraseStrength('Summer2024!', null).acceptable).toBe(true);
    for (const d of dictionaries) {
      for (const p of [...weak, ...walks]) {
        const s = passphraseStrength(p, d);
        expect(s.acceptable, `${d.name}: ${p} (${s.bits} bits)`).toBe(false);
        expect(s.dictionary).toBe(d.name);
      }
    }
  });

  it('gives zxcvbn feedback kinds, not English text', () => {
    expect(['common', 'similarToCommon']).toContain(passphraseStrength('Password123!', englishDictionary).warning);
    expect(passphraseStrength('P@ssw0rd2024', englishDictionary).suggestions).toContain('l33t');
    expect(passphraseStrength('zxcvbnm,./;', englishDictionary).warning).toBe('keyPattern');
  });

  it('accepts random 14+ character strings', () => {
    const next = rng(14);
    for (let i = 0; i < 30; i++) {
      const p = Array.from({ length: 14 + (i % 4) }, () => String.fromCharCode(33 + Math.floor(next() * 94))).join('');
      for (const d of dictionaries) expect(passphraseStrength(p, d).acceptable, `${d.name}: ${p}`).toBe(true);
    }
  });

  it('accepts random 4-word diceware phrases (all but the rare draw of four very common words)', () => {
    const words = common.dictionary['diceware-common'] as string[];
    expect(words.length).toBe(7776);
    const next = rng(4);
    const n = 40;
    let accepted = 0;
    for (let i = 0; i < n; i++) {
      const p = Array.from({ length: 4 }, () => words[Math.floor(next() * words.length)]).join(i % 2 ? ' ' : '-');
      if (passphraseStrength(p, englishDictionary).acceptable) accepted++;
      // The background's set never refuses what the pages accept (it knows fewer words).
      if (passphraseStrength(p, englishDictionary).acceptable) expect(passphraseStrength(p, commonDictionary).acceptable, p).toBe(true);
    }
    // 4 words of 7776 = 51.7 bits; zxcvbn ranks words by frequency, so a draw of four
    // common words (about 1 in 100) lands under 50 and is told to add a word.
    expect(accepted).toBeGreaterThanOrEqual(n - 2);
  });

  it('assertNewPassphrase loads the common set and throws PASSPHRASE_TOO_WEAK', async () => {
    await expect(assertNewPassphrase('Summer2024!')).rejects.toMatchObject({ code: 'PASSPHRASE_TOO_WEAK' });
    await expect(assertNewPassphrase('correct horse battery staple 42')).resolves.toBeUndefined();
    expect((await loadPassphraseDictionary()).name).toBe('common');
  });
});
