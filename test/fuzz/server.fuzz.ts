/**
 * The vault server's request parsing: the real Fastify app (SQLite in a temp folder,
 * `inject`, no socket) with one registered account, fed requests built from its routes —
 * methods, paths with odd fingerprints and ids, query strings, preconditions, auth headers,
 * content types, and JSON bodies shaped like the real ones (mutated key armor inside) or
 * raw garbage. Property: never a 5xx (a crash) and every refusal is our JSON error body.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { buildApp } from '../../src/server/app';
import { loadConfig, type VaultConfig } from '../../src/server/config';
import { makeKey } from '../server/helpers/keys';
import { register } from '../server/helpers/opaque-client';
import { mutatedText } from './mutate';
import type { FuzzTarget } from './runner';

type Method = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH' | 'OPTIONS' | 'HEAD';
interface Req {
  method: Method;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

function requestArb(token: string, fpr: string, publicKey: string, privateKey: string): fc.Arbitrary<Req> {
  const fprs = fc.oneof(fc.constantFrom(fpr, fpr.toLowerCase(), `${fpr}AB`, 'ZZ', '', '..%2F..', '%00', 'A'.repeat(64), 'A'.repeat(5000)), fc.string({ maxLength: 70, unit: fc.constantFrom(...'0123456789ABCDEFabcdef') }), fc.string({ maxLength: 20 }).map(encodeURIComponent));
  const num = fc.oneof(fc.constantFrom('0', '1', '-1', '1e999', 'NaN', '9007199254740993', '', 'abc', '0x10', '[]'), fc.nat().map(String));
  const url = fc.oneof(
    fprs.map((f) => `/v1/keys/${f}`),
    fc.tuple(num, fc.option(num)).map(([s, l]) => `/v1/sync?since=${s}${l === null ? '' : `&limit=${l}`}`),
    fc.constantFrom('/v1/batch', '/v1/auth/register/start', '/v1/auth/register/finish', '/v1/auth/login/start', '/v1/auth/login/finish', '/v1/auth/refresh', '/v1/devices', '/v1/account/export', '/health', '/', '/v1', '/v1/sync', '/v1/sync?since=0&since=1'),
    fprs.map((f) => `/v1/devices/${f}`),
    fc.string({ maxLength: 40 }).map((s) => `/v1/${encodeURIComponent(s)}`),
  );
  const armorish = fc.oneof(fc.constantFrom(publicKey, privateKey, ''), mutatedText([publicKey, privateKey], 3), fc.string({ maxLength: 50 }));
  const keyItem = fc.record({ fingerprint: fprs, revision: fc.oneof(fc.integer({ min: -2, max: 5 }), fc.constant(1.5)), publicKey: armorish, privateKey: fc.option(armorish) });
  const json = fc.oneof(
    fc.record({ publicKey: armorish, privateKey: fc.option(armorish) }),
    fc.record({ items: fc.array(keyItem, { maxLength: 4 }) }),
    fc.record({ email: fc.constantFrom('alice@example.org', 'x', ''), registrationRequest: fc.base64String({ maxLength: 120 }), startLoginRequest: fc.base64String({ maxLength: 120 }) }, { requiredKeys: [] }),
    fc.record({ loginId: fc.uuid(), finishLoginRequest: fc.base64String({ maxLength: 200 }), deviceName: fc.string({ maxLength: 300 }), refreshToken: fc.string({ maxLength: 80 }) }, { requiredKeys: [] }),
    fc.jsonValue({ maxDepth: 3 }),
  );
  const body = fc.oneof({ arbitrary: json.map((v) => JSON.stringify(v)), weight: 6 }, { arbitrary: fc.string({ maxLength: 200, unit: 'binary' }), weight: 1 }, { arbitrary: fc.constant(undefined), weight: 2 });
  const headers = fc.record(
    {
      authorization: fc.constantFrom(`Bearer ${token}`, `Bearer ${token}x`, 'Bearer ', 'Basic Zm9vOmJhcg==', `bearer ${token}`, `Bearer ${token} extra`),
      'if-match': fc.constantFrom('"1"', '"0"', '*', 'W/"1"', '"abc"', '', '"1", "2"', '"99999999999999999999"'),
      'if-none-match': fc.constantFrom('*', '"1"', '', 'x'),
      'content-type': fc.constantFrom('application/json', 'text/plain', 'application/json; charset=latin1', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded'),
    },
    { requiredKeys: [] },
  );
  // Mostly the method each route takes (so the request reaches its parsing), sometimes any method.
  const routed = fc.oneof(
    fprs.map((f) => ({ method: 'PUT' as Method, url: `/v1/keys/${f}` })),
    fprs.map((f) => ({ method: 'GET' as Method, url: `/v1/keys/${f}` })),
    fprs.map((f) => ({ method: 'DELETE' as Method, url: `/v1/keys/${f}` })),
    fc.tuple(num, fc.option(num)).map(([s, l]) => ({ method: 'GET' as Method, url: `/v1/sync?since=${s}${l === null ? '' : `&limit=${l}`}` })),
    fc.constantFrom<{ method: Method; url: string }>(
      { method: 'POST', url: '/v1/batch' }, { method: 'POST', url: '/v1/auth/register/start' }, { method: 'POST', url: '/v1/auth/register/finish' },
      { method: 'POST', url: '/v1/auth/login/start' }, { method: 'POST', url: '/v1/auth/login/finish' }, { method: 'POST', url: '/v1/auth/refresh' },
      { method: 'GET', url: '/v1/devices' }, { method: 'GET', url: '/v1/account/export' },
    ),
    fprs.map((f) => ({ method: 'DELETE' as Method, url: `/v1/devices/${f}` })),
  );
  const anyMethod = fc.record({ method: fc.constantFrom<Method>('GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'), url });
  return fc
    .tuple(fc.oneof({ arbitrary: routed, weight: 4 }, { arbitrary: anyMethod, weight: 1 }), headers, body)
    .map(([r, h, b]) => ({ ...r, headers: h, body: b }));
}

export interface ServerFuzz {
  target: FuzzTarget<Req>;
  close(): Promise<void>;
}

export async function serverTarget(): Promise<ServerFuzz> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cachet-fuzz-vault-'));
  const config: VaultConfig = { ...loadConfig({ DATA_DIR: dataDir }), logLevel: 'silent', rateLimitPerMinute: 1e9, loginRateLimitPerMinute: 1e9 };
  const app = await buildApp(config);
  const vault = { request: (o: InjectOptions) => app.inject(o) };
  const session = await register(vault, 'alice@example.org', 'fuzz password');
  const key = await makeKey('alice@example.org');
  const target: FuzzTarget<Req> = {
    name: 'vault-request',
    weight: 5,
    minRuns: 100,
    budgetMs: 10_000,
    arbitrary: requestArb(session.accessToken, key.fingerprint.toUpperCase(), key.publicKey, key.privateKey),
    describe: (r) => `${r.method} ${r.url.slice(0, 80)} ${JSON.stringify(r.headers)} body(${r.body?.length ?? 'none'})`,
    async run(r) {
      // Signing out this device or deleting the account would end the authenticated part of the run.
      if (/^\/v1\/(auth\/logout|account\/delete)/.test(r.url)) return 'skipped';
      const res = await app.inject({ method: r.method, url: r.url, headers: r.headers, ...(r.body === undefined ? {} : { payload: r.body }) });
      if (res.statusCode >= 500) throw new Error(`HTTP ${res.statusCode}: ${res.body.slice(0, 200)}`);
      if (res.statusCode >= 400 && r.method !== 'HEAD') {
        const parsed = JSON.parse(res.body) as { error?: { code?: unknown } };
        if (typeof parsed.error?.code !== 'string') throw new Error(`HTTP ${res.statusCode} without an error code`);
      }
      return res.statusCode >= 400 ? `HTTP ${res.statusCode}` : undefined;
    },
  };
  return {
    target,
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
