import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { hashToken } from '../../src/server/auth/tokens.js';
import { loadConfig, type VaultConfig } from '../../src/server/config.js';
import { migrationProvider } from '../../src/server/db/migrations.js';
import type { DeviceSelf } from '../../src/shared/vault-approval-api.js';
import type { Session } from '../../src/shared/vault-api.js';
import { dialects, type TestDatabase } from './helpers/dialects.js';
import { bearer } from './helpers/vault.js';

/** VS-05 upgrade path: devices that existed before migration 0003 keep working (approved). */
describe.each(dialects)('migration 0003 on $name', (dialect) => {
  let cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanup.reverse()) await c();
    cleanup = [];
  });

  it('treats devices of existing accounts as approved; they can then get a recovery secret', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cachet-vault-mig-'));
    const database: TestDatabase = await dialect.create();
    cleanup.push(async () => {
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const config: VaultConfig = { ...loadConfig({ DATA_DIR: dataDir }), databaseUrl: database.databaseUrl, logLevel: 'silent', rateLimitPerMinute: 100_000, loginRateLimitPerMinute: 1000 };

    // The schema as the previous release left it, with one account and one device.
    const db = new Kysely<Record<string, Record<string, unknown>>>({
      dialect: database.databaseUrl
        ? new PostgresDialect({ pool: new pg.Pool({ connectionString: database.databaseUrl, max: 1 }) })
        : new SqliteDialect({ database: new SQLite(path.join(dataDir, 'vault.sqlite')) }),
    });
    const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo('0002_directory');
    expect(error).toBeUndefined();
    const now = new Date().toISOString();
    const refreshToken = 'old-device-refresh-token';
    await db.insertInto('accounts').values({ id: 'acc-1', email: 'old@example.org', registration_record: 'x', seq: 0, created_at: now }).execute();
    await db.insertInto('devices').values({
      id: '11111111-1111-4111-8111-111111111111', account_id: 'acc-1', name: 'old laptop', refresh_hash: hashToken(refreshToken),
      prev_refresh_hash: null, created_at: now, last_used_at: now, revoked: 0,
    }).execute();
    await db.destroy();

    const app = await buildApp(config);
    cleanup.push(() => app.close());
    const s = (await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken } })).json<Session>();
    expect((await app.inject({ method: 'GET', url: '/v1/sync?since=0', headers: bearer(s.accessToken) })).statusCode).toBe(304);
    const self = (await app.inject({ method: 'GET', url: '/v1/devices/me', headers: bearer(s.accessToken) })).json<DeviceSelf>();
    // Approved by the upgrade (no approval time recorded), and no recovery secret until one is asked for.
    expect(self).toMatchObject({ device: { name: 'old laptop', approved: true, approvedAt: null }, hasRecoverySecret: false });
    const issued = await app.inject({ method: 'POST', url: '/v1/account/recovery-secret', headers: bearer(s.accessToken) });
    expect(issued.statusCode).toBe(200);
    const again = (await app.inject({ method: 'GET', url: '/v1/devices/me', headers: bearer(s.accessToken) })).json<DeviceSelf>();
    expect(again.hasRecoverySecret).toBe(true);
  });
});
