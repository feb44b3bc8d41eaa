/**
 * Gmail, Outlook and Yahoo adapters in real browsers (issue 8 §3), against their fixtures
 * served on loopback (fixture-server.ts) with the test build's loopback content script:
 * - compose: Cachet's button in the webmail's compose view, the secure editor, and the armor
 *   written into the contenteditable one `<div>` per line; read back through the adapter's
 *   own read-back (bundled from src/content/site and run on the page's editor), it is the
 *   armor exactly as produced (re-armoring the same packets with OpenPGP.js gives the same
 *   bytes) and bob decrypts it;
 * - read: the viewer frame replaces the body and decrypts; a thread mounts one frame (the
 *   opened message only); a body re-rendered by the page gets the same frame back once;
 *   Gmail's clipped message is decrypted from its "View entire message" page;
 * - a broken page (a redesign) falls back to basic mode and the popup says so.
 */
import { resolve } from 'node:path';
import { build } from 'esbuild';
import * as openpgp from 'openpgp';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_KINDS, type ExtensionHarness, launch, ourFrame, sendFromPage, until } from '../harness';
import { serveFixtures, type FixtureServer } from './fixture-server';

const PASS = 'quartz-meadow-lantern-77-orbit';
const SECRET = 'Adapter test secret: the lynx crosses at noon.';
const EDITOR: Record<string, string> = {
  gmail: 'div.Am.Al.editable[contenteditable="true"]',
  outlook: 'div[role="textbox"][contenteditable="true"][aria-multiline="true"]',
  yahoo: '#editor-container > div[contenteditable="true"]',
};
const BODY: Record<string, string> = { gmail: 'div.a3s', outlook: 'div[role="document"]', yahoo: 'div.msg-body' };

