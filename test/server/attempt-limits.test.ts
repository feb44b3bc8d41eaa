import * as opaque from '@serenity-kit/opaque';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RecoverySecretResponse } from '../../src/shared/vault-approval-api.js';
import type { Session } from '../../src/shared/vault-api.js';
import { emailKey } from '../../src/server/auth/tokens.js';
import { countAttempt } from '../../src/server/db/attempt-limits-repo.js';
import { RECOVERY_ATTEMPTS, RECOVERY_WINDOW_MS } from '../../src/server/routes/approval-routes.js';
import { loadSecrets } from '../../src/server/secrets.js';
import { dialects } from './helpers/dialects.js';
import { login, register } from './helpers/opaque-client.js';
import { sharedDatabase, type SharedDatabase } from './helpers/shared-database.js';
import { bearer } from './helpers/vault.js';

/**
 * VS-05/VS-06: the per-account limits on password guesses (login/registration)
 * and on recovery-secret guesses live in the database, so neither a restart of
 * the vault nor a second vault process on the same database gives fresh attempts.
 */
describe.each(dialects)('per-account attempt limits in the database on $name', (dialect) => {
  let shared: SharedDatabase | undefined;
  let ip = 0;
  afterEach(async () => {
    vi.useRealTimers();
    await shared?.remove();
    shared = undefined;
  });

  /** A login start for `email` from a new IP each time, so only the per-account limit can refuse it. */
  async function loginStart(app: FastifyInstance, email: string) {
    await opaque.ready;
    const { startLoginRequest } = opaque.client.startLogin({ password: 'guess' });
    return app.inject({ method: 'POST', url: '/v1/auth/login/start', remoteAddress: `10.1.${(++ip >> 8) & 255}.${ip & 255}`, payload: { email, startLoginRequest } });
  }

  it('the login limit survives a restart of the vault, and the window still ends', async () => {
    shared = await sharedDatabase(dialect, { loginRateLimitPerMinute: 3 });
    const first = await shared.openApp();
    for (let i = 0; i < 3; i++) expect((await loginStart(first, 'target@example.org')).statusCode).toBe(200);
    await first.close();

    const second = await shared.openApp();
    const limited = await loginStart(second, 'TARGET@Example.org');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: { code: 'rate_limited', message: expect.stringMatching(/retry in \d+s$/) } });
    // Only Date moves (Fastify's and the per-IP store's timers stay real): the 60 s window ends.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 61_000);
    expect((await loginStart(second, 'target@example.org')).statusCode).toBe(200);
  });

  it('the recovery-secret limit survives a restart of the vault, and the window still ends', async () => {
    // Access tokens must outlive the 15-minute window the clock jumps over.
    shared = await sharedDatabase(dialect, { accessTokenTtlSeconds: 3600 });
    const first = await shared.openApp();
    const inject = (opts: InjectOptions) => first.inject(opts);
    const a = (await register({ request: inject }, 'owner@example.org', 'pw')) as Session & RecoverySecretResponse;
    const b = await login({ request: inject }, 'owner@example.org', 'pw');
    const recover = (app: FastifyInstance, secret: string) =>
      app.inject({ method: 'POST', url: '/v1/devices/recover', headers: bearer(b.accessToken), payload: { recoverySecret: secret } });
    for (let i = 0; i < RECOVERY_ATTEMPTS; i++) expect((await recover(first, `WRONG-${i}`)).statusCode).toBe(403);
    await first.close();

    const second = await shared.openApp();
    const limited = await recover(second, a.recoverySecret);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: { code: 'rate_limited', message: expect.stringMatching(/recovery attempts, retry in \d+s$/) } });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + RECOVERY_WINDOW_MS + 1000);
    expect((await recover(second, a.recoverySecret)).statusCode).toBe(200);
  });

  it('two vault processes on one database share the per-account counter', async () => {
    shared = await sharedDatabase(dialect, { loginRateLimitPerMinute: 4 });
    const apps = [await shared.openApp(), await shared.openApp()];
    const statuses: number[] = [];
    // Alternating between the two: each saw only 3 attempts, together 6.
    for (let i = 0; i < 6; i++) statuses.push((await loginStart(apps[i % 2] as FastifyInstance, 'shared@example.org')).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });

  it('concurrent attempts on one key are all counted (atomic upsert, two connections)', async () => {
    shared = await sharedDatabase(dialect);
    const stores = [await shared.openStore(), await shared.openStore()];
    const n = 40;
    const now = Date.now();
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) => countAttempt(stores[i % 2]!, 'acct:concurrent', 60_000, now)),
    );
    // Every attempt got its own count: 1..n, none lost, none doubled.
    expect(results.map((r) => r.count).sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(new Set(results.map((r) => r.resetAt))).toEqual(new Set([now + 60_000]));
    const row = await stores[0]!.db.selectFrom('attempt_limits').selectAll().where('key', '=', 'acct:concurrent').executeTakeFirstOrThrow();
    expect(Number(row.count)).toBe(n);

    // Through the HTTP routes too: 20 simultaneous login starts split over two apps count 20.
    const apps = [await shared.openApp(), await shared.openApp()];
    const res = await Promise.all(Array.from({ length: 20 }, (_, i) => loginStart(apps[i % 2] as FastifyInstance, 'burst@example.org')));
    expect(res.every((r) => r.statusCode === 200)).toBe(true);
    const { tokenKey } = await loadSecrets(shared.config);
    const burst = await stores[0]!.db.selectFrom('attempt_limits').select('count')
      .where('key', '=', `acct:${emailKey(tokenKey, 'burst@example.org')}`).executeTakeFirstOrThrow();
    expect(Number(burst.count)).toBe(20);
  });

  it('a window that ended starts again at 1', async () => {
    shared = await sharedDatabase(dialect);
    const store = await shared.openStore();
    const t = 1_700_000_000_000;
    expect(await countAttempt(store, 'k', 1000, t)).toEqual({ count: 1, resetAt: t + 1000 });
    expect(await countAttempt(store, 'k', 1000, t + 999)).toEqual({ count: 2, resetAt: t + 1000 });
    expect(await countAttempt(store, 'k', 1000, t + 1000)).toEqual({ count: 1, resetAt: t + 2000 });
  });

  it('the attempt table never holds an e-mail address, only its keyed hash', async () => {
    shared = await sharedDatabase(dialect);
    const app = await shared.openApp();
    await register({ request: (o: InjectOptions) => app.inject(o) }, 'Private.Person@Example.org', 'pw');
    await loginStart(app, 'private.person@example.org');
    await loginStart(app, 'nobody@example.org');
    const store = await shared.openStore();
    const rows = await store.db.selectFrom('attempt_limits').selectAll().execute();
    const { tokenKey } = await loadSecrets(shared.config);
    expect(rows.map((r) => r.key).sort()).toEqual(
      [`acct:${emailKey(tokenKey, 'private.person@example.org')}`, `acct:${emailKey(tokenKey, 'nobody@example.org')}`].sort(),
    );
    const dump = JSON.stringify(rows).toLowerCase();
    for (const part of ['@', 'private', 'person', 'nobody', 'example']) expect(dump).not.toContain(part);
  });
});
