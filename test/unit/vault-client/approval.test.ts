import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeFor, vaultRequest, type FetchLike } from '../../../src/background/vault/http';
import { device, type Device } from './device';
import { startLiveVault, type LiveVault } from './vault-server';

const PASS = 'correct horse battery staple 42';
const VAULT_PASSWORD = 'vault password, not the key passphrase';

describe('the vault client maps the approval refusals to their own codes', () => {
  it('403 device_not_approved and recovery_secret_invalid get distinct codes; other 403s stay VAULT_REFUSED', () => {
    expect(codeFor(403, 'device_not_approved')).toBe('VAULT_DEVICE_NOT_APPROVED');
    expect(codeFor(403, 'recovery_secret_invalid')).toBe('VAULT_RECOVERY_SECRET_INVALID');
    expect(codeFor(403, 'forbidden')).toBe('VAULT_REFUSED');
    expect(codeFor(403, null)).toBe('VAULT_REFUSED');
    expect(codeFor(401, 'device_not_approved')).toBe('VAULT_AUTH_FAILED');
  });

  it('a 403 device_not_approved is not retried (it is not a transient failure)', async () => {
    let calls = 0;
    const fetchFn: FetchLike = async () => {
      calls++;
      return new Response(JSON.stringify({ error: { code: 'device_not_approved', message: 'wait' } }), { status: 403 });
    };
    await expect(vaultRequest(fetchFn, 'http://127.0.0.1:1', { method: 'GET', path: '/v1/sync?since=0', idempotent: true }))
      .rejects.toMatchObject({ code: 'VAULT_DEVICE_NOT_APPROVED', status: 403, vaultCode: 'device_not_approved' });
    expect(calls).toBe(1);
  });
});

let vault: LiveVault;
beforeAll(async () => {
  vault = await startLiveVault();
});
afterAll(async () => {
  await vault.dispose();
});

let accounts = 0;
async function keysOf(d: Device): Promise<string[]> {
  return (await d.page('listKeys', {})).keys.map((k) => k.fingerprint).sort();
}

describe('device approval in the background (VS-05) against the real vault', () => {
  it('a pending device leaves its keyring alone and says why; once A approves it (same code on both), it syncs', async () => {
    const email = `approve${++accounts}@example.org`;
    const a = device('a');
    const b = device('b');
    await a.page('vaultRegister', { url: vault.url, email, password: VAULT_PASSWORD });
    const fromA = (await a.page('generateKey', { name: 'A', emails: [email], passphrase: PASS, profile: 'ecc', expiresInDays: 365 })).key.fingerprint;
    // B has a key of its own before logging in.
    const fromB = (await b.page('generateKey', { name: 'B', emails: [email], passphrase: PASS, profile: 'ecc', expiresInDays: 365 })).key.fingerprint;

    await b.page('vaultLogin', { url: vault.url, email, password: VAULT_PASSWORD });
    const status = await b.page('vaultStatus', {});
    expect(status).toMatchObject({ connected: true, lastError: { code: 'VAULT_DEVICE_NOT_APPROVED' } });
    expect(await keysOf(b)).toEqual([fromB]);
    const view = await b.page('vaultApproval', {});
    expect(view).toMatchObject({ state: 'pending', recoverySecret: null, hasRecoverySecret: true });
    await expect(b.page('vaultPendingDevices', {})).rejects.toMatchObject({ code: 'VAULT_DEVICE_NOT_APPROVED' });
    await expect(b.page('vaultTombstones', {})).rejects.toMatchObject({ code: 'VAULT_DEVICE_NOT_APPROVED' });
    // Syncing again while pending changes nothing either; B's key was not pushed.
    await b.page('vaultSyncNow', {});
    expect(await keysOf(b)).toEqual([fromB]);
    await a.page('vaultSyncNow', {});
    expect(await keysOf(a)).toEqual([fromA]);

    const { devices } = await a.page('vaultPendingDevices', {});
    expect(devices).toEqual([{ id: view.deviceId, name: 'test b', createdAt: expect.stringMatching(/^\d{4}-/), verificationCode: view.verificationCode }]);
    expect((await a.page('vaultApproveDevice', { id: view.deviceId })).devices).toEqual([]);

    // B re-checks (the page's "Check again"): approved, and the sync that follows brings A's key.
    expect((await b.page('vaultApproval', {})).state).toBe('approved');
    await b.page('vaultSyncNow', {});
    expect(await keysOf(b)).toEqual([fromA, fromB].sort());
    expect((await b.page('vaultStatus', {})).lastError).toBeNull();
  });

  it('the recovery secret is shown once after registering, approves a pending device, and is replaced', async () => {
    const email = `recover${++accounts}@example.org`;
    const a = device('a');
    const c = device('c');
    await a.page('vaultRegister', { url: vault.url, email, password: VAULT_PASSWORD });
    const shown = await a.page('vaultApproval', {});
    expect(shown.state).toBe('approved');
    const secret = shown.recoverySecret ?? '';
    expect(secret).toMatch(/^([A-Z2-7]{4}-){7}[A-Z2-7]{4}$/);
    expect((await a.page('vaultRecoverySecretSaved', {})).recoverySecret).toBeNull();
    expect((await a.page('vaultApproval', {})).recoverySecret).toBeNull();

    await c.page('vaultLogin', { url: vault.url, email, password: VAULT_PASSWORD });
    await expect(c.page('vaultRecover', { secret: 'AAAA-BBBB' })).rejects.toMatchObject({ code: 'VAULT_RECOVERY_SECRET_INVALID' });
    const after = await c.page('vaultRecover', { secret: secret.toLowerCase() });
    expect(after.state).toBe('approved');
    expect(after.recoverySecret).toMatch(/^([A-Z2-7]{4}-){7}[A-Z2-7]{4}$/);
    expect(after.recoverySecret).not.toBe(secret);
    expect((await c.page('vaultStatus', {})).lastError).toBeNull();
  });

  it('the owner sees deleted keys: which, when and from which device', async () => {
    const email = `tomb${++accounts}@example.org`;
    const a = device('a');
    await a.page('vaultRegister', { url: vault.url, email, password: VAULT_PASSWORD });
    const fpr = (await a.page('generateKey', { name: 'A', emails: [email], passphrase: PASS, profile: 'ecc', expiresInDays: 365 })).key.fingerprint;
    expect((await a.page('vaultTombstones', {})).tombstones).toEqual([]);
    await a.page('deleteKey', { fingerprint: fpr, confirm: 'DELETE' });
    const { tombstones } = await a.page('vaultTombstones', {});
    expect(tombstones).toEqual([{ fingerprint: fpr, deletedAt: expect.stringMatching(/^\d{4}-/), deviceName: 'test a', byThisDevice: true }]);
  });
});
