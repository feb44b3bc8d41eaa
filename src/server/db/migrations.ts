import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { directoryMigration } from '../directory/migration.js';
import { approvalMigration } from './approval-migration.js';
import { attemptLimitsMigration } from './attempt-limits-migration.js';

/**
 * One list of migrations for both dialects: only portable types (text,
 * integer, bigint) and portable constraints. Append, never edit.
 */
const migrations: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('accounts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('registration_record', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('devices')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('refresh_hash', 'text', (c) => c.notNull().unique())
        .addColumn('prev_refresh_hash', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text', (c) => c.notNull())
        .addColumn('revoked', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('devices_account').on('devices').column('account_id').execute();
      await db.schema.createIndex('devices_prev_refresh').on('devices').column('prev_refresh_hash').execute();
      await db.schema
        .createTable('key_items')
        .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('public_key', 'text')
        .addColumn('private_key', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('key_items_pk', ['account_id', 'fingerprint'])
        .execute();
      await db.schema.createIndex('key_items_seq').on('key_items').columns(['account_id', 'seq']).execute();
      await db.schema
        .createTable('login_attempts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.references('accounts.id').onDelete('cascade'))
        .addColumn('server_state', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('login_attempts_expiry').on('login_attempts').column('expires_at').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const t of ['login_attempts', 'key_items', 'devices', 'accounts']) {
        await sql`drop table if exists ${sql.table(t)}`.execute(db);
      }
    },
  },
  '0002_directory': directoryMigration,
  '0003_device_approval': approvalMigration,
  '0004_attempt_limits': attemptLimitsMigration,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
