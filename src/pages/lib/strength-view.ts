/**
 * Maps the core passphrase estimate to what the meter shows (VS-01).
 *
 * The pages judge with the English dictionary set (common passwords, keyboards, English
 * words and names), loaded on demand: `loadStrengthDictionary()` is a dynamic import, so the
 * ~1.6 MB of lists is evaluated only when a passphrase field appears (options, compose
 * frame), never in the content script or the background. Until it is loaded, nothing is
 * `acceptable` (`ready: false`); the background enforces the floor again with its own set.
 */
import type { DictionarySuggestion, DictionaryWarning, PassphraseDictionary } from '../../core/keys/passphrase-dictionary';
import { passphraseStrength } from '../../core/keys/passphrase-strength';

export type StrengthLabel = 'strength_0' | 'strength_1' | 'strength_2' | 'strength_3' | 'strength_4';
/** Our own words for zxcvbn's warning kinds (its texts are English only). */
export type StrengthWarningKey =
  | 'strength_warn_common' | 'strength_warn_keyboard' | 'strength_warn_repeat' | 'strength_warn_sequence'
  | 'strength_warn_dates' | 'strength_warn_words' | 'strength_warn_personal';
/** Our own words for zxcvbn's suggestion kinds, plus a generic one. */
export type StrengthTipKey =
  | 'strength_tip_predictable' | 'strength_tip_case' | 'strength_tip_years' | 'strength_tip_repeats'
  | 'strength_tip_keyboard' | 'strength_tip_words' | 'strength_tip_longer';

export interface StrengthView {
  score: 0 | 1 | 2 | 3 | 4;
  /** Meter fill 0..100; an empty passphrase shows an empty meter. */
  percent: number;
  labelKey: StrengthLabel;
  acceptable: boolean;
  bits: number;
  /** False until the dictionaries are loaded; nothing is acceptable before. */
  ready: boolean;
  warningKey: StrengthWarningKey | null;
  tipKeys: StrengthTipKey[];
}

const WARNING_KEYS: Record<DictionaryWarning, StrengthWarningKey> = {
  topTen: 'strength_warn_common',
  topHundred: 'strength_warn_common',
  common: 'strength_warn_common',
  similarToCommon: 'strength_warn_common',
  pwned: 'strength_warn_common',
  straightRow: 'strength_warn_keyboard',
  keyPattern: 'strength_warn_keyboard',
  simpleRepeat: 'strength_warn_repeat',
  extendedRepeat: 'strength_warn_repeat',
  sequences: 'strength_warn_sequence',
  recentYears: 'strength_warn_dates',
  dates: 'strength_warn_dates',
  wordByItself: 'strength_warn_words',
  namesByThemselves: 'strength_warn_words',
  commonNames: 'strength_warn_words',
  userInputs: 'strength_warn_personal',
};

const TIP_KEYS: Record<DictionarySuggestion, StrengthTipKey | null> = {
  l33t: 'strength_tip_predictable',
  reverseWords: 'strength_tip_predictable',
  allUppercase: 'strength_tip_case',
  capitalization: 'strength_tip_case',
  dates: 'strength_tip_years',
  recentYears: 'strength_tip_years',
  associatedYears: 'strength_tip_years',
  sequences: 'strength_tip_repeats',
  repeated: 'strength_tip_repeats',
  longerKeyboardPattern: 'strength_tip_keyboard',
  anotherWord: 'strength_tip_words',
  useWords: 'strength_tip_words',
  // "No need for symbols" and "change it elsewhere" do not help someone below our floor.
  noNeed: null,
  pwned: null,
};

let dictionary: PassphraseDictionary | null = null;
let loading: Promise<void> | null = null;

/** Loads the English dictionary set once (dynamic import: evaluated only in pages that ask). */
export function loadStrengthDictionary(): Promise<void> {
  loading ??= import('../../core/keys/passphrase-dictionary-en').then((m) => {
    dictionary = m.englishDictionary;
  });
  return loading;
}

/** True once `loadStrengthDictionary()` has finished. */
export function strengthDictionaryReady(): boolean {
  return dictionary !== null;
}

export function strengthView(passphrase: string): StrengthView {
  const ready = dictionary !== null;
  const s = passphraseStrength(passphrase, dictionary);
  const percent = passphrase === '' ? 0 : (s.score + 1) * 20;
  const tipKeys = [...new Set(s.suggestions.map((k) => TIP_KEYS[k]).filter((k): k is StrengthTipKey => k !== null))];
  if (passphrase !== '' && !s.acceptable && tipKeys.length === 0) tipKeys.push('strength_tip_longer');
  return {
    score: s.score,
    percent,
    labelKey: `strength_${s.score}`,
    acceptable: ready && s.acceptable,
    bits: s.bits,
    ready,
    warningKey: s.warning === null ? null : WARNING_KEYS[s.warning],
    tipKeys: s.acceptable ? [] : tipKeys,
  };
}

/** Why a new passphrase cannot be used yet, or null when it can. */
export function newPassphraseProblem(
  passphrase: string,
  confirmation: string,
): 'passphrase_too_weak' | 'passphrase_mismatch' | null {
  if (!strengthView(passphrase).acceptable) return 'passphrase_too_weak';
  if (passphrase !== confirmation) return 'passphrase_mismatch';
  return null;
}
