import * as opaque from '@serenity-kit/opaque';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountExport, DeviceList, Session } from '../../src/shared/vault-api.js';
import { dialects } from './helpers/dialects.js';
import { makeKey } from './helpers/keys.js';
import { login, loginProof, REAL_STRETCHING, register } from './helpers/opaque-client.js';
import { bearer, startVault, type TestVault } from './helpers/vault.js';

describe.each(dialects)('accounts on $name', (dialect) => {
  let vault: TestVault | undefined;
  afterEach(async () => {
    await vault?.close();
    vault = undefined;
  });

  it('registers and logs in with OPAQUE (production key stretching), refusing a wrong password', async () => {
    vault = await startVault(dialect);
    const reg = await register(vault, 'Alice@Example.org', 'a long passphrase', REAL_STRETCHING);
    expect(reg.accountId).toMatch(/^[0-9a-f-]{36}$/);
    const session = await login(vault, 'alice@example.org', 'a long passphrase', REAL_STRETCHING);
    expect(session.accountId).toBe(reg.accountId);
    expect(session.deviceId).not.toBe(reg.deviceId);

    const wrong = await loginProof(vault, 'alice@example.org', 'not the passphrase', REAL_STRETCHING);
    // The client itself detects the wrong password (the envelope does not open)...
    expect(wrong.finishLoginRequest).toBeUndefined();
    // ...and a forged proof is refused by the server.
    const forged = await vault.request({
      method: 'POST', url: '/v1/auth/login/finish',
      payload: { loginId: wrong.loginId, finishLoginRequest: 'A'.repeat(86), deviceName: 'x' },
    });
    expect(forged.statusCode).toBe(401);
    expect(forged.json()).toEqual({ error: { code: 'unauthorized', message: 'login failed' } });
  });

  it('refuses a second account with the same e-mail', async () => {
    vault = await startVault(dialect);
    await register(vault, 'bob@example.org', 'pw one');
    await expect(register(vault, 'BOB@example.org', 'pw two')).rejects.toThrow(/409/);
  });

  it('answers login start for an unknown account exactly like for a known one', async () => {
    vault = await startVault(dialect);
    await register(vault, 'known@example.org', 'secret');
    await opaque.ready;
    const shapes: Array<{ status: number; keys: string[]; idLength: number; responseLength: number; headers: string[] }> = [];
    for (const email of ['known@example.org', 'unknown@example.org']) {
      const { startLoginRequest } = opaque.client.startLogin({ password: 'guess' });
      const res = await vault.request({ method: 'POST', url: '/v1/auth/login/start', payload: { email, startLoginRequest } });
      const body = res.json<{ loginId: string; loginResponse: string }>();
      shapes.push({
        status: res.statusCode,
        keys: Object.keys(body).sort(),
        idLength: body.loginId.length,
        responseLength: body.loginResponse.length,
        headers: Object.keys(res.headers).filter((h) => h !== 'date').sort(),
      });
    }
    expect(shapes[0]).toEqual(shapes[1]);
    expect(shapes[0]?.status).toBe(200);
    // The unknown account's login then fails like a wrong password.
    const unknown = await loginProof(vault, 'unknown@example.org', 'guess');
    expect(unknown.finishLoginRequest).toBeUndefined();
  });

  it('rate-limits login attempts per account, whatever the IP', async () => {
    vault = await startVault(dialect, { loginRateLimitPerMinute: 3 });
    await opaque.ready;
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const { startLoginRequest } = opaque.client.startLogin({ password: 'guess' });
      const res = await vault.request({
        method: 'POST', url: '/v1/auth/login/start', remoteAddress: `10.0.0.${i + 1}`,
        payload: { email: 'target@example.org', startLoginRequest },
      });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) expect(res.json()).toMatchObject({ error: { code: 'rate_limited' } });
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    // Another account from the same IPs is not affected by that account's limit.
    const { startLoginRequest } = opaque.client.startLogin({ password: 'guess' });
    const other = await vault.request({ method: 'POST', url: '/v1/auth/login/start', remoteAddress: '10.0.0.1', payload: { email: 'other@example.org', startLoginRequest } });
    expect(other.statusCode).toBe(200);
  });

  it('rate-limits login attempts per IP across accounts', async () => {
    vault = await startVault(dialect, { loginRateLimitPerMinute: 2 });
    await opaque.ready;
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const { startLoginRequest } = opaque.client.startLogin({ password: 'guess' });
      const res = await vault.request({ method: 'POST', url: '/v1/auth/login/start', remoteAddress: '192.0.2.7', payload: { email: `user${i}@example.org`, startLoginRequest } });
      statuses.push(res.statusCode);
    }
    // Per-IP limit is three times the per-account one.
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
  });

  it('rotates refresh tokens, revokes the device when an old one is replayed, and lists/signs out devices', async () => {
    vault = await startVault(dialect);
    const first = await register(vault, 'carol@example.org', 'pw');
    const second = await login(vault, 'carol@example.org', 'pw');

    const refreshed = await vault.request({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: second.refreshToken } });
    expect(refreshed.statusCode).toBe(200);
    const next = refreshed.json<Session>();
    expect(next.refreshToken).not.toBe(second.refreshToken);
    expect(next.deviceId).toBe(second.deviceId);

    const devices = (await vault.request({ method: 'GET', url: '/v1/devices', headers: bearer(first.accessToken) })).json<DeviceList>();
    expect(devices.devices.map((d) => [d.id, d.current, d.revoked])).toEqual([
      [first.deviceId, true, false],
      [second.deviceId, false, false],
    ]);

    // Replaying the rotated-away token: refused, and the device is revoked (theft).
    const replay = await vault.request({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: second.refreshToken } });
    expect(replay.statusCode).toBe(401);
    expect((await vault.request({ method: 'GET', url: '/v1/devices', headers: bearer(next.accessToken) })).statusCode).toBe(401);
    expect((await vault.request({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: next.refreshToken } })).statusCode).toBe(401);

    // Sign out of this device: its access token stops working at once.
    expect((await vault.request({ method: 'POST', url: '/v1/auth/logout', headers: bearer(first.accessToken) })).statusCode).toBe(204);
    expect((await vault.request({ method: 'GET', url: '/v1/devices', headers: bearer(first.accessToken) })).statusCode).toBe(401);
  });

  it('signs out another device by id', async () => {
    vault = await startVault(dialect);
    const a = await register(vault, 'dan@example.org', 'pw');
    const b = await login(vault, 'dan@example.org', 'pw');
    const res = await vault.request({ method: 'DELETE', url: `/v1/devices/${b.deviceId}`, headers: bearer(a.accessToken) });
    expect(res.statusCode).toBe(204);
    expect((await vault.request({ method: 'GET', url: '/v1/sync?since=0', headers: bearer(b.accessToken) })).statusCode).toBe(401);
    expect((await vault.request({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: b.refreshToken } })).statusCode).toBe(401);
  });

  it('exports everything stored for the account, and deletes it only with a fresh login proof', async () => {
    vault = await startVault(dialect);
    const s = await register(vault, 'erin@example.org', 'pw');
    const key = await makeKey('erin@example.org');
    const put = await vault.request({
      method: 'PUT', url: `/v1/keys/${key.fingerprint}`, headers: { ...bearer(s.accessToken), 'if-none-match': '*' },
      payload: { publicKey: key.publicKey, privateKey: key.privateKey },
    });
    expect(put.statusCode).toBe(201);

    const exp = (await vault.request({ method: 'GET', url: '/v1/account/export', headers: bearer(s.accessToken) })).json<AccountExport>();
    expect(exp.account).toMatchObject({ id: s.accountId, email: 'erin@example.org', seq: 1 });
    expect(exp.devices).toHaveLength(1);
    expect(exp.keys).toEqual([expect.objectContaining({ fingerprint: key.fingerprint, privateKey: key.privateKey, revision: 1 })]);

    // A proof for another account, or no valid proof, deletes nothing.
    await register(vault, 'mallory@example.org', 'pw2');
    const other = await loginProof(vault, 'mallory@example.org', 'pw2');
    const wrongAccount = await vault.request({ method: 'POST', url: '/v1/account/delete', headers: bearer(s.accessToken), payload: other });
    expect(wrongAccount.statusCode).toBe(403);
    const bad = await loginProof(vault, 'erin@example.org', 'wrong');
    const noProof = await vault.request({ method: 'POST', url: '/v1/account/delete', headers: bearer(s.accessToken), payload: { loginId: bad.loginId, finishLoginRequest: 'AAAA' } });
    expect(noProof.statusCode).toBe(401);
    expect((await vault.request({ method: 'GET', url: `/v1/keys/${key.fingerprint}`, headers: bearer(s.accessToken) })).statusCode).toBe(200);

    const proof = await loginProof(vault, 'erin@example.org', 'pw');
    const del = await vault.request({ method: 'POST', url: '/v1/account/delete', headers: bearer(s.accessToken), payload: proof });
    expect(del.statusCode).toBe(204);
    expect((await vault.request({ method: 'GET', url: '/v1/account/export', headers: bearer(s.accessToken) })).statusCode).toBe(401);
    // The e-mail is free again and the new account starts empty.
    const again = await register(vault, 'erin@example.org', 'new pw');
    const fresh = (await vault.request({ method: 'GET', url: '/v1/account/export', headers: bearer(again.accessToken) })).json<AccountExport>();
    expect(fresh.keys).toEqual([]);
    expect(fresh.account.id).not.toBe(s.accountId);
  });
});
