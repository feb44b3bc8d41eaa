// The background killed in the middle of a vault push (issue 7 §3), deterministically, against a
// real vault process (dist/server/vault.mjs, SQLite, loopback). The test build's pause point
// `sync:push-answered` (src/background/test-hooks.ts) holds the push of a new key after the
// vault stored it and answered, before the local sync state records that revision and dequeues
// the key; the harness kills the background exactly then (Chromium: the service worker stopped
// over CDP; Firefox: the event page suspended by its idle timeout, 30 s here since registering
// and generating under load take a while). The worst moment: the vault has the key, this
// device still thinks it was never pushed.
// One outcome: after the restart the key is still queued (nothing lost, nothing half-recorded:
// the IndexedDB sync state still says "never pushed"), every key lists and parses, and the next
// sync converges — its create meets the vault's copy (412), merges it and records the revision —
// with no error, an empty queue, and a revision recorded for both keys.
// The pull: another device (a VaultClient in this Node process, logged in to the same account
// and approved from the page) puts two public keys on the vault; "Sync now" pulls them and
// `sync:pull-key-stored` (src/background/vault/apply-remote.ts) holds the pull after the first
// one was written to the keyring, before its sync state, the second key and the pull's sequence
// were. After the kill the page shows BACKGROUND_RESTARTED, the keyring holds the local keys
// byte for byte plus one whole pulled key (no half record), the sync state has not recorded the
// pull, and the next "Sync now" completes it: both keys arrive, every key has its revision.
// The merge: the other device revokes the first pulled key; the pull merges the revocation into
// this device's copy and is killed at the same point. The keyring holds the merged key whole, the
// sync state the old revision, and the next "Sync now" records the new one with nothing to push.
// The tombstone: the other device deletes that key; `sync:pull-tombstone-applied` holds the pull
// after the key left the keyring, before the sync state records the deletion. After the kill the
// other keys are intact byte for byte, the deleted one is gone (no half record), the sync state
// still names its old revision, and the next "Sync now" records the tombstone without pushing
// the key back: the vault still lists it as deleted.
import * as openpgp from 'openpgp';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VaultClient } from '../../../src/background/vault/client';
import type { KeyItem } from '../../../src/shared/vault-api';
import { armPause, BROWSER_KINDS, launch, sendFromPage, waitPaused, type ExtensionHarness } from '../harness';
import { click, errorIn, tid } from '../support/ui';
import { VaultProcess } from '../vault/vault-process';
import { connect, keyOf, neverCache, openVault, settled, syncNowUi, waitForStatus, type VaultAccount } from '../vault/vault-ui';

const PASS = 'harbor lichen orbit 41 saffron';

async function generate(page: Page, email: string): Promise<string> {
  const gen = await sendFromPage(page, 'generateKey', { name: 'Sync', emails: [email], passphrase: PASS, profile: 'ecc', expiresInDays: null }, 120_000);
  if (!gen.ok) throw new Error(`generateKey: ${gen.error.code}`);
  return gen.value.key.fingerprint;
}

/** Fingerprints in the keyring; every key is exported and must parse with its fingerprint. */
async function keyring(page: Page): Promise<string[]> {
  const list = await sendFromPage(page, 'listKeys', {});
  if (!list.ok) throw new Error(`listKeys: ${list.error.code}`);
  for (const k of list.value.keys) {
    const exported = await sendFromPage(page, 'exportKey', { fingerprint: k.fingerprint, kind: 'public', passphrase: null });
    if (!exported.ok) throw new Error(`exportKey: ${exported.error.code}`);
    expect((await openpgp.readKey({ armoredKey: exported.value.armored })).getFingerprint().toUpperCase()).toBe(k.fingerprint);
  }
  return list.value.keys.map((k) => k.fingerprint).sort();
}

interface SyncDb {
  items: Record<string, number | null>;
  queue: string[];
  /** The vault sequence this device has pulled up to (meta 'seq'; 0 when never set). */
  seq: number;
}

/** The background's sync state (IndexedDB cachet-vault), read from an extension page of the same origin. */
function syncDb(page: Page): Promise<SyncDb> {
  return page.evaluate(
    () =>
      new Promise<SyncDb>((resolve, reject) => {
        const open = indexedDB.open('cachet-vault');
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['items', 'queue', 'meta'], 'readonly');
          const items = tx.objectStore('items').getAll();
          const queue = tx.objectStore('queue').getAllKeys();
          const seq = tx.objectStore('meta').get('seq');
          tx.oncomplete = () => {
            db.close();
            const byFpr: Record<string, number | null> = {};
            for (const i of items.result as Array<{ fingerprint: string; revision: number | null }>) byFpr[i.fingerprint] = i.revision;
            resolve({ items: byFpr, queue: (queue.result as string[]).sort(), seq: (seq.result as number | undefined) ?? 0 });
          };
          tx.onerror = () => reject(new Error(String(tx.error)));
        };
      }),
  );
}

