import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.js';
import { loadSecrets } from '../../src/server/secrets.js';

describe('vault configuration', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ host: '127.0.0.1', port: 8787, databaseUrl: undefined, accessTokenTtlSeconds: 600, allowRegistration: true });
    expect(c.dataDir).toBe(path.resolve('.cachet-data'));
  });

  it('refuses a DATABASE_URL that is not PostgreSQL and a bad PORT', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/postgres/);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });

  it('creates secrets once, owner-only, and keeps them across starts', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cachet-secrets-'));
    try {
      const config = loadConfig({ DATA_DIR: dir });
      const a = await loadSecrets(config);
      const file = path.join(dir, 'secrets.json');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const b = await loadSecrets(config);
      expect(b.opaqueServerSetup).toBe(a.opaqueServerSetup);
      expect(b.tokenKey.equals(a.tokenKey)).toBe(true);
      expect(a.tokenKey.length).toBe(32);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toHaveProperty('opaqueServerSetup', a.opaqueServerSetup);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prefers secrets from the environment (shared by several processes)', async () => {
    const env = { OPAQUE_SERVER_SETUP: 'setup-from-env', TOKEN_KEY: Buffer.alloc(32, 7).toString('base64url'), DATA_DIR: '/nonexistent/never-created' };
    const s = await loadSecrets(loadConfig(env));
    expect(s.opaqueServerSetup).toBe('setup-from-env');
    expect(s.tokenKey).toEqual(Buffer.alloc(32, 7));
  });
});
