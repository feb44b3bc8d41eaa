import type { VaultContext } from '../context.js';
import { countAttempt } from '../db/attempt-limits-repo.js';
import { VaultHttpError } from '../http-error.js';

/**
 * Per-account attempt limit kept in the database (attempt-limits-repo.ts), not in
 * process memory: restarting the vault, or sending attempts to another vault
 * process on the same database, gives no fresh guesses at a password or a
 * recovery secret. Counts this attempt; throws 429 `rate_limited` once more than
 * `max` were made in the window. `key` must not contain a raw e-mail address.
 */
export async function limitAttempts(ctx: VaultContext, key: string, max: number, windowMs: number, what: string): Promise<void> {
  const now = Date.now();
  const { count, resetAt } = await countAttempt(ctx.store, key, windowMs, now);
  if (count > max) {
    const retryIn = Math.max(1, Math.ceil((resetAt - now) / 1000));
    throw new VaultHttpError(429, 'rate_limited', `too many ${what}, retry in ${retryIn}s`);
  }
}
