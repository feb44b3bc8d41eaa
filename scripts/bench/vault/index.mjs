// Vault benchmark (issue 4 §6): the real vault (dist/server/vault.mjs) on SQLite, and on
// PostgreSQL when a URL is given, against a bare Node http server answering 304, in one run.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { seedAccounts } from './accounts.mjs';
import { runLoad, summarizeLoad } from './load.mjs';
import { memoryOf, startBareServer, startVault } from './servers.mjs';

/** A fresh database in the given PostgreSQL cluster, dropped afterwards. */
async function scratchDatabase(adminUrl) {
  const name = `cachet_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try { await admin.query(`create database ${name}`); } finally { await admin.end(); }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try { await c.query(`drop database if exists ${name} with (force)`); } finally { await c.end(); }
    },
  };
}

/**
 * The scenarios against one running vault (and the bare server, running alongside). The 304
 * comparison alternates short slices bare/vault so that load from other processes on a shared
 * machine hits both sides alike; each side gets `durationMs` in total.
 */
async function scenarios(o, bare, vault) {
  const { connections, durationMs, warmupMs, slices, key } = o;
  const once = (base, next, after, ms = durationMs) => runLoad({ base, connections, durationMs: ms, warmupMs, next, after });
  const { accounts, body } = await seedAccounts(vault.base, connections, key);
  const out = { idle: memoryOf(vault.pid) };

  const bareRuns = [];
  const vaultRuns = [];
  const slice = durationMs / slices;
  for (let s = 0; s < slices; s++) {
    bareRuns.push(await once(bare.base, () => ({ path: '/v1/sync?since=1' }), undefined, slice));
    vaultRuns.push(await once(vault.base, (i) => ({ path: `/v1/sync?since=${accounts[i].seq}`, headers: accounts[i].auth }), undefined, slice));
  }
  out.bare304 = { ...summarizeLoad(bareRuns), memory: memoryOf(bare.pid) };
  out.sync304 = { ...summarizeLoad(vaultRuns), memory: memoryOf(vault.pid) };

  const changed = await once(vault.base, (i) => ({ path: '/v1/sync?since=0', headers: accounts[i].auth }));
  out.syncChanged = { ...summarizeLoad([changed]), memory: memoryOf(vault.pid) };

  const put = await once(
    vault.base,
    (i) => ({
      method: 'PUT',
      path: `/v1/keys/${key.fingerprint}`,
      headers: { ...accounts[i].auth, 'content-type': 'application/json', 'if-match': `"${accounts[i].revision}"` },
      body,
    }),
    (i, res) => {
      // Compare-and-swap: the ETag of a 200 is the new revision; a 412 carries the current item.
      if (res.status === 200) accounts[i].revision = Number(JSON.parse(String(res.headers.etag)));
      else if (res.status === 412) accounts[i].revision = JSON.parse(String(res.body)).current?.revision ?? accounts[i].revision;
    },
  );
  out.putCas = { ...summarizeLoad([put]), memory: memoryOf(vault.pid) };
  return out;
}

/**
 * Runs every scenario at `connections` connections for `durationMs` each (after `warmupMs`), on
 * SQLite and, with `postgresUrl` (an admin URL: a scratch database is created and dropped), on
 * PostgreSQL. `key` is an Argon2-protected key from the Node crypto benchmark.
 */
export async function benchVault(o) {
  const results = {};
  const backends = [['sqlite', undefined], ...(o.postgresUrl ? [['postgres', o.postgresUrl]] : [])];
  for (const [name, adminUrl] of backends) {
    o.log(`vault on ${name}`);
    const db = adminUrl ? await scratchDatabase(adminUrl) : undefined;
    const bare = await startBareServer();
    try {
      const vault = await startVault({ databaseUrl: db?.url });
      try {
        results[name] = await scenarios(o, bare, vault);
      } finally {
        await vault.stop();
      }
    } finally {
      await bare.stop();
      await db?.drop();
    }
  }
  return results;
}
