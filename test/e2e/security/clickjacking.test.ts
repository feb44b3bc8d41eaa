/**
 * PI-03 in real browsers: clickjacking of the frame Cachet mounts itself. The page cannot
 * script our frame, but it can restyle it: here it makes our secure editor invisible and
 * draws a decoy ("Claim your prize") where our Sign button is, with `pointer-events: none`
 * so the user's real click lands in our frame. A click there must not release anything: the
 * decisions that hand something to the page or change the keyring are taken in Cachet's own
 * window (confirm.html), which no page can frame, cover or click in. So the hidden click
 * only opens that window; refused there, the page gets nothing — not the text, not a
 * signature. The user's own approval (in the window) then works as usual.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerConfirmWindow, BROWSER_KINDS, type ExtensionHarness, launch, ourFrame, sendFromPage, until } from '../harness';

const PASS = 'decoy-harbour-violet-58-quill';
const SECRET = 'Clickjacking secret: the otter guards the ledger.';

// The hostile page: hides our frame and puts a decoy where the page asks.
const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>compose</title>
<script>
window.__hide = (x, y, w, h) => {
  const frame = document.querySelector('iframe[data-cachet="frame"]');
  frame.style.setProperty('opacity', '0', 'important');
  const decoy = document.createElement('div');
  decoy.id = 'decoy';
  decoy.textContent = 'Claim your prize';
  decoy.style.cssText = 'position:fixed;z-index:2147483647;pointer-events:none;background:gold;left:' + x + 'px;top:' + y + 'px;width:' + w + 'px;height:' + h + 'px';
  document.documentElement.appendChild(decoy);
  return getComputedStyle(frame).opacity;
};
</script></head><body><h1>New mail</h1><textarea id="body" rows="8" cols="60"></textarea></body></html>`;

describe.each(BROWSER_KINDS)('PI-03: clickjacking our own frame (%s)', (kind) => {
  let h: ExtensionHarness;
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(PAGE);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    h = await launch(kind, { backgroundIdleMs: 30_000 });
    const options = await h.openExtensionPage('options.html');
    const gen = await sendFromPage(options, 'generateKey', { name: 'Alice', emails: ['alice@example.org'], passphrase: PASS, profile: 'ecc', expiresInDays: null });
    if (!gen.ok) throw new Error(`generateKey: ${gen.error.code}`);
    await options.close();
  }, 120_000);

  afterAll(async () => {
    await h?.close();
    server?.close();
  });

  it('PI-03: a click on a decoy over our hidden frame releases nothing; the decision is asked in Cachet’s window', async () => {
    const tab = await h.browser.newPage();
    await tab.goto(`${origin}/compose`);
    await tab.focus('#body');
    await (await tab.waitForSelector('[data-cachet="button"]', { timeout: 30_000 }))!.click();
    const frame = await ourFrame(tab, 'compose');
    await frame.waitForSelector('[data-testid="compose-submit"]:not([disabled])', { timeout: 30_000 });
    // The user chose sign-only and typed (the frame was visible then).
    await frame.select('[data-testid="compose-mode"]', 'sign');
    await (await frame.$('[data-testid="compose-text"]'))!.type(SECRET);

    // The page hides our frame and covers the Sign button with its decoy (scrolled into view first:
    // our frame sizes itself to its content, so the page scrolls, not the frame).
    const button = await frame.$eval('[data-testid="compose-submit"]', (el) => {
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, w: r.width, h: r.height };
    });
    const frameBox = await tab.$eval(
      'iframe[data-cachet="frame"]',
      (el, buttonY) => {
        window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY + buttonY - 150);
        const r = el.getBoundingClientRect();
        return { x: r.x, y: r.y };
      },
      button.y,
    );
    const x = frameBox.x + button.x;
    const y = frameBox.y + button.y;
    expect(await tab.evaluate((a, b, c, d) => (window as unknown as { __hide(...n: number[]): string }).__hide(a, b, c, d), x, y, button.w, button.h)).toBe('0');
    // The user's real click on the decoy lands in our (invisible) frame's button.
    // Chromium drops input to a cross-origin frame that moved in the last ~500 ms (its own
    // anti-clickjacking rule; the scroll above moved ours): a patient attacker waits, so do we.
    await new Promise((r) => setTimeout(r, 1000));
    await tab.mouse.click(x + button.w / 2, y + button.h / 2);
    await frame.waitForSelector('[data-testid="compose-in-window"]', { timeout: 30_000 });

    // Nothing reached the page; the window (out of the page's reach) shows what would be released.
    const bodyNow = () => tab.$eval('#body', (el) => (el as HTMLTextAreaElement).value);
    expect(await bodyNow()).toBe('');
    await answerConfirmWindow(h, false, 'signOnly', async (win) => {
      expect(await win.$eval('[data-testid="confirm-preview"]', (e) => e.textContent)).toBe(SECRET);
    });
    await frame.waitForSelector('[data-testid="error"]', { timeout: 30_000 });
    expect(await bodyNow()).toBe('');
    expect(await tab.evaluate(() => document.documentElement.outerHTML)).not.toContain('otter guards');

    // The user's own decision, in the window, still works.
    await tab.evaluate(() => document.querySelector('iframe[data-cachet="frame"]')!.removeAttribute('style'));
    await frame.$eval('[data-testid="compose-submit"]', (b) => (b as HTMLButtonElement).click());
    await answerConfirmWindow(h, true, 'signOnly');
    // The passphrase is asked unless a first attempt of this test left the key unlocked.
    let typed = false;
    const signed = await until(
      async () => {
        const v = await bodyNow();
        if (v.includes('-----END PGP SIGNATURE-----')) return v;
        const input = typed ? null : await frame.$('[data-testid="passphrase-dialog-input"]');
        if (input) {
          typed = true;
          await input.type(PASS);
          await frame.$eval('[data-testid="passphrase-dialog-ok"]', (b) => (b as HTMLButtonElement).click());
        }
        return undefined;
      },
      30_000,
      'the signed text in the page',
    );
    expect(signed).toContain(SECRET);
    await tab.close();
  });
});
