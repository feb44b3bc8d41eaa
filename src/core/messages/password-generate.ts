/**
 * Passwords for password-protected messages: generated ones and the strength of chosen ones.
 * Pure (no OpenPGP.js), so our compose frame can use it without bundling the crypto library.
 */
import type { PassphraseDictionary } from '../keys/passphrase-dictionary';
import { passphraseStrength, type PassphraseStrength } from '../keys/passphrase-strength';

/**
 * Generated-password alphabet: digits 2-9 and consonants, no vowels (no accidental words),
 * no 0/1/l/o/i (nothing to confuse when read aloud or retyped).
 */
export const PASSWORD_ALPHABET = '23456789bcdfghjkmnpqrstvwxz';
/** 6 groups of 4: 24 symbols of log2(27) ≈ 4.75 bits = 114 bits. */
export const PASSWORD_GROUPS = 6;
export const PASSWORD_GROUP_LENGTH = 4;
/** Entropy of a generated password, in bits. */
export const GENERATED_PASSWORD_BITS = Math.floor(PASSWORD_GROUPS * PASSWORD_GROUP_LENGTH * Math.log2(PASSWORD_ALPHABET.length));
/** Longest password accepted (matches the message schemas). */
export const MAX_PASSWORD_CHARS = 1024;

/** A fresh random password like `k7m2-x9bq-…` (crypto.getRandomValues, rejection sampling: uniform). */
export function generatePassword(): string {
  const n = PASSWORD_ALPHABET.length;
  const limit = 256 - (256 % n); // bytes ≥ limit would bias the first symbols
  const out: string[] = [];
  while (out.length < PASSWORD_GROUPS * PASSWORD_GROUP_LENGTH) {
    for (const b of crypto.getRandomValues(new Uint8Array(32))) {
      if (b < limit && out.length < PASSWORD_GROUPS * PASSWORD_GROUP_LENGTH) out.push(PASSWORD_ALPHABET[b % n] as string);
    }
  }
  const groups: string[] = [];
  for (let i = 0; i < out.length; i += PASSWORD_GROUP_LENGTH) groups.push(out.slice(i, i + PASSWORD_GROUP_LENGTH).join(''));
  return groups.join('-');
}

/**
 * Strength of a password the user chose (same estimate and floor as key passphrases);
 * `dictionary` as for `passphraseStrength` (the background passes the loaded common set).
 */
export function passwordStrength(password: string, dictionary?: PassphraseDictionary | null): PassphraseStrength {
  return passphraseStrength(password, dictionary);
}
