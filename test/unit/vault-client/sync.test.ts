import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyItem, SyncResponse } from '../../../src/shared/vault-api';
import { device, type Device } from './device';
import { startLiveVault, type LiveVault } from './vault-server';

const PASS = 'correct horse battery staple 42';
const PASS2 = 'another long passphrase for the key 9!';
const VAULT_PASSWORD = 'vault password, not the key passphrase';

let vault: LiveVault;
beforeAll(async () => {
  vault = await startLiveVault();
});
afterAll(async () => {
  await vault.dispose();
});

let accounts = 0;
async function pair(): Promise<{ a: Device; b: Device; email: string }> {
  const email = `user${++accounts}@example.org`;
  const a = device('a');
  const b = device('b');
  await a.page('vaultRegister', { url: vault.url, email, password: VAULT_PASSWORD });
  await b.page('vaultLogin', { url: vault.url, email, password: VAULT_PASSWORD });
  await approveAll(a);
  return { a, b, email };
}

/** VS-05: a device that logs in waits until an approved one (here A) approves it. */
async function approveAll(approver: Device): Promise<void> {
  for (const d of (await approver.page('vaultPendingDevices', {})).devices) await approver.page('vaultApproveDevice', { id: d.id });
}

async function generate(d: Device, email: string) {
  const r = await d.page('generateKey', { name: 'Alice', emails: [email], passphrase: PASS, profile: 'ecc', expiresInDays: 365 });
  return r.key.fingerprint;
}

async function keyOn(d: Device, fingerprint: string) {
  const { keys } = await d.page('listKeys', {});
  return keys.find((k) => k.fingerprint === fingerprint) ?? null;
}