/**
 * The keyring's records as stored (IndexedDB `cachet`, store `keys`), read from an extension
 * page without a message, so the stopped background is not woken (its start would sync).
 */
function rawKeyring(page: Page): Promise<Record<string, string>> {
  return page.evaluate(
    () =>
      new Promise<Record<string, string>>((resolve, reject) => {
        const open = indexedDB.open('cachet');
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('keys', 'readonly');
          const keys = tx.objectStore('keys').getAll();
          tx.oncomplete = () => {
            db.close();
            const byFpr: Record<string, string> = {};
            for (const k of keys.result as Array<{ fingerprint: string; armored: string }>) byFpr[k.fingerprint] = k.armored;
            resolve(byFpr);
          };
          tx.onerror = () => reject(new Error(String(tx.error)));
        };
      }),
  );
}

/** Every stored record is a whole key: it parses and carries the fingerprint it is filed under. */
async function wholeRecords(raw: Record<string, string>): Promise<string[]> {
  for (const [fpr, armored] of Object.entries(raw)) {
    expect((await openpgp.readKey({ armoredKey: armored })).getFingerprint().toUpperCase(), fpr).toBe(fpr);
  }
  return Object.keys(raw).sort();
}

/** A second device of the account, in this process: logs in, and the page's device approves it (VS-05). */
async function otherDevice(page: Page, account: VaultAccount): Promise<OtherDevice> {
  const client = new VaultClient({ baseUrl: account.url });
  const session = await client.login(account.email, account.password, 'Other device (test)');
  const pending = await sendFromPage(page, 'vaultPendingDevices', {});
  if (!pending.ok) throw new Error(`vaultPendingDevices: ${pending.error.code}`);
  expect(pending.value.devices.map((d) => d.id)).toEqual([session.deviceId]);
  const approved = await sendFromPage(page, 'vaultApproveDevice', { id: session.deviceId });
  if (!approved.ok) throw new Error(`vaultApproveDevice: ${approved.error.code}`);
  return { client, token: session.accessToken };
}

interface OtherDevice {
  client: VaultClient;
  token: string;
}

/** A fresh key whose public half the other device puts on the vault; its secret stays here. */
async function putPublicKey(device: OtherDevice, name: string): Promise<{ item: KeyItem; secret: openpgp.PrivateKey }> {
  const { privateKey: secret, publicKey } = await openpgp.generateKey({ type: 'ecc', userIDs: [{ name, email: 'other@example.org' }], format: 'object' });
  const item = await device.client.putKey(device.token, secret.getFingerprint(), { publicKey: publicKey.armor(), privateKey: null }, 'create');
  return { item, secret };
}

