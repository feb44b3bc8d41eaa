import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A database a test vault can use, fresh and empty, and how to throw it away. */
export interface TestDatabase { databaseUrl: string | undefined; drop(): Promise<void> }
export interface TestDialect { name: 'sqlite' | 'postgres'; create(): Promise<TestDatabase> }

const sqlite: TestDialect = {
  name: 'sqlite',
  // SQLite lives in the vault's temporary DATA_DIR, removed with it.
  create: async () => ({ databaseUrl: undefined, drop: async () => undefined }),
};

function postgres(adminUrl: string): TestDialect {
  return {
    name: 'postgres',
    async create() {
      const name = `vault_t_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return {
        databaseUrl: url.toString(),
        async drop() {
          const c = new pg.Client({ connectionString: adminUrl });
          await c.connect();
          await c.query(`drop database if exists ${name} with (force)`);
          await c.end();
        },
      };
    },
  };
}

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL is set (scripts/postgres-up.sh). */
export const dialects: TestDialect[] = [
  sqlite,
  ...(process.env.TEST_DATABASE_URL ? [postgres(process.env.TEST_DATABASE_URL)] : []),
];
