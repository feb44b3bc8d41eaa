import { describe, expect, it } from 'vitest';
import { vaultRequest, type FetchLike, type RetryPolicy } from '../../../src/background/vault/http';
import { normaliseVaultUrl } from '../../../src/background/vault/url';

function policy(sleeps: number[]): RetryPolicy {
  return { attempts: 4, baseMs: 100, maxMs: 250, timeoutMs: 5_000, sleep: async (ms) => void sleeps.push(ms), random: () => 0.999 };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('vault address (VS-08)', () => {
  it('requires https except on loopback, and drops trailing slashes', () => {
    expect(normaliseVaultUrl('https://vault.example.org/')).toBe('https://vault.example.org');
    expect(normaliseVaultUrl(' http://127.0.0.1:8787 ')).toBe('http://127.0.0.1:8787');
    expect(normaliseVaultUrl('http://[::1]:8787/base/')).toBe('http://[::1]:8787/base');
    expect(normaliseVaultUrl('http://localhost:8787')).toBe('http://localhost:8787');
    for (const bad of ['http://vault.example.org', 'http://127.0.0.1.example.org', 'http://10.0.0.1']) {
      expect(() => normaliseVaultUrl(bad), bad).toThrow(expect.objectContaining({ code: 'VAULT_INSECURE_URL' }));
    }
    for (const bad of ['ftp://x', 'vault.example.org', 'https://u:p@vault.example.org', 'https://vault.example.org/?a=1']) {
      expect(() => normaliseVaultUrl(bad), bad).toThrow();
    }
  });
});

describe('vaultRequest retries', () => {
  it('retries network failures and 5xx with capped, jittered backoff, then gives up as VAULT_UNREACHABLE', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const f: FetchLike = async () => {
      calls++;
      if (calls === 1) throw new TypeError('fetch failed');
      return json(503, { error: { code: 'unavailable', message: 'db down' } });
    };
    await expect(vaultRequest(f, 'http://127.0.0.1:1', { method: 'GET', path: '/v1/sync?since=0', idempotent: true }, policy(sleeps))).rejects.toMatchObject({ code: 'VAULT_UNREACHABLE', status: 503 });
    expect(calls).toBe(4);
    // 100·2^0, 100·2^1, then capped at 250 (times the jitter factor).
    expect(sleeps).toEqual([99, 199, 249]);
  });

  it('succeeds after a transient failure', async () => {
    let calls = 0;
    const f: FetchLike = async () => (++calls < 2 ? json(502, {}) : json(200, { ok: 1 }));
    const r = await vaultRequest<{ ok: number }>(f, 'http://127.0.0.1:1', { method: 'GET', path: '/x', idempotent: true }, policy([]));
    expect(r.body).toEqual({ ok: 1 });
  });

  it('never repeats a non-idempotent request (a refresh token is single use)', async () => {
    let calls = 0;
    const f: FetchLike = async () => {
      calls++;
      return json(500, {});
    };
    await expect(vaultRequest(f, 'http://127.0.0.1:1', { method: 'POST', path: '/v1/auth/refresh', body: {}, idempotent: false }, policy([]))).rejects.toMatchObject({ code: 'VAULT_UNREACHABLE' });
    expect(calls).toBe(1);
  });

  it('maps 4xx without retrying: 401, 409 account_exists, 412 with the current item, others refused', async () => {
    const cases: Array<[number, unknown, string]> = [
      [401, { error: { code: 'unauthorized', message: '' } }, 'VAULT_AUTH_FAILED'],
      [409, { error: { code: 'account_exists', message: '' } }, 'VAULT_ACCOUNT_EXISTS'],
      [412, { error: { code: 'precondition_failed', message: '' }, current: { fingerprint: 'ab', revision: 2 } }, 'VAULT_CONFLICT'],
      [400, { error: { code: 'secret_key_weak_protection', message: '' } }, 'VAULT_REFUSED'],
    ];
    for (const [status, body, code] of cases) {
      let calls = 0;
      const f: FetchLike = async () => {
        calls++;
        return json(status, body);
      };
      const err = await vaultRequest(f, 'http://127.0.0.1:1', { method: 'PUT', path: '/v1/keys/ab', body: {}, idempotent: true }, policy([])).catch((e: unknown) => e);
      expect(err).toMatchObject({ code, status });
      expect(calls).toBe(1);
      if (status === 412) expect(err).toMatchObject({ current: { revision: 2 } });
    }
  });

  it('sends the token only in the Authorization header, without cookies or referrer', async () => {
    let seen: RequestInit | null = null;
    const f: FetchLike = async (_u, init) => {
      seen = init;
      return new Response(null, { status: 304 });
    };
    const r = await vaultRequest(f, 'http://127.0.0.1:1', { method: 'GET', path: '/v1/sync?since=3', token: 'tok', idempotent: true }, policy([]));
    expect(r).toEqual({ status: 304, body: null });
    expect(seen).toMatchObject({ credentials: 'omit', referrerPolicy: 'no-referrer', headers: { authorization: 'Bearer tok' } });
  });
});
