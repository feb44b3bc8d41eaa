/**
 * Vault network faults at the request level (issue 7 §3), over real loopback sockets with
 * the real vault behind a misbehaving proxy: 500, garbage, reset, stalled body, slow and
 * unreachable. Retries are bounded with exponential backoff and full jitter, each try has
 * a timeout, and every failure ends as VAULT_UNREACHABLE (never a raw exception). Times are
 * scaled (TIME_SCALE) so the "10 s vault" costs 200 ms here; the last tests prove the real
 * default timeout is what production requests carry.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { VaultClient } from '../../../src/background/vault/client';
import { DEFAULT_RETRY, vaultRequest, type RetryPolicy, type VaultRequest } from '../../../src/background/vault/http';
import { startLiveVault, type LiveVault } from '../vault-client/vault-server';
import { misbehavingVault, type MisbehavingVault } from './misbehaving-vault';

/** 10 s in production is 200 ms here. */
const TIME_SCALE = 0.02;
const HEALTH: VaultRequest = { method: 'GET', path: '/health', idempotent: true };

let live: LiveVault;
let proxy: MisbehavingVault;
beforeAll(async () => {
  live = await startLiveVault();
  proxy = await misbehavingVault(live.url);
});
afterAll(async () => {
  await proxy.close();
  await live.dispose();
});
afterEach(() => {
  proxy.mode = { kind: 'ok' };
  proxy.resetHits();
  vi.restoreAllMocks();
});

/** The production policy with its times scaled, sleeps recorded (and really slept, scaled). */
function scaledPolicy(sleeps: number[]): RetryPolicy {
  return {
    ...DEFAULT_RETRY,
    baseMs: DEFAULT_RETRY.baseMs * TIME_SCALE,
    maxMs: DEFAULT_RETRY.maxMs * TIME_SCALE,
    timeoutMs: DEFAULT_RETRY.timeoutMs * TIME_SCALE,
    sleep: async (ms) => {
      sleeps.push(ms);
      await new Promise((r) => setTimeout(r, ms));
    },
  };
}

/** Each backoff is within full jitter of base·2^attempt, capped (AWS "Exponential Backoff And Jitter"). */
function expectBackoff(sleeps: number[], p: RetryPolicy): void {
  expect(sleeps).toHaveLength(p.attempts - 1);
  sleeps.forEach((ms, attempt) => {
    expect(ms).toBeGreaterThanOrEqual(0);
    expect(ms).toBeLessThan(Math.min(p.maxMs, p.baseMs * 2 ** attempt));
  });
}

const fetchFn = (u: string, init: RequestInit) => fetch(u, init);

