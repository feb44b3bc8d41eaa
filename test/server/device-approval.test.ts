import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceList, KeyItem, Session, SyncResponse } from '../../src/shared/vault-api.js';
import type { ApprovalDevice, DeviceSelf, RecoverySecretResponse, TombstoneList } from '../../src/shared/vault-approval-api.js';
import { deviceVerificationCode } from '../../src/shared/vault-approval-api.js';
import { RECOVERY_ATTEMPTS } from '../../src/server/routes/approval-routes.js';
import { dialects } from './helpers/dialects.js';
import { makeKey, type TestKey } from './helpers/keys.js';
import { login, loginProof, register } from './helpers/opaque-client.js';
import { bearer, startVault, type TestVault } from './helpers/vault.js';

type Registered = Session & RecoverySecretResponse;

let key: TestKey;
beforeAll(async () => {
  key = await makeKey('owner@example.org');
});

/** VS-05: a device that has only the vault password cannot read, replace or delete keys. */
describe.each(dialects)('device approval on $name', (dialect) => {
  let vault: TestVault;
  let n = 0;
  beforeAll(async () => {
    vault = await startVault(dialect);
  });
  afterAll(() => vault.close());

  /** A fresh account: A registered (approved, holds the recovery secret, one key stored), B logged in. */
  async function account(): Promise<{ a: Registered; b: Session; email: string }> {
    const email = `owner${++n}@example.org`;
    const a = (await register(vault, email, 'pw')) as Registered;
    const put = await vault.request({
      method: 'PUT', url: `/v1/keys/${key.fingerprint}`, headers: { ...bearer(a.accessToken), 'if-none-match': '*' },
      payload: { publicKey: key.publicKey, privateKey: key.privateKey },
    });
    expect(put.statusCode).toBe(201);
    const b = await login(vault, email, 'pw');
    return { a, b, email };
  }
  const me = async (s: Session) => (await vault.request({ method: 'GET', url: '/v1/devices/me', headers: bearer(s.accessToken) })).json<DeviceSelf>();
  const approve = (by: Session, id: string) => vault.request({ method: 'POST', url: `/v1/devices/${id}/approve`, headers: bearer(by.accessToken) });
  const recover = (s: Session, recoverySecret: string) =>
    vault.request({ method: 'POST', url: '/v1/devices/recover', headers: bearer(s.accessToken), payload: { recoverySecret } });
  const syncStatus = async (s: Session) => (await vault.request({ method: 'GET', url: '/v1/sync?since=0', headers: bearer(s.accessToken) })).statusCode;

  /** Every route that reads or changes keys (or the account's devices), as the given session. */
  const keyRoutes = (s: Session, item: () => KeyItem): Array<[string, () => ReturnType<TestVault['request']>]> => {
    const url = `/v1/keys/${key.fingerprint}`;
    const h = bearer(s.accessToken);
    return [
      ['sync pull', () => vault.request({ method: 'GET', url: '/v1/sync?since=0', headers: h })],
      ['get', () => vault.request({ method: 'GET', url, headers: h })],
      ['put (replace)', () => vault.request({ method: 'PUT', url, headers: { ...h, 'if-match': `"${item().revision}"` }, payload: { publicKey: key.publicKey, privateKey: null } })],
      ['put (create)', () => vault.request({ method: 'PUT', url, headers: { ...h, 'if-none-match': '*' }, payload: { publicKey: key.publicKey, privateKey: null } })],
      ['delete', () => vault.request({ method: 'DELETE', url, headers: { ...h, 'if-match': `"${item().revision}"` } })],
      ['batch push', () => vault.request({ method: 'POST', url: '/v1/batch', headers: h, payload: { items: [{ fingerprint: key.fingerprint, revision: item().revision, publicKey: key.publicKey, privateKey: null }] } })],
      ['export', () => vault.request({ method: 'GET', url: '/v1/account/export', headers: h })],
      ['list devices', () => vault.request({ method: 'GET', url: '/v1/devices', headers: h })],
      ['list tombstones', () => vault.request({ method: 'GET', url: '/v1/tombstones', headers: h })],
      ['new recovery secret', () => vault.request({ method: 'POST', url: '/v1/account/recovery-secret', headers: h })],
    ];
  };

  it('registration approves the first device and returns a recovery secret of 160 bits; a later login is pending', async () => {
    const { a, b } = await account();
    expect(a.recoverySecret).toMatch(/^([A-Z2-7]{4}-){7}[A-Z2-7]{4}$/);
    expect((b as Partial<Registered>).recoverySecret).toBeUndefined();
    const selfA = await me(a);
    expect(selfA).toMatchObject({ device: { id: a.deviceId, approved: true, current: true }, hasRecoverySecret: true });
    const selfB = await me(b);
    expect(selfB.device).toMatchObject({ id: b.deviceId, approved: false, approvedAt: null, current: true, name: 'second device' });
    // The code the pending device computes itself equals the one the vault shows the approver.
    expect(selfB.device.verificationCode).toBe(await deviceVerificationCode(b.accountId, b.deviceId));
    expect(selfB.device.verificationCode).toMatch(/^\d{3} \d{3}$/);
  });

  it('a pending device gets 403 device_not_approved on every key and account route, and nothing changes', async () => {
    const { a, b, email } = await account();
    const before = (await vault.request({ method: 'GET', url: `/v1/keys/${key.fingerprint}`, headers: bearer(a.accessToken) })).json<KeyItem>();
    for (const [name, send] of keyRoutes(b, () => before)) {
      const res = await send();
      expect([name, res.statusCode, res.json<{ error: { code: string } }>().error.code]).toEqual([name, 403, 'device_not_approved']);
      expect(res.body).not.toContain(key.privateKey.slice(40, 120));
    }
    // Signing out A (the owner's approved device) is refused too; B may still sign itself out later.
    const kick = await vault.request({ method: 'DELETE', url: `/v1/devices/${a.deviceId}`, headers: bearer(b.accessToken) });
    expect(kick.statusCode).toBe(403);
    // Nor can it erase the account, even with a fresh password proof.
    const proof = await loginProof(vault, email, 'pw');
    const erase = await vault.request({ method: 'POST', url: '/v1/account/delete', headers: bearer(b.accessToken), payload: proof });
    expect(erase.json()).toMatchObject({ error: { code: 'device_not_approved' } });
    const after = (await vault.request({ method: 'GET', url: `/v1/keys/${key.fingerprint}`, headers: bearer(a.accessToken) })).json<KeyItem>();
    expect(after).toEqual(before);
    expect(await syncStatus(a)).toBe(200);
    // Refreshing keeps the device pending (a new token is no way around it).
    const refreshed = (await vault.request({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: b.refreshToken } })).json<Session>();
    expect(await syncStatus(refreshed)).toBe(403);
  });

  it('an approved device approves a pending one, which then syncs the keys; the list shows both approved', async () => {
    const { a, b } = await account();
    const devices = (await vault.request({ method: 'GET', url: '/v1/devices', headers: bearer(a.accessToken) })).json<{ devices: ApprovalDevice[] }>();
    const pending = devices.devices.find((d) => d.id === b.deviceId);
    expect(pending).toMatchObject({ approved: false, name: 'second device', verificationCode: (await me(b)).device.verificationCode });
    expect(pending?.createdAt).toMatch(/^\d{4}-/);

    expect((await approve(a, b.deviceId)).statusCode).toBe(204);
    // Not twice: only pending devices are approved.
    expect((await approve(a, b.deviceId)).statusCode).toBe(404);
    const synced = await vault.request({ method: 'GET', url: '/v1/sync?since=0', headers: bearer(b.accessToken) });
    expect(synced.statusCode).toBe(200);
    expect(synced.json<SyncResponse>().items.map((i) => [i.fingerprint, i.privateKey])).toEqual([[key.fingerprint, key.privateKey]]);
    const self = await me(b);
    expect(self.device.approved).toBe(true);
    expect(self.device.approvedAt).not.toBeNull();
  });

  it('a pending device cannot approve itself or another pending device, nor devices of another account', async () => {
    const { a, b, email } = await account();
    const c = await login(vault, email, 'pw');
    expect((await approve(b, b.deviceId)).json()).toMatchObject({ error: { code: 'device_not_approved' } });
    expect((await approve(b, c.deviceId)).statusCode).toBe(403);
    expect((await approve(c, b.deviceId)).statusCode).toBe(403);
    expect(await syncStatus(b)).toBe(403);
    expect(await syncStatus(c)).toBe(403);
    // Mallory's approved device cannot approve the owner's pending device.
    const mallory = await register(vault, `mallory${n}@example.org`, 'pw-m');
    expect((await approve(mallory, b.deviceId)).statusCode).toBe(404);
    expect(await syncStatus(b)).toBe(403);
    expect((await approve(a, c.deviceId)).statusCode).toBe(204);
    expect(await syncStatus(b)).toBe(403);
  });

  it('the recovery secret approves once, in any spelling, and is replaced by a new one', async () => {
    const { a, b, email } = await account();
    const typed = ` ${a.recoverySecret.toLowerCase().replace(/-/g, ' ')} `;
    const res = await recover(b, typed);
    expect(res.statusCode).toBe(200);
    const next = res.json<RecoverySecretResponse>().recoverySecret;
    expect(next).toMatch(/^([A-Z2-7]{4}-){7}[A-Z2-7]{4}$/);
    expect(next).not.toBe(a.recoverySecret);
    expect(await syncStatus(b)).toBe(200);

    // Used: the old secret no longer works for the next device; the new one does.
    const c = await login(vault, email, 'pw');
    expect((await recover(c, a.recoverySecret)).json()).toMatchObject({ error: { code: 'recovery_secret_invalid' } });
    expect(await syncStatus(c)).toBe(403);
    expect((await recover(c, next)).statusCode).toBe(200);
    expect(await syncStatus(c)).toBe(200);
    // An approved device has nothing to recover.
    expect((await recover(c, 'AAAA')).statusCode).toBe(409);
  });

  it('an approved device can issue a new recovery secret; the old one stops working', async () => {
    const { a, b } = await account();
    const issued = await vault.request({ method: 'POST', url: '/v1/account/recovery-secret', headers: bearer(a.accessToken) });
    const fresh = issued.json<RecoverySecretResponse>().recoverySecret;
    expect(fresh).not.toBe(a.recoverySecret);
    expect((await recover(b, a.recoverySecret)).statusCode).toBe(403);
    expect((await recover(b, fresh)).statusCode).toBe(200);
  });

  it(`wrong secrets are rate-limited per account after ${RECOVERY_ATTEMPTS} attempts; the right one then waits too`, async () => {
    const { a, b, email } = await account();
    const statuses: number[] = [];
    for (let i = 0; i < RECOVERY_ATTEMPTS; i++) statuses.push((await recover(b, `WRONG-${i}`)).statusCode);
    expect(statuses).toEqual(Array(RECOVERY_ATTEMPTS).fill(403));
    // Another pending device of the same account shares the budget (the limit is per account, not per device).
    const c = await login(vault, email, 'pw');
    const limited = await recover(c, a.recoverySecret);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect(await syncStatus(c)).toBe(403);
  });

  it('an approved device denies (signs out) a pending one; a pending device may sign itself out', async () => {
    const { a, b, email } = await account();
    expect((await vault.request({ method: 'DELETE', url: `/v1/devices/${b.deviceId}`, headers: bearer(a.accessToken) })).statusCode).toBe(204);
    expect(await syncStatus(b)).toBe(401);
    expect((await vault.request({ method: 'GET', url: '/v1/devices/me', headers: bearer(b.accessToken) })).statusCode).toBe(401);
    expect((await recover(b, a.recoverySecret)).statusCode).toBe(401);
    // Revoked devices cannot be approved afterwards.
    expect((await approve(a, b.deviceId)).statusCode).toBe(404);

    const c = await login(vault, email, 'pw');
    expect((await vault.request({ method: 'DELETE', url: `/v1/devices/${c.deviceId}`, headers: bearer(c.accessToken) })).statusCode).toBe(204);
    const list = (await vault.request({ method: 'GET', url: '/v1/devices', headers: bearer(a.accessToken) })).json<DeviceList>();
    expect(list.devices.map((d) => [d.id, d.revoked])).toEqual([[a.deviceId, false], [b.deviceId, true], [c.deviceId, true]]);
  });

  it('deletions are tombstones the owner can list, with when and by which device', async () => {
    const { a, b } = await account();
    expect((await approve(a, b.deviceId)).statusCode).toBe(204);
    const del = await vault.request({ method: 'DELETE', url: `/v1/keys/${key.fingerprint}`, headers: { ...bearer(b.accessToken), 'if-match': '"1"' } });
    expect(del.statusCode).toBe(200);
    const deleted = del.json<KeyItem>();
    const list = (await vault.request({ method: 'GET', url: '/v1/tombstones', headers: bearer(a.accessToken) })).json<TombstoneList>();
    expect(list.tombstones).toEqual([{ fingerprint: key.fingerprint, deletedAt: deleted.updatedAt, deviceId: b.deviceId, deviceName: 'second device' }]);
  });
});
