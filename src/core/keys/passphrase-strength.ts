/**
 * Passphrase strength floor (VS-01: the vault blob is only as strong as the passphrase;
 * Argon2 slows guessing, it does not replace entropy).
 *
 * Two estimates, and the passphrase gets the LOWER one:
 * - a conservative per-character estimate without dictionaries: each character is charged
 *   for the size of the alphabet it was drawn from; repeats and runs of sequences (abcd,
 *   1234, qwerty rows) get almost nothing;
 * - a dictionary-aware one: zxcvbn's cheapest explanation of the passphrase (password
 *   lists, words, names, keyboard walks, l33t, dates), token by token, each token worth the
 *   lower of zxcvbn's guesses and the conservative estimate of that token. Tokens zxcvbn
 *   only brute-forces (at a flat 10 guesses per character, which would make 14 random
 *   characters "weak") keep the conservative estimate: that is what it is for.
 *
 * Everything here is synchronous once a dictionary is loaded; loading is async because the
 * dictionaries are big (see passphrase-dictionary*.ts).
 */
import { CachetError } from '../errors';
import type { DictionarySuggestion, DictionaryWarning, PassphraseDictionary } from './passphrase-dictionary';

/** Minimum estimated entropy for a passphrase Cachet accepts. */
export const MIN_PASSPHRASE_BITS = 50;
/** Minimum length for a passphrase Cachet accepts. */
export const MIN_PASSPHRASE_LENGTH = 10;

export interface PassphraseStrength {
  /** min(conservative, dictionary-aware) estimate, in bits. */
  bits: number;
  score: 0 | 1 | 2 | 3 | 4;
  acceptable: boolean;
  /** Name of the dictionary set consulted, or null when none was loaded (conservative only). */
  dictionary: string | null;
  /** zxcvbn's warning kind (translated by the pages), or null. */
  warning: DictionaryWarning | null;
  /** zxcvbn's suggestion kinds. */
  suggestions: DictionarySuggestion[];
}

const KEYBOARD_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1234567890', 'azertyuiop', 'qwertzuiop'];

function alphabetSize(chars: string[]): number {
  let size = 0;
  if (chars.some((c) => /[a-z]/.test(c))) size += 26;
  if (chars.some((c) => /[A-Z]/.test(c))) size += 26;
  if (chars.some((c) => /[0-9]/.test(c))) size += 10;
  if (chars.some((c) => c === ' ')) size += 1;
  if (chars.some((c) => /[!-/:-@[-`{-~]/.test(c))) size += 33;
  // Anything outside ASCII: assume a modest extra alphabet, not the whole of Unicode.
  if (chars.some((c) => (c.codePointAt(0) ?? 0) > 0x7e)) size += 64;
  return Math.max(size, 1);
}

/** True when `b` continues a sequence started by `a` (alphabet, digits or a keyboard row, either direction). */
function isSequenceStep(a: string, b: string): boolean {
  const ca = a.toLowerCase().codePointAt(0) ?? 0;
  const cb = b.toLowerCase().codePointAt(0) ?? 0;
  if (Math.abs(ca - cb) === 1) return true;
  const pair = (a + b).toLowerCase();
  const reversed = (b + a).toLowerCase();
  return KEYBOARD_ROWS.some((row) => row.includes(pair) || row.includes(reversed));
}

/** Conservative estimate of the entropy of `p` in bits, without any dictionary. */
export function conservativeBits(p: string): number {
  const chars = Array.from(p);
  const perChar = Math.log2(alphabetSize(chars));
  let bits = 0;
  const seen = new Map<string, number>();
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    const prev = i > 0 ? (chars[i - 1] as string) : undefined;
    const times = seen.get(c) ?? 0;
    seen.set(c, times + 1);
    if (prev !== undefined && prev === c) {
      bits += 1; // "aaaa": a repeat is almost free to guess
    } else if (prev !== undefined && isSequenceStep(prev, c)) {
      bits += 1.5; // "abcd", "1234", "qwer"
    } else if (times > 0) {
      // A character already used: worth less each time it comes back.
      bits += perChar / (1 + times);
    } else {
      bits += perChar;
    }
  }
  return bits;
}

/** Dictionary-aware estimate: zxcvbn's tokens, each at min(zxcvbn, conservative). */
function dictionaryBits(p: string, dictionary: PassphraseDictionary): { bits: number; warning: DictionaryWarning | null; suggestions: DictionarySuggestion[] } {
  const v = dictionary.check(p);
  let bits = conservativeBits(v.unchecked);
  for (const seg of v.segments) {
    const own = conservativeBits(seg.token);
    bits += seg.pattern === 'bruteforce' ? own : Math.min(seg.bits, own);
  }
  return { bits, warning: v.warning, suggestions: v.suggestions };
}

let loaded: PassphraseDictionary | null = null;

/**
 * Loads the common dictionary set (password lists, keyboard walks) once; afterwards
 * `passphraseStrength` without a dictionary argument uses it. The dynamic import keeps the
 * ~0.4 MB list out of a bundle's start-up (esbuild evaluates it on first call).
 */
export async function loadPassphraseDictionary(): Promise<PassphraseDictionary> {
  if (loaded === null) loaded = (await import('./passphrase-dictionary-common')).commonDictionary;
  return loaded;
}

/**
 * Estimates the strength of a passphrase (sync). `dictionary` defaults to the set loaded
 * by `loadPassphraseDictionary()`; with none loaded the estimate is conservative only
 * (`dictionary: null` in the result) — callers enforcing the floor use
 * `assertNewPassphrase`, which loads it first.
 * `acceptable` = at least MIN_PASSPHRASE_LENGTH characters and MIN_PASSPHRASE_BITS bits.
 */
export function passphraseStrength(p: string, dictionary: PassphraseDictionary | null = loaded): PassphraseStrength {
  const length = Array.from(p).length;
  let bits = conservativeBits(p);
  let warning: DictionaryWarning | null = null;
  let suggestions: DictionarySuggestion[] = [];
  if (dictionary !== null && p !== '') {
    const d = dictionaryBits(p, dictionary);
    bits = Math.min(bits, d.bits);
    warning = d.warning;
    suggestions = d.suggestions;
  }
  bits = Math.round(bits * 10) / 10;
  const score: PassphraseStrength['score'] =
    bits < 28 ? 0 : bits < 40 ? 1 : bits < MIN_PASSPHRASE_BITS ? 2 : bits < 70 ? 3 : 4;
  const acceptable = length >= MIN_PASSPHRASE_LENGTH && bits >= MIN_PASSPHRASE_BITS;
  return { bits, score, acceptable, dictionary: dictionary?.name ?? null, warning, suggestions };
}

/**
 * The floor for a NEW passphrase, with the common dictionary loaded: throws
 * PASSPHRASE_TOO_WEAK. Used by the background before anything is protected with it.
 */
export async function assertNewPassphrase(p: string): Promise<void> {
  const dictionary = await loadPassphraseDictionary();
  if (!passphraseStrength(p, dictionary).acceptable) throw new CachetError('PASSPHRASE_TOO_WEAK');
}
