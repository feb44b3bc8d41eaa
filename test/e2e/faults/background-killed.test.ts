// The background killed in the middle of an import (issue 7 §3): Chromium's service worker
// stopped over CDP (ServiceWorker.stopAllWorkers) right after the request went out; Firefox's
// event page suspended by its idle timeout (10 s here: one Argon2 re-protection takes up to
// ~6 s on this loaded machine, twelve of them more than 10 s). The import either completes or the page gets a clear failure; the keyring is all or
// nothing (no key half-written, the keys already there intact and parseable), and the same
// import completes after the restart.
import * as openpgp from 'openpgp';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_KINDS, launch, sendFromPage, type ExtensionHarness } from '../harness';

const NEW_PASS = 'fresh-harbor-silent-63-maple';
/** What runtime.sendMessage rejects with when the background died owing the reply. */
const DIED = /Receiving end does not exist|message port closed|message channel closed|Could not establish connection|before a response/i;

interface Key { armored: string; fpr: string }
let seed: Key;
let batch: Key[];

async function makeKey(email: string, secret: boolean): Promise<Key> {
  const k = await openpgp.generateKey({ type: 'ecc', userIDs: [{ email }], format: 'armored' });
  const fpr = (await openpgp.readKey({ armoredKey: k.publicKey })).getFingerprint().toUpperCase();
  return { armored: secret ? k.privateKey : k.publicKey, fpr };
}

beforeAll(async () => {
  seed = await makeKey('already-there@example.org', false);
  // Unprotected private keys: the import re-protects each with Argon2id (64 MiB): seconds of work.
  batch = await Promise.all(Array.from({ length: 12 }, (_, i) => makeKey(`k${i}@example.org`, true)));
});

function importRequest(keys: Key[]) {
  return {
    text: keys.map((k) => k.armored).join('\n'),
    encoding: 'armored' as const,
    passphrases: {},
    newPassphrases: Object.fromEntries(keys.map((k) => [k.fpr, NEW_PASS])),
  };
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

describe.each(BROWSER_KINDS)('background killed mid-import in %s', (kind) => {
  let h: ExtensionHarness;
  let page: Page;
  beforeAll(async () => {
    h = await launch(kind, { backgroundIdleMs: 10_000 });
    page = await h.openExtensionPage('options.html');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('the import completes or fails clearly; nothing half-written; it completes after the restart', async () => {
    const first = await sendFromPage(page, 'commitImport', importRequest([seed]));
    expect(first.ok).toBe(true);
    expect(await keyring(page)).toEqual([seed.fpr]);

    const pending = sendFromPage(page, 'commitImport', importRequest(batch), 120_000).then(
      (reply) => ({ outcome: 'reply' as const, reply }),
      (e: unknown) => ({ outcome: 'died' as const, message: String(e) }),
    );
    // Chromium: stop the worker now. Firefox: the idle timeout suspends the page on its own.
    if (kind === 'chromium') await h.restartBackground();
    const result = await pending;
    if (result.outcome === 'died') expect(result.message).toMatch(DIED);
    else expect(result.reply).toMatchObject({ ok: true }); // finished before the kill landed

    await page.bringToFront();
    const after = await keyring(page);
    const imported = batch.map((k) => k.fpr).filter((f) => after.includes(f));
    // One transaction at the end of the import: all or none, and the old key intact.
    expect(after).toContain(seed.fpr);
    expect([0, batch.length]).toContain(imported.length);
    if (result.outcome === 'reply') expect(imported).toHaveLength(batch.length);

    // After the restart the same import completes (one key per message in Firefox, so each
    // request stays under the idle timeout).
    const groups = kind === 'firefox' ? batch.map((k) => [k]) : [batch];
    for (const g of groups) {
      const again = await sendFromPage(page, 'commitImport', importRequest(g), 120_000);
      expect(again).toMatchObject({ ok: true });
    }
    expect(await keyring(page)).toEqual([seed.fpr, ...batch.map((k) => k.fpr)].sort());
    console.info(`[faults] ${kind}: mid-import kill → ${result.outcome}${result.outcome === 'died' ? ` (${result.message.slice(0, 80)})` : ''}`);
  });
});
