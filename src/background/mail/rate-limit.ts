/**
 * PI-04: a page cannot drive decryptions while a key is cached; each needs a click in our
 * frame, and a session allows a few per minute at most (a user clicks far less often).
 */
import { CachetError } from '../../core/errors';
import type { MailSession, SessionStore } from './session-store';

export const DECRYPTS_PER_MINUTE = 10;

export async function countAttempt(store: SessionStore, session: MailSession, now: number): Promise<void> {
  const recent = session.attempts.filter((t) => t > now - 60_000);
  if (recent.length >= DECRYPTS_PER_MINUTE) throw new CachetError('FORBIDDEN', 'too many decryption attempts; wait a minute');
  await store.update({ ...session, attempts: [...recent, now] });
}
