import { sql } from 'kysely';
import type { Store } from './database.js';

/** Attempts counted so far in the key's current window, and when that window ends (epoch ms). */
export interface AttemptCount { count: number; resetAt: number }

/** Expired rows are deleted at most this often per store (each delete is a write; SQLite has one writer). */
const PRUNE_EVERY_MS = 60_000;
const lastPrune = new WeakMap<Store, number>();

/**
 * Counts one attempt for `key` in a fixed window of `windowMs` and returns the
 * new count. One INSERT … ON CONFLICT DO UPDATE … RETURNING statement (SQLite
 * ≥ 3.35, PostgreSQL): the database serialises concurrent attempts on the row,
 * so none is lost, whichever vault process made it (no read-then-write). A
 * window that has ended starts again at 1. Refused attempts count too, like
 * @fastify/rate-limit did in memory: hammering does not shorten the wait.
 */
export async function countAttempt(store: Store, key: string, windowMs: number, now = Date.now()): Promise<AttemptCount> {
  const expired = sql<boolean>`${sql.ref('attempt_limits.reset_at')} <= ${now}`;
  const row = await store.db
    .insertInto('attempt_limits')
    .values({ key, count: 1, reset_at: now + windowMs })
    .onConflict((oc) => oc.column('key').doUpdateSet({
      count: sql<number>`case when ${expired} then 1 else ${sql.ref('attempt_limits.count')} + 1 end`,
      reset_at: sql<number>`case when ${expired} then ${now + windowMs} else ${sql.ref('attempt_limits.reset_at')} end`,
    }))
    .returning(['count', 'reset_at'])
    .executeTakeFirstOrThrow();
  await pruneNowAndThen(store, now);
  // bigint (and on some drivers integer) columns come back as strings from `pg`.
  return { count: Number(row.count), resetAt: Number(row.reset_at) };
}

/** Deletes rows whose window has ended (they would restart at 1 anyway), at most once a minute. */
async function pruneNowAndThen(store: Store, now: number): Promise<void> {
  if (now - (lastPrune.get(store) ?? 0) < PRUNE_EVERY_MS) return;
  lastPrune.set(store, now);
  await pruneExpiredAttemptLimits(store, now);
}

export async function pruneExpiredAttemptLimits(store: Store, now = Date.now()): Promise<void> {
  await store.db.deleteFrom('attempt_limits').where('reset_at', '<=', now).execute();
}