describe.each(BROWSER_KINDS)('background killed mid-sync in %s', (kind) => {
  let vault: VaultProcess;
  let h: ExtensionHarness;
  let page: Page;
  let account: VaultAccount;
  /** The push case's two local keys, on the vault once it finished; the pull case builds on them. */
  let local: string[] = [];
  /** The pull case's other device and its first key (revision 1 on the vault, in the keyring); the merge case builds on them. */
  let other: OtherDevice | null = null;
  let pulled: { item: KeyItem; secret: openpgp.PrivateKey } | null = null;
  /** The merge case's key and its revision on the vault; the tombstone case deletes it. */
  let merged: { fpr: string; revision: number } | null = null;

  beforeAll(async () => {
    vault = await VaultProcess.launch();
    account = { url: vault.url, email: `sync-fault-${kind}@example.org`, password: 'vault password, not a key passphrase' };
    h = await launch(kind, { backgroundIdleMs: 30_000 });
    page = await h.openExtensionPage('options.html');
    await neverCache(page);
  }, 300_000);

  afterAll(async () => {
    await h?.close();
    await vault?.dispose();
  });

  it('killed after the vault stored a new key, before this device recorded it: still queued, the next sync converges', async () => {
    const first = await generate(page, account.email);
    await connect(page, 'register', account);
    await waitForStatus(page, 'the first key pushed after registering', settled);

    // A new key while connected is pushed at once: that push stops at the pause point.
    await armPause(page, 'sync:push-answered');
    const second = await generate(page, 'second@example.org');
    await waitPaused(page, 'sync:push-answered');
    await h.restartBackground();
    await page.bringToFront();

    // Nothing lost, nothing half-recorded: both keys parse; the second is still queued and its
    // sync state still says "never on the vault" although the vault has it.
    const afterKill = await syncDb(page);
    expect(afterKill.queue).toEqual([second]);
    expect(afterKill.items[second]).toBeNull();
    expect(afterKill.items[first]).toEqual(expect.any(Number));
    expect(await keyring(page)).toEqual([first, second].sort());

    const again = await sendFromPage(page, 'vaultSyncNow', {}, 120_000);
    expect(again.ok).toBe(true);
    const status = await waitForStatus(page, 'the sync to settle after the restart', settled);
    expect(status).toMatchObject({ connected: true, pending: 0, lastError: null });
    const converged = await syncDb(page);
    expect(converged.queue).toEqual([]);
    expect(converged.items[second]).toEqual(expect.any(Number));
    expect(converged.items[first]).toBe(afterKill.items[first]);
    expect(await keyring(page)).toEqual([first, second].sort());
    local = [first, second].sort();
  });

  it('killed mid-pull, one pulled key in the keyring and its sync state not yet: the local keys are intact, the user is told, the next sync completes', async () => {
    expect(local, 'the push case did not finish; this one pulls into its connected keyring').toHaveLength(2);
    await openVault(page);
    const device = await otherDevice(page, account);
    await waitForStatus(page, 'this device to be settled before the pull', settled);
    const before = await rawKeyring(page);
    const stateBefore = await syncDb(page);
    expect(await wholeRecords(before)).toEqual(local);

    // Armed before the other device writes: any pull that meets the first new key stops there
    // (the one "Sync now" starts, or the start-up pull if arming woke a stopped background).
    await armPause(page, 'sync:pull-key-stored');
    const firstPut = await putPublicKey(device, 'Pulled First');
    const { item: pulledSecond } = await putPublicKey(device, 'Pulled Second');
    const pulledFirst = firstPut.item;
    const [r1, r2] = [pulledFirst.fingerprint.toUpperCase(), pulledSecond.fingerprint.toUpperCase()];
    await click(page, tid('vault-sync-now', tid('vault-connected')));
    await waitPaused(page, 'sync:pull-key-stored');
    await h.restartBackground();
    await page.bringToFront();

    // Read as stored, before anything wakes the background: the local keys byte for byte, the
    // first pulled key whole, the second not yet; no revision recorded for the pulled key and
    // the pulled sequence still below it, so the next pull fetches it again.
    const raw = await rawKeyring(page);
    expect(await wholeRecords(raw)).toEqual([...local, r1].sort());
    for (const fpr of local) expect(raw[fpr], fpr).toBe(before[fpr]);
    expect((await openpgp.readKey({ armoredKey: raw[r1]! })).isPrivate()).toBe(false);
    const afterKill = await syncDb(page);
    expect(afterKill.items).not.toHaveProperty(r1);
    expect(afterKill.items).not.toHaveProperty(r2);
    for (const fpr of local) expect(afterKill.items[fpr], fpr).toBe(stateBefore.items[fpr]);
    expect(afterKill.seq).toBeLessThan(pulledFirst.seq);
    expect(afterKill.queue).toEqual([]);

    // The user is told plainly (the page's "Sync now" lost its answer), then "Sync now" completes.
    expect(await errorIn(page, tid('vault-connected'), 60_000)).toEqual({
      code: 'BACKGROUND_RESTARTED',
      text: 'Cachet restarted in the middle of this. Nothing was lost; try again.',
    });
    expect(await syncNowUi(page)).toMatchObject({ state: 'synced', code: null, pending: false });
    const status = await waitForStatus(page, 'the pull to settle after the restart', settled);
    expect(status).toMatchObject({ connected: true, pending: 0, lastError: null });
    expect(await keyring(page)).toEqual([...local, r1, r2].sort());
    const after = await rawKeyring(page);
    for (const fpr of local) expect(after[fpr], fpr).toBe(before[fpr]);
    const converged = await syncDb(page);
    expect(converged.items[r1]).toBe(pulledFirst.revision);
    expect(converged.items[r2]).toBe(pulledSecond.revision);
    for (const fpr of local) expect(converged.items[fpr], fpr).toBe(stateBefore.items[fpr]);
    expect(converged.seq).toBeGreaterThanOrEqual(pulledSecond.seq);
    expect(converged.queue).toEqual([]);
    local = [...local, r1, r2].sort();
    other = device;
    pulled = firstPut;
  });

  it('killed mid-pull after a newer version was merged into a key this device holds: the merged key is whole, the next sync records it', async () => {
    expect(other && pulled, 'the pull case did not finish; this one updates its first pulled key').toBeTruthy();
    const { item: old, secret } = pulled!;
    const fpr = old.fingerprint.toUpperCase();
    await openVault(page);
    await waitForStatus(page, 'this device to be settled before the merge', settled);
    const before = await rawKeyring(page);
    const stateBefore = await syncDb(page);
    expect(stateBefore.items[fpr]).toBe(old.revision);

    // The other device revokes the key: the pull merges the revocation into this device's copy.
    await armPause(page, 'sync:pull-key-stored');
    const { publicKey: revoked } = await openpgp.revokeKey({ key: secret, format: 'armored' });
    const updated = await other!.client.putKey(other!.token, fpr, { publicKey: revoked, privateKey: null }, old.revision);
    await click(page, tid('vault-sync-now', tid('vault-connected')));
    await waitPaused(page, 'sync:pull-key-stored');
    await h.restartBackground();
    await page.bringToFront();

    // The keyring holds the merged (revoked) key whole, the others byte for byte; the sync state
    // still names the old revision, so the next pull merges again rather than trusting a half.
    const raw = await rawKeyring(page);
    expect(await wholeRecords(raw)).toEqual(local);
    for (const f of local.filter((x) => x !== fpr)) expect(raw[f], f).toBe(before[f]);
    expect(raw[fpr]).not.toBe(before[fpr]);
    expect(await (await openpgp.readKey({ armoredKey: raw[fpr]! })).isRevoked()).toBe(true);
    const afterKill = await syncDb(page);
    expect(afterKill.items[fpr]).toBe(old.revision);
    expect(afterKill.seq).toBeLessThan(updated.seq);
    expect(afterKill.queue).toEqual([]);

    expect((await errorIn(page, tid('vault-connected'), 60_000)).code).toBe('BACKGROUND_RESTARTED');
    expect(await syncNowUi(page)).toMatchObject({ state: 'synced', code: null, pending: false });
    await waitForStatus(page, 'the merge to settle after the restart', settled);
    expect(await keyring(page)).toEqual(local);
    expect(await keyOf(page, fpr)).toMatchObject({ revoked: true, hasSecret: false });
    const converged = await syncDb(page);
    expect(converged.items[fpr]).toBe(updated.revision);
    expect(converged.seq).toBeGreaterThanOrEqual(updated.seq);
    // The merge equals the vault's copy: nothing to push back.
    expect(converged.queue).toEqual([]);
    merged = { fpr, revision: updated.revision };
  });

  it("killed mid-pull after another device's deletion removed a key: the others intact, the next sync records the tombstone and never pushes the key back", async () => {
    expect(other && merged, 'the merge case did not finish; this one deletes its key').toBeTruthy();
    const { fpr, revision } = merged!;
    await openVault(page);
    await waitForStatus(page, 'this device to be settled before the deletion', settled);
    const before = await rawKeyring(page);
    expect(await wholeRecords(before)).toEqual(local);
    const stateBefore = await syncDb(page);
    expect(stateBefore.items[fpr]).toBe(revision);

    await armPause(page, 'sync:pull-tombstone-applied');
    const tombstone = await other!.client.deleteKey(other!.token, fpr, revision);
    expect(tombstone.deleted).toBe(true);
    await click(page, tid('vault-sync-now', tid('vault-connected')));
    await waitPaused(page, 'sync:pull-tombstone-applied');
    await h.restartBackground();
    await page.bringToFront();

    // Read as stored: the deleted key is gone, every other record whole and unchanged; the sync
    // state still names the key's old revision and the pulled sequence is below the tombstone.
    const rest = local.filter((x) => x !== fpr);
    const raw = await rawKeyring(page);
    expect(await wholeRecords(raw)).toEqual(rest);
    for (const f of rest) expect(raw[f], f).toBe(before[f]);
    const afterKill = await syncDb(page);
    expect(afterKill.items[fpr]).toBe(revision);
    expect(afterKill.seq).toBeLessThan(tombstone.seq);
    expect(afterKill.queue).toEqual([]);

    expect((await errorIn(page, tid('vault-connected'), 60_000)).code).toBe('BACKGROUND_RESTARTED');
    expect(await syncNowUi(page)).toMatchObject({ state: 'synced', code: null, pending: false });
    const status = await waitForStatus(page, 'the deletion to settle after the restart', settled);
    expect(status).toMatchObject({ connected: true, pending: 0, lastError: null });
    expect(await keyring(page)).toEqual(rest);
    const converged = await syncDb(page);
    expect(converged.items[fpr]).toBe(tombstone.revision);
    expect(converged.seq).toBeGreaterThanOrEqual(tombstone.seq);
    expect(converged.queue).toEqual([]);
    // Not resurrected: the vault still holds the tombstone, at the same revision.
    expect(await other!.client.getKey(other!.token, fpr)).toMatchObject({ deleted: true, revision: tombstone.revision });
    local = rest;
  });
});
