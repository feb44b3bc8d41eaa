/**
 * Sign-only approvals (PI-03): signing without encrypting writes the text itself into the
 * webmail, so submitCompose in mode `sign` needs the user's approval of that very text in the
 * confirmation window. Kept per compose session in `storage.session` as a SHA-256 of the text
 * (not the text); spent by the first sign-only message that goes out.
 */
import type { StorageAreaLike } from '../browser-deps';
import { sha256Hex } from '../mail/read-attachment-store';

const PREFIX = 'sign-approval:';

/** What an approval records of the text (SHA-256, lower-case hex). */
export const textHash = sha256Hex;

export async function approveSignOnly(area: StorageAreaLike, sessionId: string, hash: string): Promise<void> {
  await area.set({ [PREFIX + sessionId]: hash });
}

/** Whether the user approved releasing exactly `text` from this session. */
export async function signOnlyApproved(area: StorageAreaLike, sessionId: string, text: string): Promise<boolean> {
  const v = (await area.get(PREFIX + sessionId))[PREFIX + sessionId];
  return typeof v === 'string' && v === (await textHash(text));
}

export async function spendSignOnly(area: StorageAreaLike, sessionId: string): Promise<void> {
  await area.remove(PREFIX + sessionId);
}
