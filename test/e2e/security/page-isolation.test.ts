/**
 * Page isolation and the security token in real browsers (issue 7, rows PI-02, PI-03, SG-06).
 * A loopback "webmail" page carries an encrypted block and a hostile script: it records every
 * `message` event it gets, forges postMessages to our viewer frame and to itself, frames
 * read.html directly, and tries to read our frames' documents. Nothing it does may decrypt,
 * move our frame, get anything back from the frame, or reveal the user's security token.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as openpgp from 'openpgp';
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_KINDS, launch, sendFromPage, until, type ExtensionHarness } from '../harness';

const PASS = 'isolation-heron-walnut-77-comet';
const SECRET = 'Isolation secret: the puffin keeps the ledger.';

/** The hostile page: records every message event it receives (origin + data) in window.__got. */
function hostilePage(armored: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>mail</title>
<script>
window.__got = [];
window.addEventListener('message', (e) => { window.__got.push({ origin: String(e.origin), data: (() => { try { return JSON.stringify(e.data); } catch { return String(e.data); } })() }); }, true);
</script></head><body><h1>Inbox</h1><div id="mail"><pre>${armored}</pre></div></body></html>`;
}

function serve(routes: Record<string, string>): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const body = routes[req.url ?? ''];
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body ?? 'nope');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

const OURS = /^(?:chrome|moz)-extension:\/\/[^/]+\/read\.html/;

/** A frame of `p` whose own window.name is `name` ('' = the one our content script mounted). */
async function frameNamed(p: Page, name: string, what: string): Promise<Frame> {
  return until(
    async () => {
      for (const f of p.frames()) {
        if (f === p.mainFrame()) continue;
        const info = await f.evaluate(() => ({ href: location.href, name: window.name })).catch(() => null);
        if (info && info.name === name && OURS.test(info.href)) return f;
      }
      return undefined;
    },
    30_000,
    what,
  );
}

describe.each(BROWSER_KINDS)('page isolation and security token in %s', (kind) => {
  let h: ExtensionHarness;
  let site: { server: Server; url: string };
  let options: Page;

  beforeAll(async () => {
    h = await launch(kind, { backgroundIdleMs: 30_000 });
    options = await h.openExtensionPage('options.html');
    const gen = await sendFromPage(options, 'generateKey', { name: 'Alice', emails: ['alice@example.org'], passphrase: PASS, profile: 'ecc', expiresInDays: null });
    if (!gen.ok) throw new Error(`generateKey: ${gen.error.code}`);
    const exported = await sendFromPage(options, 'exportKey', { fingerprint: gen.value.key.fingerprint, kind: 'public', passphrase: null });
    if (!exported.ok) throw new Error('exportKey');
    const alice = await openpgp.readKey({ armoredKey: exported.value.armored });
    const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text: SECRET }), encryptionKeys: alice });
    site = await serve({ '/mail': hostilePage(armored) });
  }, 120_000);

  afterAll(async () => {
    await h?.close();
    site?.server.close();
  });

  it('SG-06: the frame shows the token from options; the page cannot read it', async () => {
    const token = await sendFromPage(options, 'getSecurityToken', {});
    if (!token.ok) throw new Error(`getSecurityToken: ${token.error.code}`);
    const phrase = token.value.words.join(' ');
    // Options → Settings shows the same token.
    await options.evaluate(() => {
      location.hash = '#/settings';
    });
    const shown = await until(
      async () => (await options.$eval('[data-testid="sectoken-section"] [data-testid="security-token"]', (el) => el.getAttribute('data-words')).catch(() => null)) ?? undefined,
      30_000,
      'the token in Settings',
    );
    expect(shown).toBe(phrase);

    const tab = await h.browser.newPage();
    await tab.goto(`${site.url}/mail`);
    const frame = await frameNamed(tab, '', 'our viewer frame');
    const inFrame = await frame.waitForSelector('[data-testid="security-token"]', { timeout: 30_000 });
    expect(await inFrame!.evaluate((el) => el.getAttribute('data-words'))).toBe(phrase);
    expect(await inFrame!.evaluate((el) => el.getAttribute('data-colour'))).toBe(token.value.colour);
    // The page: our frame is cross-origin, its document unreachable, and the token nowhere in the page.
    const probe = await tab.evaluate(() => {
      const f = document.querySelector('iframe');
      let threw = false;
      try {
        void f?.contentWindow?.document.body.textContent;
      } catch {
        threw = true;
      }
      return { found: f !== null, contentDocument: f?.contentDocument ?? null, threw, html: document.documentElement.outerHTML };
    });
    expect(probe.found).toBe(true);
    expect(probe.contentDocument).toBeNull();
    expect(probe.threw).toBe(true);
    for (const w of token.value.words) expect(probe.html).not.toContain(w);
    await tab.close();
  });

  it('PI-02: forged postMessages to our frame and the page decrypt nothing, move nothing, and get no answer', async () => {
    const tab = await h.browser.newPage();
    await tab.goto(`${site.url}/mail`);
    const frame = await frameNamed(tab, '', 'our viewer frame');
    await frame.waitForSelector('[data-testid="decrypt"]', { timeout: 30_000 });
    // Our frame sizes itself to its content (a frameHeight push from the background) a moment
    // after it renders: the height the forged messages must not change is the settled one.
    const height = (): Promise<number> => tab.$eval('iframe', (el) => el.getBoundingClientRect().height);
    const before = await until(
      async () => {
        const first = await height();
        await new Promise((r) => setTimeout(r, 700));
        return (await height()) === first ? first : undefined;
      },
      30_000,
      'our frame to settle at its content height',
    );
    const origin = await frame.evaluate(() => location.origin);
    await tab.evaluate((extOrigin: string) => {
      const f = document.querySelector('iframe')!;
      // PI-03: our iframe's URL no longer carries the session id; the page has only this ('' today).
      const sessionId = new URL(f.src).hash.slice(1);
      const forged: unknown[] = [
        { cachetClaim: { sessionId: '00000000-0000-4000-8000-000000000000', token: 'f'.repeat(32) } },
        { cachet: 1, type: 'decryptReadSession', payload: { sessionId, passphrase: null } },
        { cachet: 1, type: 'decryptReadSession', payload: { sessionId: '00000000-0000-4000-8000-000000000000', passphrase: 'guess' } },
        { cachet: 1, type: 'resizeFrame', payload: { sessionId, height: 4000 } },
        { type: 'resize', sessionId, height: 4000 },
        { type: 'done', sessionId: 'ffffffff-ffff-4fff-bfff-ffffffffffff', plaintext: 'forged' },
        { cachet: 1, type: 'closeSession', payload: { sessionId } },
        { origin: extOrigin, from: 'cachet', type: 'decrypted', text: 'forged' },
        'decrypt',
      ];
      for (const m of forged) {
        f.contentWindow!.postMessage(m, '*');
        window.postMessage(m, '*');
      }
      // Addressed exactly to our frame's origin: delivered, and still ignored.
      try {
        f.contentWindow!.postMessage(forged[0], extOrigin);
      } catch {
        /* an origin the browser will not parse: nothing delivered */
      }
    }, origin);
    // Absence cannot be awaited: give the frame and the background a bounded grace period.
    await new Promise((r) => setTimeout(r, 3000));
    expect(await frame.$('[data-testid="read-text"]')).toBeNull();
    expect(await frame.$eval('main', (el) => el.getAttribute('data-step'))).toBe('ready');
    expect(await tab.$eval('iframe', (el) => el.getBoundingClientRect().height)).toBe(before);
    const got = await tab.evaluate(() => (window as unknown as { __got: { origin: string; data: string }[] }).__got);
    // Only the page's own messages came back to it; nothing from the frame or the extension.
    expect(got.filter((g) => g.origin !== site.url)).toEqual([]);
    expect(got.some((g) => g.data.includes('puffin'))).toBe(false);
    // The frame still works for the user: a real click decrypts, inside the frame only.
    await (await frame.$('[data-testid="decrypt"]'))!.click();
    const input = await frame.waitForSelector('[data-testid="passphrase-dialog-input"]', { timeout: 30_000 }).catch(() => null);
    if (input) {
      await input.type(PASS);
      await (await frame.$('[data-testid="passphrase-dialog-ok"]'))!.click();
    }
    const text = await frame.waitForSelector('[data-testid="read-text"]', { timeout: 60_000 });
    expect(await text!.evaluate((el) => el.textContent)).toBe(SECRET);
    const after = await tab.evaluate(() => ({ html: document.documentElement.outerHTML, got: JSON.stringify((window as unknown as { __got: unknown }).__got) }));
    expect(after.html).not.toContain('puffin');
    expect(after.got).not.toContain('puffin');
    await tab.close();
  });

  it('PI-03: a page framing read.html itself, or the URL it read from our iframe, gets only the error state', async () => {
    const tab = await h.browser.newPage();
    await tab.goto(`${site.url}/mail`);
    await frameNamed(tab, '', 'our viewer frame');
    const base = h.extensionOrigin;
    await tab.evaluate((extBase: string) => {
      const add = (name: string, src: string) => {
        const f = document.createElement('iframe');
        f.name = name;
        f.src = src;
        document.body.append(f);
      };
      add('bare', `${extBase}/read.html`);
      add('forged', `${extBase}/read.html#00000000-0000-4000-8000-000000000000`);
      // Everything the page can learn about our frame is its src: frame a second copy of it
      // (the clickjacking attempt). The session id is not in it (PI-03): the copy owns nothing.
      const ours = document.querySelector('iframe') as HTMLIFrameElement;
      add('copied', ours.src);
      add('copied-id', `${ours.src.replace(/#.*$/, '')}#00000000-0000-4000-8000-000000000000`);
      // And hand the copies a forged claim, as our content script would hand ours a real one.
      for (const n of ['copied', 'copied-id']) {
        const f = document.querySelector(`iframe[name="${n}"]`) as HTMLIFrameElement;
        f.addEventListener('load', () => f.contentWindow?.postMessage({ cachetClaim: { sessionId: '00000000-0000-4000-8000-000000000000', token: '0'.repeat(32) } }, '*'));
      }
    }, base);
    expect(await tab.$eval('iframe', (el) => (el as HTMLIFrameElement).src)).not.toMatch(/#/);
    // Each hostile frame either fails to load our page (not web-accessible at that URL) or loads
    // it without any session: no Decrypt button, an error state.
    const outcomes: string[] = [];
    // A frame that loads our page shows its error state after the claim wait (6 s); only one
    // no frame evaluates as `name` well past that counts as blocked (absence cannot be awaited).
    const settleFrom = Date.now();
    for (const name of ['bare', 'forged', 'copied', 'copied-id']) {
      const loaded = await until(
        async () => {
          for (const f of tab.frames()) {
            const info = await f.evaluate(() => ({ href: location.href, name: window.name, step: document.querySelector('main')?.getAttribute('data-step') ?? null })).catch(() => null);
            if (info?.name === name && (!OURS.test(info.href) || (info.step !== null && info.step !== 'loading'))) return info;
          }
          // A frame the browser blocked may not be scriptable at all: count it as not ours.
          const blocked = await tab.evaluate((n: string) => {
            const el = document.querySelector(`iframe[name="${n}"]`) as HTMLIFrameElement | null;
            return el !== null && el.contentDocument === null;
          }, name);
          return blocked && Date.now() - settleFrom > 12_000 ? { href: 'blocked', name, step: null } : undefined;
        },
        30_000,
        `the ${name} frame settled`,
      );
      if (OURS.test(loaded.href)) expect(loaded.step).toBe('error');
      outcomes.push(`${name}: ${OURS.test(loaded.href) ? `our page, step ${loaded.step}` : `not loaded (${loaded.href.slice(0, 40)})`}`);
    }
    // No hostile frame shows a decrypt button or plaintext, and none is readable by the page.
    for (const f of tab.frames()) {
      const name = await f.evaluate(() => window.name).catch(() => '');
      if (['bare', 'forged', 'copied', 'copied-id'].includes(name)) {
        expect(await f.$('[data-testid="decrypt"]').catch(() => null)).toBeNull();
        expect(await f.$('[data-testid="read-text"]').catch(() => null)).toBeNull();
        // Not a live Cachet frame: it does not show the user's security token either.
        expect(await f.$('[data-testid="security-token"]').catch(() => null)).toBeNull();
      }
    }
    const access = await tab.evaluate(() =>
      ['bare', 'forged', 'copied', 'copied-id'].map((n) => {
        const el = document.querySelector(`iframe[name="${n}"]`) as HTMLIFrameElement;
        let threw = false;
        try {
          void el.contentWindow!.document.body;
        } catch {
          threw = true;
        }
        return { contentDocument: el.contentDocument, threw };
      }),
    );
    for (const a of access) expect(a).toEqual({ contentDocument: null, threw: true });
    console.info(`[${kind}] PI-03 framed copies: ${outcomes.join('; ')}`);
    // Our own frame still holds its session: Decrypt is there, the copies changed nothing.
    const ours = await frameNamed(tab, '', 'our viewer frame');
    await ours.waitForSelector('[data-testid="decrypt"]', { timeout: 30_000 });
    // Nothing decrypted reaches the page.
    expect(await tab.evaluate(() => document.documentElement.outerHTML)).not.toContain('puffin');
    await tab.close();
  });
});
