import { sql, type Kysely, type Migration } from 'kysely';

/** 0002: the public key directory's tables (portable types, see src/server/db/migrations.ts). */
export const directoryMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('directory_keys')
      .addColumn('fingerprint', 'text', (c) => c.primaryKey())
      .addColumn('key_id', 'text', (c) => c.notNull())
      .addColumn('armored', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('directory_keys_key_id').on('directory_keys').column('key_id').execute();
    await db.schema
      .createTable('directory_addresses')
      .addColumn('fingerprint', 'text', (c) => c.notNull().references('directory_keys.fingerprint').onDelete('cascade'))
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('domain', 'text', (c) => c.notNull())
      .addColumn('wkd_hash', 'text', (c) => c.notNull())
      .addColumn('published_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('directory_addresses_pk', ['fingerprint', 'email'])
      .execute();
    await db.schema.createIndex('directory_addresses_email').on('directory_addresses').column('email').execute();
    await db.schema.createIndex('directory_addresses_wkd').on('directory_addresses').columns(['domain', 'wkd_hash']).execute();
    await db.schema
      .createTable('directory_tokens')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('fingerprint', 'text', (c) => c.notNull().references('directory_keys.fingerprint').onDelete('cascade'))
      .addColumn('email', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('directory_tokens_email').on('directory_tokens').columns(['email', 'created_at']).execute();
    await db.schema.createIndex('directory_tokens_expiry').on('directory_tokens').column('expires_at').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const t of ['directory_tokens', 'directory_addresses', 'directory_keys']) {
      await sql`drop table if exists ${sql.table(t)}`.execute(db);
    }
  },
};
