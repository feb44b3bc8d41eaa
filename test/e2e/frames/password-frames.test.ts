/**
 * Password-protected mail in real browsers (issue 6 §3), on loopback pages with the generic
 * adapter of the test build:
 * - compose: a recipient without a key → "Protect with a password" in our frame → the page's
 *   textarea gets the plain notice + armor, which `gpg --decrypt` opens with the password shown
 *   in the frame; the page never sees the typed text or the password;
 * - read: a `gpg --symmetric --armor` message → our frame asks for the password; a wrong one
 *   is a clear error in the frame, the right one shows the plaintext there only.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Frame } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_KINDS, type ExtensionHarness, launch, ourFrame, ProbeFailure, sendFromPage, until } from '../harness';
import { GpgHome } from '../support/gpg';

const PASS = 'orbit-lantern-velvet-42-quartz';
const SECRET = 'Password test secret: the lynx crosses at midnight.';
const READ_SECRET = 'Symmetric from gpg: the owl counts to seven.';
const READ_PASSWORD = 'tulip-harbor-9-granite';

const COMPOSE_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>compose</title></head><body>
<h1>New mail</h1><textarea id="body" rows="8" cols="60"></textarea>
<script>
  window.seen = [];
  addEventListener('message', (e) => seen.push('message:' + JSON.stringify(e.data)));
  document.getElementById('body').addEventListener('input', (e) => seen.push('input:' + e.target.value));
</script></body></html>`;

function readPage(armored: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>mail</title></head><body><h1>Inbox</h1><div id="mail"><pre>${armored}</pre></div></body></html>`;
}

/** A DOM click: our frames resize themselves, so coordinates measured a moment earlier can miss. */
async function click(frame: Frame, testid: string): Promise<void> {
  const el = await frame.waitForSelector(`[data-testid="${testid}"]`, { timeout: 60_000 });
  await el!.evaluate((b) => (b as HTMLElement).click());
}