/** The adapter's read-back (src/content/site/compose.ts), bundled to run in the page on its editor. */
async function readBackScript(): Promise<string> {
  const out = await build({
    stdin: {
      contents: `import { readEditorText } from './src/content/site/compose';
        (globalThis as any).__cachetReadBack = (sel: string) => readEditorText(document.querySelector(sel)!);`,
      resolveDir: resolve(__dirname, '../../..'),
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    write: false,
    platform: 'browser',
  });
  return out.outputFiles[0]!.text;
}

/** CRC-24 of RFC 9580 §6.1. */
function crc24(bytes: Uint8Array): number {
  let crc = 0xb704ce;
  for (const b of bytes) {
    crc ^= b << 16;
    for (let i = 0; i < 8; i++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
  }
  return crc & 0xffffff;
}

/** The armor OpenPGP.js writes for the bytes inside `text` (headers kept, checksum recomputed). */
function canonicalArmor(text: string): string {
  const lines = text.replace(/\n$/, '').split('\n');
  const blank = lines.indexOf('');
  const crcAt = lines.findIndex((l) => /^=[A-Za-z0-9+/]{4}$/.test(l));
  const end = lines.length - 1;
  const body = lines.slice(blank + 1, crcAt === -1 ? end : crcAt).join('');
  const bytes = Buffer.from(body, 'base64');
  const wrapped = bytes.toString('base64').match(/.{1,60}/g) ?? [];
  const crc = Buffer.from([crc24(bytes) >> 16, (crc24(bytes) >> 8) & 0xff, crc24(bytes) & 0xff]).toString('base64');
  return [...lines.slice(0, blank + 1), ...wrapped, ...(crcAt === -1 ? [] : [`=${crc}`]), lines[end]!, ''].join('\n');
}

const frameCount = (p: Page): Promise<number> => p.evaluate(() => document.querySelectorAll('iframe[data-cachet="frame"]').length);

describe.each(BROWSER_KINDS)('webmail adapters in %s', (kind) => {
  let h: ExtensionHarness;
  let site: FixtureServer;
  let bob: openpgp.PrivateKey;
  let toAlice = '';
  let readBack = '';

  beforeAll(async () => {
    h = await launch(kind, { backgroundIdleMs: 30_000 });
    const options = await h.openExtensionPage('options.html');
    const gen = await sendFromPage(options, 'generateKey', {
      name: 'Alice',
      emails: ['alice@example.test', 'alice.work@example.test'],
      passphrase: PASS,
      profile: 'ecc',
      expiresInDays: null,
    });
    if (!gen.ok) throw new Error(`generateKey: ${gen.error.code}`);
    const exported = await sendFromPage(options, 'exportKey', { fingerprint: gen.value.key.fingerprint, kind: 'public', passphrase: null });
    if (!exported.ok) throw new Error('exportKey');
    const bobKey = await openpgp.generateKey({ userIDs: [{ name: 'Bob', email: 'bob@example.test' }], format: 'object' });
    bob = bobKey.privateKey;
    const imported = await sendFromPage(options, 'commitImport', { text: bobKey.publicKey.armor(), encoding: 'armored', passphrases: {}, newPassphrases: {} });
    if (!imported.ok) throw new Error(`commitImport: ${imported.error.code}`);
    const alice = await openpgp.readKey({ armoredKey: exported.value.armored });
    toAlice = await openpgp.encrypt({ message: await openpgp.createMessage({ text: SECRET }), encryptionKeys: alice });
    site = await serveFixtures(() => toAlice);
    readBack = await readBackScript();
  }, 180_000);

  afterAll(async () => {
    await h?.close();
    site?.close();
  });

  it.each(['gmail', 'outlook', 'yahoo'])('%s compose: the armor lands in the editor as <div> lines and reads back exactly', async (adapter) => {
    const tab = await h.browser.newPage();
    await tab.goto(site.url(adapter, 'compose-popout.html'));
    const button = await tab.waitForSelector('[data-cachet="button"]', { timeout: 30_000 });
    await button!.click();
    const frame = await ourFrame(tab, 'compose');
    await frame.waitForSelector('[data-testid="recipient"][data-address="bob@example.test"].chip-ok', { timeout: 30_000 });
    await (await frame.waitForSelector('[data-testid="compose-text"]'))!.type(SECRET);
    await (await frame.$('[data-testid="compose-submit"]'))!.evaluate((b) => (b as HTMLButtonElement).click());
    // The first compose asks the passphrase; later ones use the cached key.
    const ask = await Promise.race([
      frame.waitForSelector('[data-testid="passphrase-dialog-input"]', { timeout: 60_000 }).then(() => true),
      until(async () => (frame.detached ? true : undefined), 60_000, 'the frame to close').then(() => false),
    ]).catch(() => false);
    if (ask && !frame.detached) {
      await (await frame.$('[data-testid="passphrase-dialog-input"]'))!.type(PASS);
      await (await frame.$('[data-testid="passphrase-dialog-ok"]'))!.evaluate((b) => (b as HTMLButtonElement).click());
    }
    const editor = EDITOR[adapter]!;
    await tab.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('-----END PGP MESSAGE-----'), { timeout: 90_000 }, editor);
    await tab.evaluate(readBack);
    const text = await tab.evaluate((sel) => (globalThis as unknown as { __cachetReadBack(s: string): string }).__cachetReadBack(sel), editor);
    // One <div> per armor line, nothing else in the editor.
    const lines = await tab.$eval(editor, (el) => [...el.children].map((c) => c.tagName));
    expect(lines).toEqual(text.replace(/\n$/, '').split('\n').map(() => 'DIV'));
    // Exactly as produced: the text is the canonical armor of its own bytes as OpenPGP.js writes it
    // (60-character base64 lines, RFC 9580 §6.2 allows up to 76; the CRC-24), so no character was lost or added.
    expect(canonicalArmor(text)).toBe(text);
    const message = await openpgp.readMessage({ armoredMessage: text });
    const r = await openpgp.decrypt({ message, decryptionKeys: bob });
    expect(r.data).toBe(SECRET);
    expect(await tab.evaluate(() => document.documentElement.outerHTML)).not.toContain('lynx');
    await tab.close();
  });

  it.each(['gmail', 'outlook', 'yahoo'])('%s read: the viewer frame replaces the body and decrypts', async (adapter) => {
    const tab = await h.browser.newPage();
    await tab.goto(site.url(adapter, 'read-single.html'));
    const frame = await ourFrame(tab, 'read');
    expect(await tab.$eval(BODY[adapter]!, (el) => (el as HTMLElement).style.display)).toBe('none');
    expect(await tab.$eval(BODY[adapter]!, (el) => el.previousElementSibling?.getAttribute('data-cachet'))).toBe('frame');
    await (await frame.waitForSelector('[data-testid="decrypt"]', { timeout: 30_000 }))!.click();
    const text = await frame.waitForSelector('[data-testid="read-text"]', { timeout: 60_000 });
    expect(await text!.evaluate((el) => el.textContent)).toBe(SECRET);
    await tab.close();
  });

  it('a thread mounts one frame (the opened message); a re-rendered body gets the same frame back once', async () => {
    const tab = await h.browser.newPage();
    await tab.goto(site.url('gmail', 'read-thread.html'));
    const frame = await ourFrame(tab, 'read');
    const src = await tab.$eval('iframe[data-cachet="frame"]', (f) => f.getAttribute('src'));
    expect(await frameCount(tab)).toBe(1);
    expect(frame.detached).toBe(false);
    // Gmail re-renders the message body: our frame and the body are replaced by a fresh copy.
    await tab.evaluate(() => {
      const body = document.querySelector('div.a3s')!;
      const fresh = body.cloneNode(true) as HTMLElement;
      fresh.style.removeProperty('display');
      document.querySelector('iframe[data-cachet="frame"]')!.remove();
      body.replaceWith(fresh);
    });
    await tab.waitForFunction(() => document.querySelector('div.a3s')?.previousElementSibling?.getAttribute('data-cachet') === 'frame', { timeout: 30_000 });
    expect(await frameCount(tab)).toBe(1);
    // The same session (no second decryption asked of the background), not a new frame.
    expect(await tab.$eval('iframe[data-cachet="frame"]', (f) => f.getAttribute('src'))).toBe(src);
    await tab.close();
  });

  it('gmail clipped message: the block is read from "View entire message" and decrypts', async () => {
    const tab = await h.browser.newPage();
    await tab.goto(site.url('gmail', 'read-clipped.html'));
    const frame = await ourFrame(tab, 'read');
    expect(site.hits.some((u) => u.includes('view=lg'))).toBe(true);
    await (await frame.waitForSelector('[data-testid="decrypt"]', { timeout: 30_000 }))!.click();
    const text = await frame.waitForSelector('[data-testid="read-text"]', { timeout: 60_000 });
    expect(await text!.evaluate((el) => el.textContent)).toBe(SECRET);
    await tab.close();
  });

  it('a Gmail page the adapter no longer recognises falls back to basic mode, and the popup says so', async () => {
    const tab = await h.browser.newPage();
    const url = site.url('gmail', 'compose-new.html', 'broken=1');
    await tab.goto(url);
    // Basic mode: focusing the (renamed) editor brings the button.
    await tab.focus('div.zz-new-editor');
    await tab.waitForSelector('[data-cachet="button"]', { timeout: 30_000 });
    const control = await h.openExtensionPage('options.html');
    const tabId = await until(
      async () =>
        control.evaluate(async (u) => {
          type Tabs = { tabs: { query(q: object): Promise<Array<{ id?: number; url?: string }>> } };
          const g = globalThis as unknown as { browser?: Tabs; chrome?: Tabs };
          const tabs = (await (g.browser ?? g.chrome)?.tabs.query({})) ?? [];
          return tabs.find((t) => t.url === u)?.id;
        }, url),
      30_000,
      'the fixture tab id',
    );
    const popup = await h.openExtensionPage(`popup.html?tab=${tabId}`);
    const note = await popup.waitForSelector('[data-testid="adapter-fallback"]', { timeout: 30_000 });
    expect(await note!.evaluate((el) => el.textContent)).toContain("Cachet doesn't recognise this Gmail page; using basic mode");
    await popup.close();
    await control.close();
    await tab.close();
  });
});