describe('vault client and sync engine against the real vault', () => {
  it('refuses plain HTTP to a non-loopback vault, and a wrong password (VS-08, OPAQUE)', async () => {
    const d = device('x');
    await expect(d.page('vaultLogin', { url: 'http://vault.example.org', email: 'x@example.org', password: 'p' })).rejects.toMatchObject({ code: 'VAULT_INSECURE_URL' });
    await d.page('vaultRegister', { url: vault.url, email: 'opaque@example.org', password: VAULT_PASSWORD });
    const other = device('y');
    await expect(other.page('vaultLogin', { url: vault.url, email: 'opaque@example.org', password: 'wrong password' })).rejects.toMatchObject({ code: 'VAULT_AUTH_FAILED' });
    await expect(other.page('vaultRegister', { url: vault.url, email: 'opaque@example.org', password: VAULT_PASSWORD })).rejects.toMatchObject({ code: 'VAULT_ACCOUNT_EXISTS' });
    expect((await other.page('vaultStatus', {})).connected).toBe(false);
  });

  it('a key made on A reaches B after login, protected, and unlocks there with its passphrase', async () => {
    const { a, b, email } = await pair();
    const fpr = await generate(a, email);
    const statusA = await a.page('vaultStatus', {});
    expect(statusA).toMatchObject({ connected: true, pending: 0, lastError: null });
    expect(statusA.lastSyncAt).not.toBeNull();

    const c = device('c');
    await c.page('vaultLogin', { url: vault.url, email, password: VAULT_PASSWORD });
    await approveAll(a);
    for (const d of [b, c]) {
      await d.page('vaultSyncNow', {});
      const k = await keyOn(d, fpr);
      expect(k?.hasSecret).toBe(true);
      await expect(d.page('unlockKey', { fingerprint: fpr, passphrase: 'not it at all 1234' })).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
      await d.page('unlockKey', { fingerprint: fpr, passphrase: PASS });
    }
    // VS-08: no token in storage.local (content scripts can read it); the access token only in storage.session.
    for (const d of [a, b, c]) {
      expect(JSON.stringify([...d.browser.storage.local.data])).not.toMatch(/token|vault/i);
      expect([...d.browser.storage.session.data.keys()].filter((k) => k.startsWith('vault'))).toEqual(['vault.access']);
    }
    const { devices } = await a.page('vaultDevices', {});
    expect(devices.length).toBe(3);
    expect(devices.filter((d) => d.current)).toHaveLength(1);
  });

  it('A revokes while B, offline, changes the expiry: after both sync, both hold a revoked key with the new expiry', async () => {
    const { a, b, email } = await pair();
    const fpr = await generate(a, email);
    await b.page('vaultSyncNow', {});
    b.net.offline = true;
    const expiresAt = '2031-06-01T00:00:00.000Z';
    await b.page('setExpiry', { fingerprint: fpr, passphrase: PASS, expiresAt, subkeys: [] });
    // Offline: the local change is done and waits in the queue.
    const offline = await b.page('vaultStatus', {});
    expect(offline.pending).toBe(1);
    expect(offline.lastError?.code).toBe('VAULT_UNREACHABLE');
    await a.page('revokeKey', { fingerprint: fpr, passphrase: PASS, reason: 'retired', message: 'bye' });
    b.net.offline = false;
    await b.page('vaultSyncNow', {});
    await a.page('vaultSyncNow', {});
    for (const d of [a, b]) {
      const k = await keyOn(d, fpr);
      expect(k?.revoked).toBe(true);
      expect(k?.expires?.slice(0, 10)).toBe('2031-06-01');
      expect((await d.page('vaultStatus', {})).pending).toBe(0);
    }
  });

  it('a passphrase change on A reaches B, and B’s concurrent expiry change survives it', async () => {
    const { a, b, email } = await pair();
    const fpr = await generate(a, email);
    await b.page('vaultSyncNow', {});
    b.net.offline = true;
    await b.page('setExpiry', { fingerprint: fpr, passphrase: PASS, expiresAt: '2032-01-01T00:00:00.000Z', subkeys: [] });
    await a.page('changePassphrase', { fingerprint: fpr, oldPassphrase: PASS, newPassphrase: PASS2 });
    b.net.offline = false;
    await b.page('vaultSyncNow', {});
    await a.page('vaultSyncNow', {});
    for (const d of [a, b]) {
      await d.page('lockAll', {});
      await expect(d.page('unlockKey', { fingerprint: fpr, passphrase: PASS })).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
      await d.page('unlockKey', { fingerprint: fpr, passphrase: PASS2 });
      expect((await keyOn(d, fpr))?.expires?.slice(0, 10)).toBe('2032-01-01');
    }
  });

  it('a deletion on A reaches B as a tombstone', async () => {
    const { a, b, email } = await pair();
    const fpr = await generate(a, email);
    await b.page('vaultSyncNow', {});
    expect(await keyOn(b, fpr)).not.toBeNull();
    await a.page('deleteKey', { fingerprint: fpr, confirm: 'DELETE' });
    await b.page('vaultSyncNow', {});
    expect(await keyOn(b, fpr)).toBeNull();
    expect((await b.page('vaultStatus', {})).lastError).toBeNull();
  });

  it('with the vault stopped, local operations go on; the queue drains when it is back', async () => {
    const { a, b, email } = await pair();
    await vault.stop();
    try {
      const fpr = await generate(a, email);
      expect(await keyOn(a, fpr)).not.toBeNull();
      const s = await a.page('vaultStatus', {});
      expect(s.pending).toBe(1);
      expect(s.lastError?.code).toBe('VAULT_UNREACHABLE');
      // A failed run re-arms the alarm sooner.
      expect(a.browser.alarms.scheduled.has('cachet-vault-sync')).toBe(true);
      await vault.restart();
      // The worker restarts (queue and tokens come from storage), then the alarm fires.
      await a.restart();
      await a.alarmsDue();
      await a.bg.vault.idle();
      expect(await a.page('vaultStatus', {})).toMatchObject({ pending: 0, lastError: null });
      await b.page('vaultSyncNow', {});
      expect((await keyOn(b, fpr))?.hasSecret).toBe(true);
    } finally {
      await vault.restart().catch(() => undefined);
    }
  });

  it('refuses a vault that serves an older revision than one already seen (VS-04)', async () => {
    const { a, b, email } = await pair();
    const fpr = await generate(a, email);
    // Record what the vault serves B, pass-through.
    const seen: KeyItem[] = [];
    b.net.rewrite = (url, init) => {
      if (!url.includes('/v1/sync')) return null;
      return fetch(url, init).then(async (r) => {
        if (r.status === 200) seen.push(...((await r.clone().json()) as SyncResponse).items);
        return r;
      });
    };
    await b.page('vaultSyncNow', {});
    const old = seen.find((i) => i.fingerprint.toUpperCase() === fpr && !i.deleted);
    expect(old?.revision).toBe(1);
    await a.page('revokeKey', { fingerprint: fpr, passphrase: PASS, reason: 'retired', message: '' });
    await b.page('vaultSyncNow', {});
    expect((await keyOn(b, fpr))?.revoked).toBe(true);
    // The vault "restores" the old revision: a full listing with revision 1 again.
    b.net.rewrite = (url) => {
      if (!url.includes('/v1/sync')) return null;
      const body: SyncResponse = { items: [old as KeyItem], seq: 1_000, more: false, reset: true };
      return Promise.resolve(new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }));
    };
    const s = await b.page('vaultSyncNow', {});
    expect(s.lastError?.code).toBe('VAULT_ROLLBACK');
    expect((await keyOn(b, fpr))?.revoked).toBe(true);
  });

  it('queued passphrase changes of several keys go to the vault as one atomic batch', async () => {
    const { a, b, email } = await pair();
    const one = await generate(a, email);
    const two = await generate(a, email);
    a.net.offline = true;
    for (const fingerprint of [one, two]) await a.page('changePassphrase', { fingerprint, oldPassphrase: PASS, newPassphrase: PASS2 });
    expect((await a.page('vaultStatus', {})).pending).toBe(2);
    const requests: string[] = [];
    a.net.offline = false;
    a.net.rewrite = (url, init) => {
      requests.push(`${init.method ?? 'GET'} ${new URL(url).pathname}`);
      return null;
    };
    expect(await a.page('vaultSyncNow', {})).toMatchObject({ pending: 0, lastError: null });
    expect(requests).toContain('POST /v1/batch');
    expect(requests.filter((r) => r.startsWith('PUT '))).toEqual([]);
    await b.page('vaultSyncNow', {});
    for (const fingerprint of [one, two]) await b.page('unlockKey', { fingerprint, passphrase: PASS2 });
  });

  it('vault messages are for extension pages only: a content script is refused (PI-05)', async () => {
    const d = device('cs');
    const contentSender = { id: d.browser.runtime.id, url: 'https://mail.example.org/', tab: { id: 1, index: 0, highlighted: false, active: true, pinned: false, incognito: false } };
    for (const type of ['vaultStatus', 'vaultLogin', 'vaultSyncNow', 'vaultDevices'] as const) {
      const payload = type === 'vaultLogin' ? { url: vault.url, email: 'x@example.org', password: 'p' } : {};
      const reply = await d.bg.router.handle({ cachet: 1, type, payload }, contentSender);
      expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });

  it('"sign out this device" from A disconnects B; B keeps its keys and A keeps syncing', async () => {
    const { a, b, email } = await pair();
    const fpr = await generate(a, email);
    await b.page('vaultSyncNow', {});
    const { devices } = await a.page('vaultDevices', {});
    const other = devices.find((d) => !d.current);
    expect(other).toBeDefined();
    const left = await a.page('vaultRevokeDevice', { id: other?.id ?? '' });
    expect(left.devices.map((d) => d.id)).not.toContain(other?.id);
    // B's access token may still be valid for its short TTL; drop it as a worker restart
    // after expiry would, so B must refresh, which the vault refuses.
    b.browser.storage.session.data.delete('vault.access');
    await b.restart();
    const s = await b.page('vaultSyncNow', {});
    expect(s.connected).toBe(false);
    expect(s.lastError?.code).toBe('VAULT_AUTH_FAILED');
    expect((await keyOn(b, fpr))?.hasSecret).toBe(true);
    expect((await a.page('vaultSyncNow', {})).lastError).toBeNull();
    // Log out of A: the vault revokes A's device too.
    const c = device('c');
    await c.page('vaultLogin', { url: vault.url, email, password: VAULT_PASSWORD });
    await approveAll(a);
    expect((await c.page('vaultDevices', {})).devices).toHaveLength(2);
    expect((await a.page('vaultLogout', {})).connected).toBe(false);
    expect((await c.page('vaultDevices', {})).devices).toHaveLength(1);
    await expect(a.page('vaultDevices', {})).rejects.toMatchObject({ code: 'VAULT_NOT_CONNECTED' });
  });
});
