/**
 * Vault faults seen by the whole background (issue 7 §3): a connected device whose vault
 * (real server behind a misbehaving loopback proxy) answers 500, garbage, resets, stalls or
 * is too slow. Each sync run ends with `lastError` VAULT_UNREACHABLE in vaultStatus (what the
 * options page shows), the change stays queued, a retry alarm is armed, the local keyring is
 * untouched (same keys, byte for byte, each parses); when the vault is back, the queue drains.
 */
import 'fake-indexeddb/auto';
import * as openpgp from 'openpgp';
import type { Runtime } from 'webextension-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackground } from '../../../src/background/app';
import { DEFAULT_RETRY, type RetryPolicy } from '../../../src/background/vault/http';
import { VAULT_ALARM } from '../../../src/background/vault/engine';
import { unwrapReply } from '../../../src/shared/messaging';
import type { PageProtocol } from '../../../src/shared/protocol';
import { EXTENSION_ID, fakeBrowser } from '../background/fake-browser';
import { startLiveVault, type LiveVault } from '../vault-client/vault-server';
import { misbehavingVault, type Mode, type MisbehavingVault } from './misbehaving-vault';

const TIME_SCALE = 0.02;
const SCALED_TIMEOUT_MS = DEFAULT_RETRY.timeoutMs * TIME_SCALE;
/**
 * The production policy with backoff scaled. The engine reads the policy on every request,
 * so the timeout is the real 20 s while the healthy vault is used (a loaded machine can take
 * more than a scaled 400 ms to store an Argon2-protected key) and scaled during the faults.
 */
const RETRY: RetryPolicy = {
  ...DEFAULT_RETRY,
  baseMs: DEFAULT_RETRY.baseMs * TIME_SCALE,
  maxMs: DEFAULT_RETRY.maxMs * TIME_SCALE,
};
const CHEAP = { 'argon2id-custom': { memory: 256, iterations: 1, parallelism: 1 } } as const;

function device() {
  const browser = fakeBrowser();
  const bg = createBackground({
    runtimeId: browser.runtime.id,
    extensionUrl: browser.runtime.getURL(''),
    version: '0.1.0',
    local: browser.storage.local,
    session: browser.storage.session,
    alarms: browser.alarms,
    dbName: `faults-vault-${Math.random()}`,
    vault: { deviceName: 'faults', retry: RETRY, keyStretching: CHEAP },
  });
  browser.alarms.onAlarm.addListener((a) => bg.vault.onAlarm(a));
  const sender: Runtime.MessageSender = { id: EXTENSION_ID, url: browser.runtime.getURL('options.html') };
  async function page<K extends keyof PageProtocol>(type: K, payload: PageProtocol[K]['req']): Promise<PageProtocol[K]['res']> {
    const res = unwrapReply<PageProtocol[K]['res']>(await bg.router.handle({ cachet: 1, type, payload }, sender));
    await bg.vault.idle();
    return res;
  }
  return { browser, bg, page };
}
type Device = ReturnType<typeof device>;

/** Every stored key, exported as armor that parses: fingerprint → armor. */
async function keyring(d: Device): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const k of (await d.page('listKeys', {})).keys) {
    const { armored } = await d.page('exportKey', { fingerprint: k.fingerprint, kind: k.hasSecret ? 'private' : 'public', passphrase: null });
    expect((await openpgp.readKey({ armoredKey: armored })).getFingerprint().toUpperCase()).toBe(k.fingerprint);
    out[k.fingerprint] = armored;
  }
  return out;
}

async function publicKey(email: string): Promise<{ armored: string; fpr: string }> {
  const k = await openpgp.generateKey({ userIDs: [{ email }], type: 'ecc', format: 'armored' });
  return { armored: k.publicKey, fpr: (await openpgp.readKey({ armoredKey: k.publicKey })).getFingerprint().toUpperCase() };
}

const MODES: Array<[string, Mode]> = [
  ['500', { kind: 'status', status: 500, body: '{"error":{"code":"internal","message":"db down"}}' }],
  ['garbage', { kind: 'garbage' }],
  ['reset', { kind: 'reset' }],
  ['stalled body', { kind: 'stall-body' }],
  ['slower than the timeout (the 10 s vault against a shorter timeout, scaled)', { kind: 'slow', delayMs: SCALED_TIMEOUT_MS * 1.5 }],
];

let live: LiveVault;
let proxy: MisbehavingVault;
let d: Device;
beforeAll(async () => {
  live = await startLiveVault();
  proxy = await misbehavingVault(live.url);
  d = device();
  await d.page('vaultRegister', { url: proxy.url, email: 'faults@example.org', password: 'vault password 1' });
  // One secret key (Argon2-protected, as the vault demands) synced while the vault is fine.
  await d.page('generateKey', { name: 'A', emails: ['faults@example.org'], passphrase: 'correct horse battery staple 42', profile: 'ecc', expiresInDays: null });
  expect(await d.page('vaultStatus', {})).toMatchObject({ connected: true, pending: 0, lastError: null });
}, 120_000);
afterAll(async () => {
  await proxy.close();
  await live.dispose();
});

describe('sync against a failing vault', () => {
  it.each(MODES)('%s: lastError VAULT_UNREACHABLE, change kept queued, retry alarm, keyring untouched; recovers', async (_name, mode) => {
    const before = await keyring(d);
    proxy.mode = mode;
    proxy.resetHits();
    RETRY.timeoutMs = SCALED_TIMEOUT_MS;
    // A local change while the vault misbehaves: stored locally and queued, not lost.
    const added = await publicKey(`contact-${Object.keys(before).length}@example.org`);
    await d.page('commitImport', { text: added.armored, encoding: 'armored', passphrases: {}, newPassphrases: {} });
    const failed = await d.page('vaultStatus', {});
    expect(failed.lastError?.code).toBe('VAULT_UNREACHABLE');
    expect(failed.pending).toBe(1);
    expect(proxy.hits).toBeGreaterThanOrEqual(RETRY.attempts); // retried, and bounded:
    expect(proxy.hits).toBeLessThanOrEqual(RETRY.attempts * 2);
    expect(d.browser.alarms.scheduled.has(VAULT_ALARM)).toBe(true);
    const during = await keyring(d);
    expect(during).toEqual({ ...before, [added.fpr]: during[added.fpr] });
    expect(Object.keys(during)).toHaveLength(Object.keys(before).length + 1);

    // The user presses "sync now" again while it still fails: same clear state, nothing lost.
    await d.page('vaultSyncNow', {});
    expect((await d.page('vaultStatus', {})).lastError?.code).toBe('VAULT_UNREACHABLE');

    proxy.mode = { kind: 'ok' };
    RETRY.timeoutMs = DEFAULT_RETRY.timeoutMs;
    await d.browser.alarms.fireDue(Number.MAX_SAFE_INTEGER);
    await d.bg.vault.idle();
    expect(await d.page('vaultStatus', {})).toMatchObject({ connected: true, pending: 0, lastError: null });
    expect(await keyring(d)).toEqual(during);
  });
});
