// The background killed while our frames wait for it (issue 7 §3), deterministically: the test
// build's pause points (src/background/test-hooks.ts) hold the decrypt after the message was
// decrypted and before the plaintext goes back to the viewer frame (`decrypt:before-reply`),
// and the encrypt after the passphrase unlocked the key and the ciphertext exists, before it
// goes back to the secure editor (`encrypt:before-reply`); the harness kills the background
// exactly then. One outcome per case: the frame shows the clear BACKGROUND_RESTARTED message
// (never a spinner left forever, never a bare INTERNAL), the page holds neither plaintext nor a
// partial armored block, the keyring is intact, and the same frame's Retry / Encrypt then
// completes (so its session survived the restart in storage.session).
// Chromium: the worker is stopped over CDP while our frame is open in the tab (see
// harness/README.md for what Chromium does with a busy worker); Firefox: the event page is
// suspended by its idle timeout (12 s here: an Argon2 unlock takes up to ~6 s under load).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as openpgp from 'openpgp';
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { armPause, BROWSER_KINDS, type ExtensionHarness, launch, ourFrame, sendFromPage, until, waitPaused } from '../harness';

const PASS = 'orbit-lantern-velvet-42-quartz';
const MARK = 'kestrel-over-the-weir';
const TEXT = `${MARK}\nThe kestrel hovers over the weir at dusk.`;
const RESTARTED = 'Cachet restarted in the middle of this. Nothing was lost; try again.';

const COMPOSE_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>compose</title></head><body>
<textarea id="body" rows="8" cols="60"></textarea>
<script>
  window.seen = [];
  document.getElementById('body').addEventListener('input', (e) => seen.push(e.target.value));
</script></body></html>`;

const readPage = (armored: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>mail</title></head><body><div id="mail"><pre>${armored}</pre></div></body></html>`;

/** Every key in the keyring exports and parses with its fingerprint; returns the fingerprints. */
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

/** Gives the passphrase in the frame if it asks (the key may still be unlocked in the cache). */
async function answerPassphrase(frame: Frame, done: string): Promise<void> {
  // The secure editor closes itself once the ciphertext is written: a detached frame is "done".
  const asked = await frame.waitForSelector(`[data-testid="passphrase-dialog-input"], ${done}`, { timeout: 60_000 }).catch((e: unknown) => {
    if (frame.detached) return null;
    throw e;
  });
  if (!asked || !(await asked.evaluate((el) => el.matches('[data-testid="passphrase-dialog-input"]')))) return;
  await asked.type(PASS);
  await (await frame.$('[data-testid="passphrase-dialog-ok"]'))!.evaluate((b) => (b as HTMLButtonElement).click());
}

/** The error box the frame shows: its code and text. */
async function shownError(frame: Frame): Promise<{ code: string | null; text: string }> {
  const err = await frame.waitForSelector('[data-testid="error"]', { timeout: 60_000 });
  return { code: await err!.evaluate((el) => el.getAttribute('data-code')), text: await err!.evaluate((el) => el.textContent ?? '') };
}

