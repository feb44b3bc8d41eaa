/**
 * Passphrase strength estimate without dictionaries (VS-01: the vault blob is only as
 * strong as the passphrase; Argon2 slows guessing, it does not replace entropy).
 *
 * The estimate is deliberately conservative: it charges each character for the size of
 * the alphabet it was drawn from, then gives repeated characters and runs of sequences
 * (abcd, 1234, qwerty rows) almost nothing.
 */

/** Minimum estimated entropy for a passphrase Cachet accepts. */
export const MIN_PASSPHRASE_BITS = 50;
/** Minimum length for a passphrase Cachet accepts. */
export const MIN_PASSPHRASE_LENGTH = 10;

export interface PassphraseStrength {
  bits: number;
  score: 0 | 1 | 2 | 3 | 4;
  acceptable: boolean;
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

/**
 * Estimates the entropy of a passphrase in bits (sync, no dictionary).
 * `acceptable` = at least MIN_PASSPHRASE_LENGTH characters and MIN_PASSPHRASE_BITS bits.
 */
export function passphraseStrength(p: string): PassphraseStrength {
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
  bits = Math.round(bits * 10) / 10;
  const score: PassphraseStrength['score'] =
    bits < 28 ? 0 : bits < 40 ? 1 : bits < MIN_PASSPHRASE_BITS ? 2 : bits < 70 ? 3 : 4;
  const acceptable = chars.length >= MIN_PASSPHRASE_LENGTH && bits >= MIN_PASSPHRASE_BITS;
  return { bits, score, acceptable };
}