describe.each(BROWSER_KINDS)('password-protected mail in %s', (kind) => {
  let h: ExtensionHarness;
  let gpg: GpgHome;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    gpg = GpgHome.create();
    h = await launch(kind, { backgroundIdleMs: 30_000 });
    const options = await h.openExtensionPage('options.html');
    const gen = await sendFromPage(options, 'generateKey', { name: 'Alice', emails: ['alice@example.org'], passphrase: PASS, profile: 'ecc', expiresInDays: null });
    if (!gen.ok) throw new Error(`generateKey: ${gen.error.code}`);
    const symmetric = await gpg.gpgOk(['--symmetric', '--armor'], { input: READ_SECRET, passphrase: READ_PASSWORD });
    const routes: Record<string, string> = { '/compose': COMPOSE_PAGE, '/read': readPage(symmetric.stdout) };
    server = createServer((req, res) => {
      const body = routes[req.url ?? ''];
      res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(body ?? 'nope');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 180_000);

  afterAll(async () => {
    await h?.close();
    server?.close();
    await gpg?.close();
  });

  it('compose: a keyless recipient → protect with a generated password → notice + armor that gpg opens', async () => {
    const tab = await h.browser.newPage();
    await tab.goto(`${url}/compose`);
    await tab.focus('#body');
    const button = await tab.waitForSelector('[data-cachet="button"]', { timeout: 30_000 });
    await button!.click();
    const frame = await ourFrame(tab, 'compose');
    const to = await frame.waitForSelector('[data-testid="recipient-input-to"]', { timeout: 30_000 });
    await to!.type('carol@nokey.example');
    await tab.keyboard.press('Enter');
    await frame.waitForSelector('[data-testid="recipient"][data-address="carol@nokey.example"][data-problem="missing"]', { timeout: 30_000 });
    // Sign only: no password offer, and the frame says it falls back to a cleartext signature.
    await frame.select('[data-testid="compose-mode"]', 'sign');
    await frame.waitForSelector('[data-testid="sign-cleartext-note"]', { timeout: 30_000 });
    expect(await frame.$('[data-testid="password-offer"]')).toBeNull();
    await frame.select('[data-testid="compose-mode"]', 'encrypt');
    await frame.waitForSelector('[data-testid="password-offer"]', { timeout: 30_000 });
    expect(await frame.$('[data-testid="sign-cleartext-note"]')).toBeNull();
    await (await frame.$('[data-testid="compose-text"]'))!.type(SECRET);
    await click(frame, 'password-protect');
    // A chosen password gets the strength meter; a weak one cannot be used.
    await click(frame, 'password-toggle-own');
    const own = await frame.waitForSelector('[data-testid="password-own"]', { timeout: 30_000 });
    await own!.type('summer2024');
    await frame.waitForSelector('[data-testid="password-strength"][data-acceptable="false"]', { timeout: 30_000 });
    expect(await frame.$eval('[data-testid="password-submit"]', (b) => (b as HTMLButtonElement).disabled)).toBe(true);
    await click(frame, 'password-toggle-own');
    const shown = await frame.waitForSelector('[data-testid="password-generated"]', { timeout: 30_000 });
    const password = await shown!.evaluate((el) => (el as HTMLInputElement).value);
    expect(password).toMatch(/^[2-9a-z]{4}(-[2-9a-z]{4}){5}$/);
    await click(frame, 'password-submit');
    const body = await until(
      async () => {
        const v = await tab.$eval('#body', (el) => (el as HTMLTextAreaElement).value);
        if (v.includes('-----END PGP MESSAGE-----')) return v;
        const error = frame.detached ? null : await frame.$eval('[data-testid="error"]', (el) => el.textContent).catch(() => null);
        if (error) throw new ProbeFailure(`the secure editor shows: ${error}`);
        return undefined;
      },
      120_000,
      'the password-protected message in the page textarea',
    );
    // The plain explanation comes first, then the armor.
    expect(body.indexOf('gpg --decrypt')).toBeGreaterThanOrEqual(0);
    expect(body.indexOf('gpg --decrypt')).toBeLessThan(body.indexOf('-----BEGIN PGP MESSAGE-----'));
    const armored = body.slice(body.indexOf('-----BEGIN PGP MESSAGE-----'));
    const opened = await gpg.gpg(['--decrypt'], { input: armored, passphrase: password });
    expect(opened.code).toBe(0);
    expect(opened.stdout.replace(/\r\n/g, '\n')).toBe(SECRET);
    // Neither the typed text nor the password ever reached the page.
    const seen = await tab.evaluate(() => JSON.stringify((window as unknown as { seen: string[] }).seen));
    const dom = await tab.evaluate(() => document.documentElement.outerHTML);
    for (const leak of ['lynx crosses', password]) {
      expect(seen).not.toContain(leak);
      expect(dom).not.toContain(leak);
    }
    await tab.close();
  }, 240_000);

  it('read: a gpg --symmetric message asks the password in our frame; wrong → error, right → plaintext there only', async () => {
    const tab = await h.browser.newPage();
    await tab.goto(`${url}/read`);
    const frame = await ourFrame(tab, 'read');
    const input = await frame.waitForSelector('[data-testid="password-input"]', { timeout: 60_000 });
    // Only a password opens it: no Decrypt-with-key button.
    expect(await frame.$('[data-testid="decrypt"]')).toBeNull();
    await input!.type('tulip-harbor-9-granitE');
    await click(frame, 'password-open');
    const error = await frame.waitForSelector('[data-testid="error"][data-code="WRONG_PASSWORD"]', { timeout: 60_000 });
    expect((await error!.evaluate((el) => el.textContent)) ?? '').not.toBe('');
    await input!.evaluate((el) => {
      (el as HTMLInputElement).select();
    });
    await input!.type(READ_PASSWORD);
    await click(frame, 'password-open');
    const text = await frame.waitForSelector('[data-testid="read-text"]', { timeout: 60_000 });
    expect((await text!.evaluate((el) => el.textContent))?.replace(/\r\n/g, '\n')).toBe(READ_SECRET);
    expect(await tab.evaluate(() => document.documentElement.outerHTML)).not.toContain('owl counts');
    await tab.close();
  }, 180_000);
});
