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
import * as openpgp from 'openpgp';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { armPause, BROWSER_KINDS, launch, sendFromPage, waitPaused, type ExtensionHarness } from '../harness';
import { VaultProcess } from '../vault/vault-process';
import { connect, neverCache, settled, waitForStatus, type VaultAccount } from '../vault/vault-ui';

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
          const tx = db.transaction(['items', 'queue'], 'readonly');
          const items = tx.objectStore('items').getAll();
          const queue = tx.objectStore('queue').getAllKeys();
          tx.oncomplete = () => {
            db.close();
            const byFpr: Record<string, number | null> = {};
            for (const i of items.result as Array<{ fingerprint: string; revision: number | null }>) byFpr[i.fingerprint] = i.revision;
            resolve({ items: byFpr, queue: (queue.result as string[]).sort() });
          };
          tx.onerror = () => reject(new Error(String(tx.error)));
        };
      }),
  );
}

describe.each(BROWSER_KINDS)('background killed mid-sync in %s', (kind) => {
  let vault: VaultProcess;
  let h: ExtensionHarness;
  let page: Page;
  let account: VaultAccount;

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
  });
});
