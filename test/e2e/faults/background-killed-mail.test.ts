// The background killed while our frames wait for it (issue 7 §3): a decrypt in the viewer
// frame and an encrypt in the secure editor, each large enough (about 2.5 MB of text after an
// Argon2 unlock) that Firefox's event page, with a 12 s idle timeout (an Argon2 unlock takes up to ~6 s here, more under load), is suspended while the
// frame still waits for the reply. Either the operation completed (the kill came after) or the
// frame shows the clear BACKGROUND_RESTARTED message, never a bare INTERNAL; the page never
// holds plaintext or a partial armored block; the keyring is intact and the same operation
// completes after the restart.
// Whether the suspension lands mid-operation depends on the machine's load: the log line
// "[faults] firefox: mid-… kill → restarted, plaintext" says it did, "→ plaintext" that the
// operation finished first (both are checked; only the first exercises the error path).
//
// Firefox only: in Chromium, CDP's ServiceWorker.stopAllWorkers leaves the worker running while
// a tab holds one of our frames (see test/e2e/frames/compose-frame.test.ts), so the harness
// cannot kill it mid-operation here; Chromium's kill paths are covered by background-killed
// (import) and background-killed-sync, from extension pages.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as openpgp from 'openpgp';
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, sendFromPage, until, type ExtensionHarness } from '../harness';

const PASS = 'orbit-lantern-velvet-42-quartz';
const MARK = 'kestrel-over-the-weir';
// ~2.5 MB: long enough to straddle the idle timeout, small enough for a page and a message.
const BIG = `${MARK}\n${'The kestrel hovers over the weir at dusk. '.repeat(60_000)}`;
const RESTARTED = 'Cachet restarted in the middle of this. Nothing was lost; try again.';

const COMPOSE_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>compose</title></head><body>
<textarea id="body" rows="8" cols="60"></textarea>
<script>
  window.seen = [];
  document.getElementById('body').addEventListener('input', (e) => seen.push(e.target.value));
</script></body></html>`;

const readPage = (armored: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>mail</title></head><body><div id="mail"><pre>${armored}</pre></div></body></html>`;

async function ourFrame(p: Page, name: 'read' | 'compose'): Promise<Frame> {
  const re = new RegExp(`^(?:chrome|moz)-extension://[^/]+/${name}\\.html#`);
  return until(
    async () => {
      for (const f of p.frames()) {
        const href = await f.evaluate(() => location.href).catch(() => '');
        if (re.test(href)) return f;
      }
      return undefined;
    },
    30_000,
    `the ${name} frame`,
  );
}

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