describe('vault request faults', () => {
  it.each([
    ['500 with our JSON error', { kind: 'status', status: 500, body: '{"error":{"code":"internal","message":"x"}}' }],
    ['502 HTML from a proxy', { kind: 'status', status: 502, body: '<html>Bad gateway</html>' }],
    ['garbage 200 (not JSON)', { kind: 'garbage' }],
    ['connection reset', { kind: 'reset' }],
  ] as const)('%s: retried with jittered exponential backoff, then VAULT_UNREACHABLE', async (_name, mode) => {
    proxy.mode = mode;
    const sleeps: number[] = [];
    const p = scaledPolicy(sleeps);
    await expect(vaultRequest(fetchFn, proxy.url, HEALTH, p)).rejects.toMatchObject({ code: 'VAULT_UNREACHABLE' });
    expect(proxy.hits).toBe(p.attempts);
    expectBackoff(sleeps, p);
  });

  it('a transient 500 then a good answer succeeds on the retry', async () => {
    proxy.mode = { kind: 'status', status: 503, body: '{}' };
    const p = scaledPolicy([]);
    const result = vaultRequest<{ status: string }>(fetchFn, proxy.url, HEALTH, { ...p, sleep: async () => void (proxy.mode = { kind: 'ok' }) });
    expect((await result).body).toMatchObject({ status: 'ok' });
    expect(proxy.hits).toBe(2);
  });

  it('headers then a stalled body: the per-try timeout ends it as VAULT_UNREACHABLE (not a raw AbortError)', async () => {
    proxy.mode = { kind: 'stall-body' };
    const p = scaledPolicy([]);
    const t0 = performance.now();
    await expect(vaultRequest(fetchFn, proxy.url, HEALTH, p)).rejects.toMatchObject({ code: 'VAULT_UNREACHABLE', detail: 'TimeoutError' });
    expect(proxy.hits).toBe(p.attempts);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(p.attempts * p.timeoutMs * 0.9);
  });

  it('a 10 s vault (scaled) within the timeout answers; one slower than the timeout is cut at each try, bounded overall', async () => {
    // Scaled ×0.1 here, not ×0.02: a 1 s margin between the 10 s vault and the 20 s timeout survives a loaded machine.
    const within = { ...scaledPolicy([]), timeoutMs: DEFAULT_RETRY.timeoutMs * 0.1 };
    proxy.mode = { kind: 'slow', delayMs: 10_000 * 0.1 };
    expect((await vaultRequest(fetchFn, proxy.url, HEALTH, within)).body).toMatchObject({ status: 'ok' });
    expect(proxy.hits).toBe(1);

    const p = scaledPolicy([]);

    proxy.resetHits();
    proxy.mode = { kind: 'slow', delayMs: p.timeoutMs * 3 };
    const t0 = performance.now();
    await expect(vaultRequest(fetchFn, proxy.url, HEALTH, p)).rejects.toMatchObject({ code: 'VAULT_UNREACHABLE', detail: 'TimeoutError' });
    const elapsed = performance.now() - t0;
    expect(proxy.hits).toBe(p.attempts);
    // attempts × timeout plus the capped backoffs, plus slack for a loaded machine.
    expect(elapsed).toBeGreaterThanOrEqual(p.attempts * p.timeoutMs * 0.9);
    expect(elapsed).toBeLessThan(p.attempts * p.timeoutMs + (p.attempts - 1) * p.maxMs + 3_000);
  });

  it('not listening (connection refused): retried, then VAULT_UNREACHABLE', async () => {
    await proxy.down();
    try {
      const sleeps: number[] = [];
      const p = scaledPolicy(sleeps);
      await expect(vaultRequest(fetchFn, proxy.url, HEALTH, p)).rejects.toMatchObject({ code: 'VAULT_UNREACHABLE', status: null });
      expectBackoff(sleeps, p);
    } finally {
      await proxy.up();
    }
  });

  it('the production defaults: bounded (4 tries, backoff capped at 5 s) and a 20 s timeout on every try, longer than a 10 s vault', async () => {
    expect(DEFAULT_RETRY).toMatchObject({ attempts: 4, baseMs: 300, maxMs: 5_000, timeoutMs: 20_000 });
    expect(DEFAULT_RETRY.timeoutMs).toBeGreaterThan(10_000);
    const timeouts = vi.spyOn(AbortSignal, 'timeout');
    // A client built as the engine builds it (no injected policy) sends with the default timeout.
    const client = new VaultClient({ baseUrl: proxy.url });
    await expect(client.devices('not-a-token')).rejects.toMatchObject({ code: 'VAULT_AUTH_FAILED' });
    expect(timeouts).toHaveBeenCalledWith(DEFAULT_RETRY.timeoutMs);
  });

  it('a non-idempotent request (refresh token, login) is never repeated, even on a 500', async () => {
    proxy.mode = { kind: 'status', status: 500, body: '{}' };
    const p = scaledPolicy([]);
    await expect(vaultRequest(fetchFn, proxy.url, { method: 'POST', path: '/v1/auth/refresh', body: {}, idempotent: false }, p)).rejects.toMatchObject({ code: 'VAULT_UNREACHABLE' });
    expect(proxy.hits).toBe(1);
  });
});
