import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../../src/server/app.js';
import { loadConfig, type VaultConfig } from '../../../src/server/config.js';
import type { TestDialect } from './dialects.js';

export interface TestVault {
  app: FastifyInstance;
  config: VaultConfig;
  request(opts: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** A fresh database and DATA_DIR with the test config (quiet, generous limits); `remove` drops both. */
export async function testVaultSetup(
  dialect: TestDialect,
  overrides: Partial<VaultConfig> = {},
): Promise<{ config: VaultConfig; remove(): Promise<void> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cachet-vault-'));
  const db = await dialect.create();
  const config: VaultConfig = {
    ...loadConfig({ DATA_DIR: dataDir }),
    databaseUrl: db.databaseUrl,
    logLevel: 'silent',
    rateLimitPerMinute: 100_000,
    loginRateLimitPerMinute: 1000,
    ...overrides,
  };
  return {
    config,
    async remove() {
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function startVault(dialect: TestDialect, overrides: Partial<VaultConfig> = {}): Promise<TestVault> {
  const { config, remove } = await testVaultSetup(dialect, overrides);
  const app = await buildApp(config);
  return {
    app,
    config,
    request: (opts) => app.inject(opts),
    async close() {
      await app.close();
      await remove();
    },
  };
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
