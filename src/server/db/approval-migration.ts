import type { Kysely, Migration } from 'kysely';

/**
 * 0003: device approval and recovery secrets (VS-05), and who deleted a key.
 * Devices that exist when the vault is upgraded were usable before, so they
 * keep working: the column's default (1) approves every existing row. New
 * devices are inserted with an explicit value (devices-repo.ts). Accounts made
 * before this have no recovery secret until an approved device asks for one.
 * Portable DDL only (ADD COLUMN with a constant default works on SQLite and PostgreSQL).
 */
export const approvalMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('devices').addColumn('approved', 'integer', (c) => c.notNull().defaultTo(1)).execute();
    await db.schema.alterTable('devices').addColumn('approved_at', 'text').execute();
    await db.schema.alterTable('devices').addColumn('approved_by', 'text').execute();
    await db.schema.alterTable('accounts').addColumn('recovery_hash', 'text').execute();
    await db.schema.alterTable('key_items').addColumn('updated_by', 'text').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('key_items').dropColumn('updated_by').execute();
    await db.schema.alterTable('accounts').dropColumn('recovery_hash').execute();
    await db.schema.alterTable('devices').dropColumn('approved_by').execute();
    await db.schema.alterTable('devices').dropColumn('approved_at').execute();
    await db.schema.alterTable('devices').dropColumn('approved').execute();
  },
};
