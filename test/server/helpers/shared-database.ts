import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/server/app.js';
import type { VaultConfig } from '../../../src/server/config.js';
import { openStore, type Store } from '../../../src/server/db/database.js';
import type { TestDialect } from './dialects.js';
import { testVaultSetup } from './vault.js';

/**
 * One database (and DATA_DIR, so the same secrets) on which tests open as many
 * vault apps as they like, one after another (a restart) or side by side (two
 * processes on one database). startVault (vault.ts) makes a fresh database per app.
 */
export interface SharedDatabase {
  config: VaultConfig;
  openApp(): Promise<FastifyInstance>;
  /** A Store of its own (its own connection/pool), to look at the tables directly. */
  openStore(): Promise<Store>;
  remove(): Promise<void>;
}

export async function sharedDatabase(dialect: TestDialect, overrides: Partial<VaultConfig> = {}): Promise<SharedDatabase> {
  const { config, remove: removeSetup } = await testVaultSetup(dialect, overrides);
  const opened: { close(): Promise<unknown> }[] = [];
  return {
    config,
    async openApp() {
      const app = await buildApp(config);
      opened.push(app);
      return app;
    },
    async openStore() {
      const store = await openStore(config);
      opened.push(store);
      return store;
    },
    async remove() {
      // Closing twice is harmless (Fastify and Kysely both allow it); tests may have closed some already.
      for (const o of opened) await o.close().catch(() => undefined);
      await removeSetup();
    },
  };
}
