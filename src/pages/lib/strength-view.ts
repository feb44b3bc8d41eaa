/** Maps the core passphrase estimate to what the meter shows. */
import { passphraseStrength } from '../../core/keys/passphrase-strength';

export type StrengthLabel = 'strength_0' | 'strength_1' | 'strength_2' | 'strength_3' | 'strength_4';

export interface StrengthView {
  score: 0 | 1 | 2 | 3 | 4;
  /** Meter fill 0..100; an empty passphrase shows an empty meter. */
  percent: number;
  labelKey: StrengthLabel;
  acceptable: boolean;
  bits: number;
}

export function strengthView(passphrase: string): StrengthView {
  const s = passphraseStrength(passphrase);
  const percent = passphrase === '' ? 0 : (s.score + 1) * 20;
  return { score: s.score, percent, labelKey: `strength_${s.score}`, acceptable: s.acceptable, bits: s.bits };
}

/** Why a new passphrase cannot be used yet, or null when it can. */
export function newPassphraseProblem(
  passphrase: string,
  confirmation: string,
): 'passphrase_too_weak' | 'passphrase_mismatch' | null {
  if (!passphraseStrength(passphrase).acceptable) return 'passphrase_too_weak';
  if (passphrase !== confirmation) return 'passphrase_mismatch';
  return null;
}
