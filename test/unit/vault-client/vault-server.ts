/** The real vault server (src/server) in-process on 127.0.0.1, SQLite in a temp DATA_DIR; stoppable and restartable. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/server/app';
import { loadConfig, type VaultConfig } from '../../../src/server/config';

export interface LiveVault {
  url: string;
  stop(): Promise<void>;
  /** Starts again on the same port and data (after `stop`). */
  restart(): Promise<void>;
  dispose(): Promise<void>;
}

export async function startLiveVault(): Promise<LiveVault> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cachet-vault-client-'));
  const config: VaultConfig = { ...loadConfig({ DATA_DIR: dataDir }), logLevel: 'silent', rateLimitPerMinute: 100_000, loginRateLimitPerMinute: 1000 };
  let app: FastifyInstance | null = await buildApp(config);
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const port = new URL(address).port;
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      await app?.close();
      app = null;
    },
    async restart() {
      app = await buildApp(config);
      await app.listen({ host: '127.0.0.1', port: Number(port) });
    },
    async dispose() {
      await app?.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