describe.each(BROWSER_KINDS)('background killed mid-encrypt and mid-decrypt in our frames (%s)', (kind) => {
  let h: ExtensionHarness;
  let server: Server;
  let base: string;
  let options: Page;
  let bobPrivate: openpgp.PrivateKey;
  let before: string[];

  beforeAll(async () => {
    h = await launch(kind, { backgroundIdleMs: 12_000 });
    options = await h.openExtensionPage('options.html');
    const gen = await sendFromPage(options, 'generateKey', { name: 'Alice', emails: ['alice@example.org'], passphrase: PASS, profile: 'ecc', expiresInDays: null }, 120_000);
    if (!gen.ok) throw new Error(`generateKey: ${gen.error.code}`);
    const exported = await sendFromPage(options, 'exportKey', { fingerprint: gen.value.key.fingerprint, kind: 'public', passphrase: null });
    if (!exported.ok) throw new Error('exportKey');
    const alice = await openpgp.readKey({ armoredKey: exported.value.armored });
    const bob = await openpgp.generateKey({ userIDs: [{ name: 'Bob', email: 'bob@example.org' }], format: 'object' });
    bobPrivate = bob.privateKey;
    const imported = await sendFromPage(options, 'commitImport', { text: bob.publicKey.armor(), encoding: 'armored', passphrases: {}, newPassphrases: {} });
    if (!imported.ok) throw new Error(`commitImport: ${imported.error.code}`);
    before = await keyring(options);
    const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text: TEXT }), encryptionKeys: alice });
    const routes: Record<string, string> = { '/read': readPage(armored), '/compose': COMPOSE_PAGE };
    server = createServer((req, res) => {
      const body = routes[req.url ?? ''];
      res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(body ?? 'nope');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 300_000);

  afterAll(async () => {
    await h?.close();
    server?.close();
  });

  it('killed after decrypting, before the plaintext reached the frame: BACKGROUND_RESTARTED, nothing in the page; Retry shows the plaintext', async () => {
    const tab = await h.browser.newPage();
    await tab.goto(`${base}/read`);
    const frame = await ourFrame(tab, 'read');
    await armPause(options, 'decrypt:before-reply');
    await (await frame.waitForSelector('[data-testid="decrypt"]', { timeout: 30_000 }))!.click();
    await answerPassphrase(frame, '[data-testid="read-text"], [data-testid="error"]');
    await waitPaused(options, 'decrypt:before-reply');
    await h.restartBackground();
    // Chromium's first restartBackground opens harness.html in front: waits poll on rAF.
    await tab.bringToFront();

    const err = await shownError(frame);
    console.info(`[faults] ${kind}: frame error ${err.code}: ${err.text}`);
    expect(err.code).toBe('BACKGROUND_RESTARTED');
    expect(err.text).toContain(RESTARTED);
    expect(await frame.$('[data-testid="read-text"]')).toBeNull();
    expect(await tab.evaluate(() => document.documentElement.outerHTML)).not.toContain(MARK);

    // Same frame, same read session (kept in storage.session): Retry decrypts.
    await (await frame.waitForSelector('[data-testid="retry"]'))!.click();
    await answerPassphrase(frame, '[data-testid="read-text"]');
    const shown = await frame.waitForSelector('[data-testid="read-text"]', { timeout: 120_000 });
    expect((await shown!.evaluate((el) => el.textContent ?? '')).replace(/\s+/g, ' ').trim()).toBe(TEXT.replace(/\s+/g, ' ').trim());
    expect(await tab.evaluate(() => document.documentElement.outerHTML)).not.toContain(MARK);
    await tab.close();
    expect(await keyring(options)).toEqual(before);
  });

  it('killed after encrypting, before the ciphertext reached the editor: BACKGROUND_RESTARTED, the page field untouched; Encrypt again writes the whole ciphertext', async () => {
    const tab = await h.browser.newPage();
    await tab.goto(`${base}/compose`);
    await tab.focus('#body');
    await (await tab.waitForSelector('[data-cachet="button"]', { timeout: 30_000 }))!.click();
    const frame = await ourFrame(tab, 'compose');
    const to = await frame.waitForSelector('[data-testid="recipient-input-to"]', { timeout: 30_000 });
    await to!.type('bob@example.org');
    await tab.keyboard.press('Enter');
    await frame.waitForSelector('[data-testid="recipient"][data-address="bob@example.org"].chip-ok', { timeout: 30_000 });
    await (await frame.$('[data-testid="compose-text"]'))!.type(TEXT);
    await armPause(options, 'encrypt:before-reply');
    const submit = async (): Promise<void> => {
      await (await frame.$('[data-testid="compose-submit"]'))!.evaluate((b) => (b as HTMLButtonElement).click());
      await answerPassphrase(frame, '[data-testid="error"]');
    };
    await submit();
    await waitPaused(options, 'encrypt:before-reply');
    await h.restartBackground();
    await tab.bringToFront();

    const err = await shownError(frame);
    console.info(`[faults] ${kind}: frame error ${err.code}: ${err.text}`);
    expect(err.code).toBe('BACKGROUND_RESTARTED');
    expect(err.text).toContain(RESTARTED);
    expect(await tab.$eval('#body', (el) => (el as HTMLTextAreaElement).value)).toBe('');

    // Same editor, same compose session: Encrypt again; the page gets one whole armored message.
    await submit();
    const value = await until(
      async () => {
        const v = await tab.$eval('#body', (el) => (el as HTMLTextAreaElement).value);
        return v === '' ? undefined : v;
      },
      120_000,
      'the ciphertext in the page',
    );
    expect(value.startsWith('-----BEGIN PGP MESSAGE-----')).toBe(true);
    const r = await openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: value }), decryptionKeys: bobPrivate });
    expect(r.data).toBe(TEXT);
    const seen = await tab.evaluate(() => (window as unknown as { seen: string[] }).seen);
    expect(seen.join('\n')).not.toContain(MARK);
    await tab.close();
    expect(await keyring(options)).toEqual(before);
  });
});