describe('background killed mid-encrypt and mid-decrypt in our frames (firefox)', () => {
  let h: ExtensionHarness;
  let server: Server;
  let base: string;
  let options: Page;
  let bobPrivate: openpgp.PrivateKey;
  let before: string[];

  beforeAll(async () => {
    h = await launch('firefox', { backgroundIdleMs: 12_000 });
    options = await h.openExtensionPage('options.html');
    // On a loaded machine even the setup's Argon2 can outlast the idle timeout: the key is
    // stored all or nothing, so a generation the suspension cut short is simply asked again.
    const generate = () =>
      sendFromPage(options, 'generateKey', { name: 'Alice', emails: ['alice@example.org'], passphrase: PASS, profile: 'ecc', expiresInDays: null }, 120_000).catch(
        (e: unknown) => {
          if (!/Receiving end does not exist|message port closed|message channel closed/i.test(String(e))) throw e;
          return null;
        },
      );
    let gen = await generate();
    for (let tries = 1; gen === null && tries < 3; tries++) gen = await generate();
    if (!gen?.ok) throw new Error(`generateKey: ${gen ? gen.error.code : 'the background died three times'}`);
    const exported = await sendFromPage(options, 'exportKey', { fingerprint: gen.value.key.fingerprint, kind: 'public', passphrase: null });
    if (!exported.ok) throw new Error('exportKey');
    const alice = await openpgp.readKey({ armoredKey: exported.value.armored });
    const bob = await openpgp.generateKey({ userIDs: [{ name: 'Bob', email: 'bob@example.org' }], format: 'object' });
    bobPrivate = bob.privateKey;
    const imported = await sendFromPage(options, 'commitImport', { text: bob.publicKey.armor(), encoding: 'armored', passphrases: {}, newPassphrases: {} });
    if (!imported.ok) throw new Error(`commitImport: ${imported.error.code}`);
    before = await keyring(options);
    const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text: BIG }), encryptionKeys: alice });
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

  it('decrypt: plaintext in the frame or a clear restart message; never in the page; works after restart', async () => {
    const outcomes: string[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const tab = await h.browser.newPage();
      await tab.goto(`${base}/read`);
      const frame = await ourFrame(tab, 'read');
      await (await frame.waitForSelector('[data-testid="decrypt"]', { timeout: 30_000 }))!.click();
      await answerPassphrase(frame, '[data-testid="read-text"], [data-testid="error"]');
      // The first attempt: let the idle timeout suspend the event page while the frame waits.
      if (attempt === 0) await h.restartBackground();
      const shown = await frame.waitForSelector('[data-testid="read-text"], [data-testid="error"]', { timeout: 120_000 });
      const isText = await shown!.evaluate((el) => el.matches('[data-testid="read-text"]'));
      if (isText) {
        // Compared by content, not by toBe: a 2.5 MB diff is unreadable (whitespace may be normalised).
        const shownText = (await shown!.evaluate((el) => el.textContent ?? '')).replace(/\s+/g, ' ').trim();
        expect(shownText === BIG.replace(/\s+/g, ' ').trim(), 'the whole plaintext is shown').toBe(true);
      } else {
        expect(await shown!.evaluate((el) => el.getAttribute('data-code'))).toBe('BACKGROUND_RESTARTED');
        expect(await shown!.evaluate((el) => el.textContent)).toContain(RESTARTED);
      }
      outcomes.push(isText ? 'plaintext' : 'restarted');
      expect(await tab.evaluate(() => document.documentElement.outerHTML)).not.toContain(MARK);
      await tab.close();
      if (isText) break;
    }
    expect(outcomes.at(-1)).toBe('plaintext'); // after the restart the same decrypt works
    expect(await keyring(options)).toEqual(before);
    console.info(`[faults] firefox: mid-decrypt kill → ${outcomes.join(', ')}`);
  });

  it('encrypt: ciphertext whole or a clear restart message; no partial output in the page; works after restart', async () => {
    const outcomes: string[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const tab = await h.browser.newPage();
      await tab.goto(`${base}/compose`);
      await tab.focus('#body');
      await (await tab.waitForSelector('[data-cachet="button"]', { timeout: 30_000 }))!.click();
      const frame = await ourFrame(tab, 'compose');
      const to = await frame.waitForSelector('[data-testid="recipient-input-to"]', { timeout: 30_000 });
      await to!.type('bob@example.org');
      await tab.keyboard.press('Enter');
      await frame.waitForSelector('[data-testid="recipient"][data-address="bob@example.org"].chip-ok', { timeout: 30_000 });
      // 2.5 MB is too much to type: set it as the user's paste would, then one input event.
      await (await frame.$('[data-testid="compose-text"]'))!.evaluate((el, text) => {
        const t = el as HTMLTextAreaElement;
        t.value = text;
        t.dispatchEvent(new Event('input', { bubbles: true }));
      }, BIG);
      await (await frame.$('[data-testid="compose-submit"]'))!.evaluate((b) => (b as HTMLButtonElement).click());
      await answerPassphrase(frame, '[data-testid="error"]');
      if (attempt === 0) await h.restartBackground();
      const result = await until(
        async () => {
          const v = await tab.$eval('#body', (el) => (el as HTMLTextAreaElement).value);
          if (v !== '') return { kind: 'armored' as const, value: v };
          if (frame.detached) return undefined;
          const err = await frame.$('[data-testid="error"]').catch(() => null);
          if (!err) return undefined;
          return { kind: 'error' as const, code: await err.evaluate((el) => el.getAttribute('data-code')), text: await err.evaluate((el) => el.textContent ?? '') };
        },
        120_000,
        'the ciphertext in the page or an error in the frame',
      );
      // The page sees nothing until a whole armored message lands, and never the plaintext.
      const seen = await tab.evaluate(() => (window as unknown as { seen: string[] }).seen);
      expect(seen.join('\n')).not.toContain(MARK);
      if (result.kind === 'armored') {
        expect(result.value.startsWith('-----BEGIN PGP MESSAGE-----')).toBe(true);
        const r = await openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: result.value }), decryptionKeys: bobPrivate });
        expect(r.data === BIG, 'the ciphertext holds the whole text').toBe(true);
        outcomes.push('ciphertext');
      } else {
        expect(result.code).toBe('BACKGROUND_RESTARTED');
        expect(result.text).toContain(RESTARTED);
        expect(await tab.$eval('#body', (el) => (el as HTMLTextAreaElement).value)).toBe('');
        outcomes.push('restarted');
      }
      await tab.close();
      if (result.kind === 'armored') break;
    }
    expect(outcomes.at(-1)).toBe('ciphertext');
    expect(await keyring(options)).toEqual(before);
    console.info(`[faults] firefox: mid-encrypt kill → ${outcomes.join(', ')}`);
  });
});
