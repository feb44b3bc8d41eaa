import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountExport, KeyItem, Session, SyncResponse } from '../../src/shared/vault-api.js';
import { dialects } from './helpers/dialects.js';
import { makeKey } from './helpers/keys.js';
import { register } from './helpers/opaque-client.js';
import { bearer, startVault, type TestVault } from './helpers/vault.js';

/** VS-05-style matrix: Mallory, logged in to her own account, against Alice's items. */
describe.each(dialects)('one account cannot touch another on $name', (dialect) => {
  let vault: TestVault;
  let alice: Session;
  let mallory: Session;
  let key: Awaited<ReturnType<typeof makeKey>>;
  let original: KeyItem;

  beforeAll(async () => {
    vault = await startVault(dialect);
    key = await makeKey('alice@example.org');
    alice = await register(vault, 'alice@example.org', 'pw-a');
    mallory = await register(vault, 'mallory@example.org', 'pw-m');
    const res = await vault.request({
      method: 'PUT', url: `/v1/keys/${key.fingerprint}`, headers: { ...bearer(alice.accessToken), 'if-none-match': '*' },
      payload: { publicKey: key.publicKey, privateKey: key.privateKey },
    });
    original = res.json<KeyItem>();
  });
  afterAll(() => vault.close());

  const url = () => `/v1/keys/${key.fingerprint}`;
  const attempts: Array<[string, () => Promise<{ statusCode: number; body: string }>, number[]]> = [
    ['read the item', () => vault.request({ method: 'GET', url: url(), headers: bearer(mallory.accessToken) }), [404]],
    ['overwrite it with If-Match', () => vault.request({ method: 'PUT', url: url(), headers: { ...bearer(mallory.accessToken), 'if-match': '"1"' }, payload: { publicKey: key.publicKey, privateKey: null } }), [412]],
    ['delete it with If-Match', () => vault.request({ method: 'DELETE', url: url(), headers: { ...bearer(mallory.accessToken), 'if-match': '"1"' } }), [412]],
    ['batch-change it', () => vault.request({ method: 'POST', url: '/v1/batch', headers: bearer(mallory.accessToken), payload: { items: [{ fingerprint: key.fingerprint, revision: 1, publicKey: key.publicKey, privateKey: null }] } }), [412]],
    ['sign out Alice\'s device', () => vault.request({ method: 'DELETE', url: `/v1/devices/${alice.deviceId}`, headers: bearer(mallory.accessToken) }), [404]],
    ['use Alice\'s refresh token hash-guess', () => vault.request({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: alice.refreshToken.slice(0, -2) + 'AA' } }), [401]],
    ['read without a token', () => vault.request({ method: 'GET', url: url() }), [401]],
    ['read with a forged token', () => vault.request({ method: 'GET', url: url(), headers: bearer(forge(mallory.accessToken, alice)) }), [401]],
  ];

  it.each(attempts)('Mallory tries to %s: refused', async (_name, attempt, statuses) => {
    const res = await attempt();
    expect(statuses).toContain(res.statusCode);
    // Nothing of Alice's leaks into the refusal.
    expect(res.body).not.toContain(key.privateKey.slice(40, 120));
    const mine = await vault.request({ method: 'GET', url: url(), headers: bearer(alice.accessToken) });
    expect(mine.json<KeyItem>()).toEqual(original);
  });

  it('sync and export show Mallory only her own (empty) data; creating the same fingerprint makes her own copy', async () => {
    const s = (await vault.request({ method: 'GET', url: '/v1/sync?since=0', headers: bearer(mallory.accessToken) }));
    expect(s.statusCode).toBe(304);
    const exp = (await vault.request({ method: 'GET', url: '/v1/account/export', headers: bearer(mallory.accessToken) })).json<AccountExport>();
    expect(exp.keys).toEqual([]);
    expect(exp.devices.map((d) => d.id)).toEqual([mallory.deviceId]);

    const own = await vault.request({
      method: 'PUT', url: url(), headers: { ...bearer(mallory.accessToken), 'if-none-match': '*' },
      payload: { publicKey: key.publicKey, privateKey: null },
    });
    expect(own.statusCode).toBe(201);
    const aliceSync = (await vault.request({ method: 'GET', url: '/v1/sync?since=0', headers: bearer(alice.accessToken) })).json<SyncResponse>();
    expect(aliceSync.items).toEqual([original]);
  });
});

/** Mallory's token with Alice's ids swapped into the payload; the MAC no longer matches. */
function forge(token: string, victim: Session): string {
  const [v, , mac] = token.split('.');
  const payload = Buffer.from(JSON.stringify({ a: victim.accountId, d: victim.deviceId, e: Math.floor(Date.now() / 1000) + 600 })).toString('base64url');
  return `${v}.${payload}.${mac}`;
}
