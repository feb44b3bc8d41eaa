/**
 * The viewer frame in real browsers: a loopback page shows an armored block, the test
 * build's content script (generic adapter) mounts read.html over it, the user clicks
 * Decrypt and types the passphrase in OUR frame, and the plaintext appears there and only
 * there (never in the page DOM). A hostile HTML message (every remote-content vector,
 * MP-05) renders without a single request to the "attacker" server.
 */
import * as openpgp from 'openpgp';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_KINDS, type ExtensionHarness, launch, ourFrame, sendFromPage, until } from '../harness';
import { servePages, type LoopbackPages } from '../support/pages';

const PASS = 'orbit-lantern-velvet-42-quartz';
const SECRET = 'Frame test secret: the otter sleeps at dawn.';

function hostileHtml(evil: string): string {
  return `Content-Type: text/html; charset=utf-8\r\n\r\n<html><head><base href="${evil}/base/"><link rel="prefetch" href="${evil}/prefetch"><link rel="stylesheet" href="${evil}/css">
<meta http-equiv="refresh" content="0;url=${evil}/refresh"><style>@import url(${evil}/import); p { background: url(${evil}/bg) }</style></head><body>
<p>HOSTILE-BODY visible text</p>
<img src="${evil}/img"><img srcset="${evil}/srcset 2x"><picture><source srcset="${evil}/source"></picture>
<div style="background-image: image-set('${evil}/imageset' 1x)">css</div>
<form action="${evil}/form"><input name=q value=x></form><video poster="${evil}/poster"></video>
<svg><image href="${evil}/svgimage"></image></svg><a href="${evil}/link" ping="${evil}/ping">a link</a>
<object data="${evil}/object"></object><embed src="${evil}/embed"><iframe src="${evil}/iframe"></iframe>
<table background="${evil}/table"><tr><td>cell</td></tr></table></body></html>`;
}

function page(armored: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>mail</title></head><body><h1>Inbox</h1><div id="mail"><pre>${armored}</pre></div></body></html>`;
}

describe.each(BROWSER_KINDS)('viewer frame in %s', (kind) => {
  let h: ExtensionHarness;
  let site: LoopbackPages;
  let evil: LoopbackPages;
  let options: Page;

  beforeAll(async () => {
    h = await launch(kind, { backgroundIdleMs: 30_000 });
    options = await h.openExtensionPage('options.html');
    const gen = await sendFromPage(options, 'generateKey', { name: 'Alice', emails: ['alice@example.org'], passphrase: PASS, profile: 'ecc', expiresInDays: null });
    if (!gen.ok) throw new Error(`generateKey: ${gen.error.code}`);
    const exported = await sendFromPage(options, 'exportKey', { fingerprint: gen.value.key.fingerprint, kind: 'public', passphrase: null });
    if (!exported.ok) throw new Error('exportKey');
    const alice = await openpgp.readKey({ armoredKey: exported.value.armored });
    evil = await servePages({});
    const plain = await openpgp.encrypt({ message: await openpgp.createMessage({ text: SECRET }), encryptionKeys: alice });
    const html = await openpgp.encrypt({ message: await openpgp.createMessage({ text: hostileHtml(evil.url) }), encryptionKeys: alice });
    site = await servePages({ '/plain': page(plain), '/html': page(html) });
  });

  afterAll(async () => {
    await h?.close();
    site?.server.close();
    evil?.server.close();
  });

  it('mounts the viewer, asks the passphrase in the frame, shows the plaintext only there', async () => {
    const tab = await h.browser.newPage();
    await tab.goto(`${site.url}/plain`);
    const frame = await ourFrame(tab, 'read');
    const decrypt = await frame.waitForSelector('[data-testid="decrypt"]', { timeout: 30_000 });
    await decrypt!.click();
    const input = await frame.waitForSelector('[data-testid="passphrase-dialog-input"]', { timeout: 30_000 });
    await input!.type(PASS);
    await (await frame.$('[data-testid="passphrase-dialog-ok"]'))!.click();
    const text = await frame.waitForSelector('[data-testid="read-text"]', { timeout: 60_000 });
    expect(await text!.evaluate((el) => el.textContent)).toBe(SECRET);
    expect(await frame.$eval('[data-testid="sig-scope"]', (el) => el.getAttribute('data-scope'))).toBe('unsigned');
    // The page itself never holds the plaintext (PI-01, MP-03).
    const pageText = await tab.evaluate(() => document.documentElement.outerHTML);
    expect(pageText).not.toContain('otter sleeps');
    await tab.close();
  });

  it('renders hostile decrypted HTML without any request to the attacker (MP-05)', async () => {
    const tab = await h.browser.newPage();
    const requests: string[] = [];
    tab.on('request', (r) => requests.push(r.url()));
    await tab.goto(`${site.url}/html`);
    const frame = await ourFrame(tab, 'read');
    // The key is cached from the first test: one click, no passphrase.
    await (await frame.waitForSelector('[data-testid="decrypt"]', { timeout: 30_000 }))!.click();
    const view = await frame.waitForSelector('[data-testid="read-html"]', { timeout: 60_000 });
    const srcdoc = await view!.evaluate((el) => el.getAttribute('srcdoc') ?? '');
    expect(srcdoc).toContain('HOSTILE-BODY visible text');
    expect(srcdoc).not.toContain(`${evil.url}/img`);
    expect(await view!.evaluate((el) => el.getAttribute('sandbox'))).toBe('allow-popups allow-popups-to-escape-sandbox');
    // It really rendered (so "no request" is not just "nothing loaded").
    const inner = await until(async () => (await view!.contentFrame()) ?? undefined, 10_000, 'the sandboxed html frame');
    const rendered = await until(
      async () => ((await inner.evaluate(() => document.body?.textContent ?? '').catch(() => '')) || undefined),
      10_000,
      'the sanitised html rendered',
    );
    expect(rendered).toContain('HOSTILE-BODY visible text');
    expect(await inner.evaluate(() => document.querySelectorAll('img,link,form,video,svg,object,embed,iframe,base,meta[http-equiv="refresh" i],[srcset],[ping],[background]').length)).toBe(0);
    // Give the sandboxed document time to load and anything it might fetch time to go out.
    await new Promise((r) => setTimeout(r, 2000));
    expect(evil.hits).toEqual([]);
    expect(requests.filter((u) => u.startsWith(evil.url))).toEqual([]);
    await tab.close();
  });
});
