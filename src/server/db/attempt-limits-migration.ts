import { sql, type Kysely, type Migration } from 'kysely';

/**
 * 0004: per-account attempt counters (login/registration, recovery secret) in the
 * database instead of process memory, so a restart or a second vault process on
 * the same database gives an attacker no fresh attempts. `key` never holds an
 * e-mail address, only its keyed hash (auth/tokens.ts emailKey). `reset_at`
 * (epoch ms) is the end of the key's fixed window; indexed for pruning.
 */
export const attemptLimitsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('attempt_limits')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addColumn('reset_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('attempt_limits_reset').on('attempt_limits').column('reset_at').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await sql`drop table if exists attempt_limits`.execute(db);
  },
};
