import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyItem, SyncResponse } from '../../src/shared/vault-api.js';
import { dialects, type TestDatabase } from './helpers/dialects.js';
import { makeKey } from './helpers/keys.js';
import { login, register } from './helpers/opaque-client.js';
import { buildVaultBundle, httpClient, spawnVault } from './helpers/process-vault.js';
import { bearer } from './helpers/vault.js';

let bundle: Awaited<ReturnType<typeof buildVaultBundle>>;
beforeAll(async () => { bundle = await buildVaultBundle(); });
afterAll(() => bundle.remove());

describe.each(dialects)('kill -9 during a burst of writes on $name', (dialect) => {
  let db: TestDatabase;
  let dataDir: string;
  beforeAll(async () => {
    db = await dialect.create();
    dataDir = mkdtempSync(path.join(tmpdir(), 'cachet-crash-'));
  });
  afterAll(async () => {
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no acknowledged write after restart', async () => {
    const env: Record<string, string> = { DATA_DIR: dataDir, RATE_LIMIT: '100000', ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}) };
    const keys = await Promise.all(['k1', 'k2', 'k3'].map((n) => makeKey(`${n}@example.org`)));
    const first = await spawnVault(bundle.file, env);
    // Secrets were generated with owner-only permissions on first start.
    expect(statSync(path.join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);
    const client = httpClient(first.base);
    const session = await register(client, 'crash@example.org', 'pw');

    const acked = new Map<string, number>();
    let stop = false;
    let total = 0;
    const writer = async (key: (typeof keys)[number]) => {
      const url = `/v1/keys/${key.fingerprint}`;
      let precondition: Record<string, string> = { 'if-none-match': '*' };
      while (!stop) {
        let res;
        try {
          res = await client.request({ method: 'PUT', url, headers: { ...bearer(session.accessToken), ...precondition }, payload: { publicKey: key.publicKey, privateKey: key.privateKey } });
        } catch {
          return; // the server died under us: this write was never acknowledged
        }
        if (res.statusCode !== 200 && res.statusCode !== 201) throw new Error(`unexpected ${res.statusCode}: ${res.body}`);
        const item = res.json<KeyItem>();
        acked.set(key.fingerprint, item.revision);
        total++;
        precondition = { 'if-match': `"${item.revision}"` };
      }
    };
    const writers = keys.map(writer);
    // Kill once a good number of writes are acknowledged, mid-burst.
    for (let i = 0; i < 600 && total < 45; i++) await new Promise((r) => setTimeout(r, 50));
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    await Promise.all(writers);
    stop = true;
    expect(total).toBeGreaterThanOrEqual(45);

    const second = await spawnVault(bundle.file, env);
    try {
      const again = httpClient(second.base);
      // Old tokens stay valid across restarts (secrets persisted in DATA_DIR).
      const res = await again.request({ method: 'GET', url: '/v1/sync?since=0', headers: bearer(session.accessToken) });
      expect(res.statusCode).toBe(200);
      const stored = new Map(res.json<SyncResponse>().items.map((i) => [i.fingerprint, i]));
      for (const [fp, revision] of acked) {
        // The write in flight at the kill may have committed unacknowledged: >=, never <.
        expect(stored.get(fp)?.revision).toBeGreaterThanOrEqual(revision);
        expect(stored.get(fp)?.privateKey).toBe(keys.find((k) => k.fingerprint === fp)?.privateKey);
      }
      await login(again, 'crash@example.org', 'pw');
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
  });
});
