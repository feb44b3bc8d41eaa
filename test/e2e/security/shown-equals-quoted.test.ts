/**
 * MP-07 in real browsers: a reply quotes only what was shown. An encrypted HTML mail carries
 * one marker inside each element that browsers render specially (forbidden or fallback
 * content, closed <details>, <dialog>, ruby <rp>, form controls, SVG/MathML, raw-text
 * elements…). The viewer frame renders it; what the user sees is the sandboxed document's
 * `innerText` (CSS-aware: `display: none` text is not in it). The reply quote is
 * core/mime/html-text.ts `htmlToText` of the same HTML, computed here in Node as
 * mail-compose does. Every marker quoted must have been shown.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlToText } from '../../../src/core/mime/html-text';
import { BROWSER_KINDS, type ExtensionHarness, launch, ourFrame, sendFromPage, until } from '../harness';

const PASS = 'quote-heron-maple-63-drift';

/** One fragment per rendering rule; `MARKn` is the text whose visibility is in question. */
const FRAGMENTS = [
  '<details><summary>summary</summary>MARK</details>',
  '<details open><summary>summary</summary>MARK</details>',
  '<dialog>MARK</dialog>',
  '<dialog open>MARK</dialog>',
  '<ruby>base<rp>MARK</rp><rt>ann</rt></ruby>',
  '<video>MARK</video>',
  '<audio>MARK</audio>',
  '<object>MARK</object>',
  '<canvas>MARK</canvas>',
  '<iframe>MARK</iframe>',
  '<noscript>MARK</noscript>',
  '<noembed>MARK</noembed>',
  '<noframes>MARK</noframes>',
  '<template>MARK</template>',
  '<select><option>MARK</option></select>',
  '<datalist><option>MARK</option></datalist>',
  '<textarea>MARK</textarea>',
  '<button>MARK</button>',
  '<form>MARK</form>',
  '<svg><text>MARK</text></svg>',
  '<math><mi>MARK</mi></math>',
  '<xmp>MARK</xmp>',
  '<marquee>MARK</marquee>',
  '<map><area>MARK</map>',
  '<table><caption>MARK</caption><tr><td>cell</td></tr></table>',
  '<table><tr><td>cell</td></tr>MARK</table>',
  '<fieldset><legend>MARK</legend></fieldset>',
  '<label>MARK</label>',
  '<output>MARK</output>',
  '<meter>MARK</meter>',
  '<progress>MARK</progress>',
  '<slot>MARK</slot>',
  '<p hidden>MARK</p>',
  '<p style="display:none">MARK</p>',
  '<style>.h{display:none}</style><p class="h">MARK</p>',
  '<title>MARK</title>',
  '<address>MARK</address>',
  '<bdo dir="rtl">MARK</bdo>',
  '<wbr>MARK',
] as const;

const marker = (i: number) => `QX${String(i).padStart(3, '0')}QX`;
const HTML = `<p>start</p>${FRAGMENTS.map((f, i) => `<div>${f.replace('MARK', marker(i))}</div>`).join('\n')}<p>end</p>`;
const markersIn = (text: string) => new Set([...text.matchAll(/QX\d{3}QX/g)].map((m) => m[0]));

function serve(body: string): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

describe.each(BROWSER_KINDS)('MP-07: shown text and quoted text (%s)', (kind) => {
  let h: ExtensionHarness;
  let site: { server: Server; url: string };

  beforeAll(async () => {
    h = await launch(kind, { backgroundIdleMs: 30_000 });
    const options = await h.openExtensionPage('options.html');
    const gen = await sendFromPage(options, 'generateKey', { name: 'Alice', emails: ['alice@example.org'], passphrase: PASS, profile: 'ecc', expiresInDays: null });
    if (!gen.ok) throw new Error(`generateKey: ${gen.error.code}`);
    const exported = await sendFromPage(options, 'exportKey', { fingerprint: gen.value.key.fingerprint, kind: 'public', passphrase: null });
    if (!exported.ok) throw new Error('exportKey');
    const unlocked = await sendFromPage(options, 'unlockKey', { fingerprint: gen.value.key.fingerprint, passphrase: PASS });
    if (!unlocked.ok) throw new Error('unlockKey');
    await options.close();
    const alice = await openpgp.readKey({ armoredKey: exported.value.armored });
    const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text: `Content-Type: text/html; charset=utf-8\r\n\r\n${HTML}` }), encryptionKeys: alice });
    site = await serve(`<!doctype html><html><head><meta charset="utf-8"><title>mail</title></head><body><pre>${armored}</pre></body></html>`);
  }, 120_000);

  afterAll(async () => {
    await h?.close();
    site?.server.close();
  });

  it('MP-07: every marker the reply would quote was shown in the viewer', async () => {
    const tab = await h.browser.newPage();
    await tab.goto(site.url);
    const frame = await ourFrame(tab, 'read');
    await (await frame.waitForSelector('[data-testid="decrypt"]', { timeout: 30_000 }))!.click();
    const view = await frame.waitForSelector('[data-testid="read-html"]', { timeout: 60_000 });
    const inner = await until(async () => (await view!.contentFrame()) ?? undefined, 10_000, 'the sandboxed html frame');
    const shownText = await until(
      async () => {
        const t = await inner.evaluate(() => document.body?.innerText ?? '').catch(() => '');
        return t.includes('end') ? t : undefined;
      },
      10_000,
      'the sanitised html rendered',
    );
    const shown = markersIn(shownText);
    const quoted = markersIn(htmlToText(HTML));
    const quotedNotShown = [...quoted].filter((m) => !shown.has(m)).map((m) => FRAGMENTS[Number(m.slice(2, 5))]);
    const shownNotQuoted = [...shown].filter((m) => !quoted.has(m)).map((m) => FRAGMENTS[Number(m.slice(2, 5))]);
    if (process.env.CACHET_DEBUG) console.log(kind, { quotedNotShown, shownNotQuoted });
    expect(quotedNotShown).toEqual([]);
    // And the reverse, so the quote is not poorer than the view without a reason.
    expect(shownNotQuoted).toEqual([]);
    await tab.close();
  });
});
