/** Builds the passphrase maps of `commitImport` from what the user typed per candidate. */
import type { ImportCandidate } from '../../shared/protocol';
import { newPassphraseProblem } from './strength-view';

export interface TypedSecrets {
  passphrase: string;
  newPassphrase: string;
  newConfirm: string;
}

export type CommitSecrets =
  | { ok: true; passphrases: Record<string, string>; newPassphrases: Record<string, string> }
  | { ok: false; fingerprint: string; problem: 'import_passphrase_missing' | 'passphrase_too_weak' | 'passphrase_mismatch' };

export const EMPTY_SECRETS: TypedSecrets = { passphrase: '', newPassphrase: '', newConfirm: '' };

export function commitSecrets(candidates: ImportCandidate[], typed: Record<string, TypedSecrets>): CommitSecrets {
  const passphrases: Record<string, string> = {};
  const newPassphrases: Record<string, string> = {};
  for (const c of candidates) {
    const s = typed[c.fingerprint] ?? EMPTY_SECRETS;
    if (c.secret === 'protected') {
      if (s.passphrase === '') return { ok: false, fingerprint: c.fingerprint, problem: 'import_passphrase_missing' };
      passphrases[c.fingerprint] = s.passphrase;
    } else if (c.secret === 'unprotected') {
      const problem = newPassphraseProblem(s.newPassphrase, s.newConfirm);
      if (problem) return { ok: false, fingerprint: c.fingerprint, problem };
      newPassphrases[c.fingerprint] = s.newPassphrase;
    }
  }
  return { ok: true, passphrases, newPassphrases };
}
