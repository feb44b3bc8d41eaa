/**
 * Dictionary-aware guess estimate for passphrases (VS-01), built on zxcvbn-ts.
 *
 * The conservative per-character estimate in `passphrase-strength.ts` cannot know that
 * "Summer2024!" is a season, a recent year and a symbol; zxcvbn can (password lists, word
 * frequency lists, keyboard graphs, l33t, dates). This module only wraps zxcvbn: it
 * returns zxcvbn's segmentation (each token with its guess count) and its feedback as
 * *kinds* (zxcvbn's translation keys), never as English text, so the pages translate them.
 *
 * The dictionaries are large (the common list is ~0.4 MB, English ~1.2 MB minified) and
 * are decompressed when their module is evaluated: callers load them with a dynamic
 * `import()` (esbuild keeps the module's evaluation lazy) and pass the result in.
 */
import { ZxcvbnFactory, type OptionsType } from '@zxcvbn-ts/core';

/** zxcvbn warning kinds (its translation keys). */
export type DictionaryWarning =
  | 'straightRow' | 'keyPattern' | 'simpleRepeat' | 'extendedRepeat' | 'sequences' | 'recentYears' | 'dates'
  | 'topTen' | 'topHundred' | 'common' | 'similarToCommon' | 'wordByItself' | 'namesByThemselves' | 'commonNames'
  | 'userInputs' | 'pwned';
/** zxcvbn suggestion kinds (its translation keys). */
export type DictionarySuggestion =
  | 'l33t' | 'reverseWords' | 'allUppercase' | 'capitalization' | 'dates' | 'recentYears' | 'associatedYears'
  | 'sequences' | 'repeated' | 'longerKeyboardPattern' | 'anotherWord' | 'useWords' | 'noNeed' | 'pwned';

/** One token of zxcvbn's cheapest explanation of the passphrase. */
export interface DictionarySegment {
  /** zxcvbn pattern: dictionary, spatial, repeat, sequence, regex, date, separator, bruteforce, … */
  pattern: string;
  token: string;
  /** log2 of zxcvbn's guesses for this token alone. */
  bits: number;
}

export interface DictionaryVerdict {
  segments: DictionarySegment[];
  /** The part of the passphrase zxcvbn did not look at (past `MAX_DICTIONARY_CHARS`). */
  unchecked: string;
  warning: DictionaryWarning | null;
  suggestions: DictionarySuggestion[];
}

/** A loaded dictionary set: `check` is synchronous once loaded. */
export interface PassphraseDictionary {
  /** 'common' (password lists + keyboards) or 'en' (common + English words and names). */
  readonly name: string;
  check(passphrase: string): DictionaryVerdict;
}

/**
 * zxcvbn's matching is quadratic in the length; past this many characters the rest is
 * judged by the conservative estimate alone (the meter runs on every keystroke).
 */
export const MAX_DICTIONARY_CHARS = 100;

const WARNINGS = new Set<string>([
  'straightRow', 'keyPattern', 'simpleRepeat', 'extendedRepeat', 'sequences', 'recentYears', 'dates', 'topTen',
  'topHundred', 'common', 'similarToCommon', 'wordByItself', 'namesByThemselves', 'commonNames', 'userInputs', 'pwned',
]);
const SUGGESTIONS = new Set<string>([
  'l33t', 'reverseWords', 'allUppercase', 'capitalization', 'dates', 'recentYears', 'associatedYears', 'sequences',
  'repeated', 'longerKeyboardPattern', 'anotherWord', 'useWords', 'noNeed', 'pwned',
]);

/**
 * Wraps zxcvbn with the given dictionaries and keyboard graphs. The factory (which ranks
 * every word) is built on the first `check`, not when the page starts.
 * No `translations` are passed, so zxcvbn's feedback is its plain keys.
 */
export function zxcvbnDictionary(name: string, options: Pick<OptionsType, 'dictionary' | 'graphs'>): PassphraseDictionary {
  let factory: ZxcvbnFactory | null = null;
  return {
    name,
    check(passphrase: string): DictionaryVerdict {
      // Levenshtein matching and unbounded l33t substitution cost seconds per check on a
      // string of symbols; the meter runs on every keystroke.
      factory ??= new ZxcvbnFactory({ ...options, useLevenshteinDistance: false, l33tMaxSubstitutions: 4, maxLength: MAX_DICTIONARY_CHARS });
      const chars = Array.from(passphrase);
      const head = chars.slice(0, MAX_DICTIONARY_CHARS).join('');
      const unchecked = chars.slice(MAX_DICTIONARY_CHARS).join('');
      if (head === '') return { segments: [], unchecked, warning: null, suggestions: [] };
      const r = factory.check(head);
      const warning = r.feedback.warning !== null && WARNINGS.has(r.feedback.warning) ? (r.feedback.warning as DictionaryWarning) : null;
      const suggestions = r.feedback.suggestions.filter((s): s is DictionarySuggestion => SUGGESTIONS.has(s));
      const segments = r.sequence.map((m) => ({ pattern: m.pattern, token: m.token, bits: Math.log2(Math.max(1, m.guesses)) }));
      return { segments, unchecked, warning, suggestions };
    },
  };
}
