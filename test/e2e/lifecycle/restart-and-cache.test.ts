// The keyring and the passphrase cache across a forced background restart (Chromium service
// worker stopped over CDP; Firefox event page suspended by its idle timeout), then the cache
// rules: "never cache" asks every time, "Lock now" in the popup forgets unlocked keys.
// Issue #2 §5 and §7. The unlocked key is cached by any operation given the passphrase
// (background/handlers/common.ts withUnlocked → PassphraseCache.put, storage.session).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { BROWSER_KINDS, launch, type ExtensionHarness } from '../harness';
import { capturedDownload, hookDownloads } from '../support/downloads';
import { generateKey, openKey, readKeyList } from '../support/keys';
import { answerPassphraseDialog, choose, click, route, tid, UI_WAIT_MS, visible } from '../support/ui';

const PASSPHRASE = 'granite pelican sonnet 27 breeze';

describe.each(BROWSER_KINDS)('keyring and passphrase cache across a background restart in %s', (kind) => {
  let h: ExtensionHarness;
  let page: Page;
  let fpr = '';
  let downloads = 0;

  /**
   * Asks for a revocation certificate (it needs the unlocked key) and tells what happened
   * first: the certificate was offered (key was cached) or the passphrase dialog opened.
   */
  async function makeRevocationCertificate(): Promise<'offered' | 'asked'> {
    await openKey(page, fpr);
    await hookDownloads(page);
    await click(page, tid('key-action-revocation-certificate'));
    const handle = await page.waitForFunction(
      (i, dialogSel) => {
        const dialog = document.querySelector(dialogSel) as HTMLDialogElement | null;
        if (dialog?.open) return 'asked';
        const seen = (window as unknown as { __cachetDownloads?: unknown[] }).__cachetDownloads ?? [];
        return seen.length > i ? 'offered' : false;
      },
      { timeout: UI_WAIT_MS },
      downloads,
      tid('passphrase-dialog'),
    );
    const outcome = (await handle.jsonValue()) as 'offered' | 'asked';
    if (outcome === 'offered') await expectCertificate();
    return outcome;
  }

  async function expectCertificate(): Promise<void> {
    const d = await capturedDownload(page, downloads++);
    expect(d.fileName).toBe(`${fpr}.rev`);
    expect(d.text).toContain('-----BEGIN PGP PUBLIC KEY BLOCK-----');
  }

  async function answerAndGetCertificate(): Promise<void> {
    await answerPassphraseDialog(page, PASSPHRASE);
    await expectCertificate();
  }

  async function setCacheMinutes(minutes: string): Promise<void> {
    await route(page, '#/settings', tid('settings-save'));
    await page.waitForFunction((sel) => !(document.querySelector(sel) as HTMLSelectElement).disabled, {}, tid('settings-cache-minutes'));
    await choose(page, tid('settings-cache-minutes'), minutes);
    await click(page, tid('settings-save'));
    await visible(page, tid('settings-saved'));
  }

  async function unlockedCount(p: Page): Promise<number> {
    await visible(p, tid('lock-status'));
    return Number(await p.$eval(tid('lock-status'), (el) => el.getAttribute('data-unlocked')));
  }

  beforeAll(async () => {
    // Firefox: restartBackground() waits for the event page to be suspended by its idle
    // timeout, so keep it short — but above the ~4 s an ECC generation with Argon2 can take
    // here, since Firefox suspends the page even while it owes a reply (harness README).
    h = await launch(kind, { backgroundIdleMs: 10_000 });
    page = await h.openExtensionPage('options.html');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('caches the unlocked key for 10 minutes once the passphrase was typed', async () => {
    await setCacheMinutes('10');
    fpr = await generateKey(page, { name: 'Rita Restart', email: 'rita@example.org', passphrase: PASSPHRASE });
    expect(await makeRevocationCertificate()).toBe('asked');
    await answerAndGetCertificate();
    await route(page, '#/settings', tid('lock-status'));
    expect(await unlockedCount(page)).toBe(1);
  });

  it('after the background restarts: same keyring, and the cached key works without asking', async () => {
    const before = await readKeyList(page);
    expect(before.map((k) => k.fingerprint)).toEqual([fpr]);
    await h.restartBackground();
    // Chromium's restart opens harness.html in front; puppeteer's visibility waits run on
    // requestAnimationFrame, which a background tab never gets.
    await page.bringToFront();
    expect(await readKeyList(page)).toEqual(before);
    await route(page, '#/settings', tid('lock-status'));
    expect(await unlockedCount(page)).toBe(1);
    expect(await makeRevocationCertificate()).toBe('offered');
  });

  it('"never cache" locks now and asks the passphrase for every operation', async () => {
    await setCacheMinutes('0');
    await route(page, '#/settings', tid('lock-status'));
    expect(await unlockedCount(page)).toBe(0);
    expect(await makeRevocationCertificate()).toBe('asked');
    await answerAndGetCertificate();
    expect(await makeRevocationCertificate()).toBe('asked');
    await answerAndGetCertificate();
  });

  it('"Lock now" in the popup forgets the cached key', async () => {
    await setCacheMinutes('10');
    expect(await makeRevocationCertificate()).toBe('asked');
    await answerAndGetCertificate();
    expect(await makeRevocationCertificate()).toBe('offered');

    const popup = await h.openExtensionPage('popup.html');
    try {
      expect(await unlockedCount(popup)).toBe(1);
      await click(popup, tid('lock-now'));
      await popup.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-unlocked') === '0', { timeout: UI_WAIT_MS }, tid('lock-status'));
    } finally {
      await popup.close();
      await page.bringToFront();
    }
    expect(await makeRevocationCertificate()).toBe('asked');
    await click(page, tid('passphrase-dialog-cancel'));
    await page.waitForFunction((sel) => !(document.querySelector(sel) as HTMLDialogElement).open, { timeout: UI_WAIT_MS }, tid('passphrase-dialog'));
  });

  it('the settings page shows the keys locked right after saving "never cache"', async () => {
    await setCacheMinutes('10');
    expect(await makeRevocationCertificate()).toBe('asked');
    await answerAndGetCertificate();
    await route(page, '#/settings', tid('lock-status'));
    expect(await unlockedCount(page)).toBe(1);
    // Same page, no navigation: saving 0 locks every key (setSettings → applySettings), and
    // the lock summary next to the form must say so rather than keep the old count.
    await choose(page, tid('settings-cache-minutes'), '0');
    await click(page, tid('settings-save'));
    await visible(page, tid('settings-saved'));
    expect(await unlockedCount(page)).toBe(0);
  });
});
