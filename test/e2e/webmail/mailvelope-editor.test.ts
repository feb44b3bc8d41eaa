/**
 * Issue 6 §1/§2 end to end on the real Roundcube (scripts/webmail/up.sh, PORT_BASE 18400), both
 * browsers: what the Mailvelope-compatible editor adds beyond a new text mail.
 * - Alice adds a file in Cachet's editor frame; `editor.encrypt()` returns an encrypted and
 *   signed multipart/mixed entity, which Roundcube wraps into multipart/encrypted: bob's Maildir
 *   holds that, and `gpg --decrypt` yields the text part and the file's exact bytes.
 * - Bob's Roundcube preview shows the text and the file for download in Cachet's display container.
 * - Bob replies in Roundcube's encrypted mode: Roundcube hands the ciphertext over as
 *   `quotedMail` with its reply header; after a click in our frame the editor holds the header
 *   and the visible text quoted, and nothing of the attachment or the armor.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMime } from '../../../src/core/mime';
import { answerConfirmWindow, BROWSER_KINDS, launch, sendFromPage, until, type ExtensionHarness } from '../harness';
import { GpgHome } from '../support/gpg';
import { webmailStack } from './stack';

const S = webmailStack(18400, 'mailvelope-editor');
const RC_ORIGIN = S.rc;
const PASS = { alice: 'alice-key-copper-kettle-38', bob: 'bob-key-silent-harbour-61' };
const WAIT = 60_000;

// A file with every byte value, so any transfer-encoding damage shows.
const FILE_NAME = 'ledger-2026.bin';
const FILE_BYTES = Uint8Array.from({ length: 3000 }, (_, i) => (i * 31 + 7) % 256);
const FILE_PATH = join(S.state, FILE_NAME);

/** Our page-API container frame showing `path` (Firefox reports extension frames as about:blank). */
async function extensionFrame(tab: Page, path: string): Promise<Frame> {
  return until(
    async () => {
      for (const f of tab.frames()) {
        const href = f.url().startsWith('about:') ? await f.evaluate(() => location.href).catch(() => '') : f.url();
        if (!href.includes(`/${path}`)) continue;
        const owner = await f.frameElement();
        if ((await owner?.evaluate((el) => el.getAttribute('data-cachet'))) === 'page-api-frame') return f;
      }
      return undefined;
    },
    WAIT,
    `the ${path} frame in the page`,
  );
}

async function mouseClick(tab: Page, selector: string): Promise<void> {
  const el = await tab.waitForSelector(selector, { visible: true, timeout: WAIT });
  const box = await el!.boundingBox();
  if (!box) throw new Error(`${selector} has no box`);
  await tab.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

/** Answers the passphrase dialog if the frame asks, until `done` shows; fails on a frame error. */
async function passphraseIfAsked(frame: Frame, passphrase: string, done: string): Promise<void> {
  const first = await frame.waitForSelector(`${done}, [data-testid="passphrase-dialog-input"]`, { timeout: WAIT });
  if (await first!.evaluate((el) => el.getAttribute('data-testid') === 'passphrase-dialog-input')) {
    await first!.type(passphrase);
    await (await frame.$('[data-testid="passphrase-dialog-ok"]'))!.click();
  }
  const end = await frame.waitForSelector(`${done}, [data-testid="error"]`, { timeout: WAIT });
  if (await end!.evaluate((el) => el.getAttribute('data-testid') === 'error')) {
    throw new Error(`the frame shows an error: ${await end!.evaluate((el) => `${el.getAttribute('data-code')} ${el.textContent}`)}`);
  }
}

/** Clicks the row of `subject` in the message list; resolves with the preview frame. */
async function openInPreview(tab: Page, subject: string): Promise<Frame> {
  await tab.waitForSelector('#messagelist tbody tr', { timeout: WAIT });
  const row = await until(
    async () =>
      tab.evaluate((subj) => {
        const tr = [...document.querySelectorAll('#messagelist tbody tr')].find((r) => r.textContent?.includes(subj));
        return tr ? `#${tr.id}` : undefined;
      }, subject),
    WAIT,
    'the mail in the list',
  );
  await mouseClick(tab, `${row} td.subject`);
  return until(async () => tab.frames().find((f) => f.url().includes('_action=preview')), WAIT, 'the preview frame');
}

beforeAll(() => {
  S.up();
  writeFileSync(FILE_PATH, FILE_BYTES);
}, 300_000);
afterAll(() => {
  S.down();
});

const KINDS = BROWSER_KINDS.filter((k) => process.env.KIND === undefined || k === process.env.KIND);

describe.each(KINDS)('Roundcube page-API editor: attachments and replies in %s', (kind) => {
  let h: ExtensionHarness;
  const fpr = { alice: '', bob: '' };
  const visible = `Quarterly figures in ${kind}: the copper kettle sings at ${Date.now() % 1000}.`;
  const subject = `Cachet page API attachment ${kind}`;

  beforeAll(async () => {
    h = await launch(kind, { backgroundIdleMs: 60_000 });
    const options = await h.openExtensionPage('options.html');
    for (const user of ['alice', 'bob'] as const) {
      const r = await sendFromPage(options, 'generateKey', { name: user, emails: [`${user}@example.test`], passphrase: PASS[user], profile: 'ecc', expiresInDays: null });
      if (!r.ok) throw new Error(`generateKey ${user}: ${r.error.code}`);
      fpr[user] = r.value.key.fingerprint;
    }
    const on = await sendFromPage(options, 'setPageApiSite', { origin: RC_ORIGIN, enabled: true });
    if (!on.ok) throw new Error(`setPageApiSite: ${on.error.code} ${on.error.detail ?? ''}`);
    await options.close();
  }, 180_000);

  afterAll(async () => {
    await h?.close();
  });

  it('alice attaches a file in Cachet’s editor; bob’s Maildir holds multipart/encrypted whose gpg decryption is multipart/mixed with the exact bytes', async () => {
    const tab = await h.browser.newPage();
    tab.on('dialog', (d) => void d.accept());
    await S.login(tab, 'alice');
    await tab.goto(`${RC_ORIGIN}/?_task=mail&_action=compose`, { waitUntil: 'load' });
    await tab.waitForSelector('textarea#composebody', { timeout: WAIT });
    await tab.waitForFunction(() => (window as unknown as { rcmail: { commands: Record<string, boolean> } }).rcmail.commands['compose-encrypted-signed'] === true, { timeout: WAIT });
    await tab.type('#compose_to ul.recipient-input input', 'bob@example.test, ');
    await tab.type('#compose-subject', subject);
    await tab.evaluate(() => (window as unknown as { rcmail: { command(c: string): void } }).rcmail.command('compose-encrypted-signed'));

    const editor = await extensionFrame(tab, 'compose.html');
    await editor.waitForSelector('[data-testid="page-api-editor"][data-step="typing"]', { timeout: WAIT });
    // The page API only ever encrypts: the frame says where sign-only is (issue 6 §2).
    expect(await editor.$('[data-testid="page-api-sign-only-note"]')).not.toBeNull();
    await (await editor.waitForSelector('[data-testid="compose-text"]'))!.type(visible);
    const input = (await editor.waitForSelector('[data-testid="compose-files"]'))!;
    await (input as unknown as { uploadFile(...p: string[]): Promise<void> }).uploadFile(FILE_PATH);
    await editor.waitForSelector('[data-testid="compose-file"]', { timeout: WAIT });

    await mouseClick(tab, 'button.btn.btn-primary.send');
    await editor.waitForSelector('[data-testid="page-api-request"]', { timeout: WAIT });
    await (await editor.$('[data-testid="page-api-confirm"]'))!.evaluate((b) => (b as HTMLButtonElement).click());
    await answerConfirmWindow(h, true, 'pageApiEncrypt'); // PI-03: approved in Cachet's window
    await passphraseIfAsked(editor, PASS.alice, '[data-testid="page-api-outcome"]');

    const raw = await until(async () => S.maildir('bob', '', 'utf8').find((m) => m.text.includes(subject))?.text, WAIT, 'the mail in bob’s Maildir');
    expect(raw).toMatch(/Content-Type: multipart\/encrypted;\s+protocol="application\/pgp-encrypted";\s+boundary=/i);
    expect(raw).not.toContain('copper kettle');
    expect(raw).not.toContain(FILE_NAME); // the file name travels inside the ciphertext only
    const armored = /-----BEGIN PGP MESSAGE-----[\s\S]*?-----END PGP MESSAGE-----/.exec(raw)?.[0] ?? '';

    const options = await h.openExtensionPage('options.html');
    const bobKey = await sendFromPage(options, 'exportKey', { fingerprint: fpr.bob, kind: 'private-gnupg', passphrase: PASS.bob });
    const aliceKey = await sendFromPage(options, 'exportKey', { fingerprint: fpr.alice, kind: 'public', passphrase: null });
    await options.close();
    if (!bobKey.ok || !aliceKey.ok) throw new Error('exportKey');
    const gpg = GpgHome.create();
    try {
      await gpg.gpgOk(['--import'], { input: aliceKey.value.armored, passphrase: '' });
      await gpg.gpgOk(['--import'], { input: bobKey.value.armored, passphrase: PASS.bob });
      const out = await gpg.gpgOk(['--decrypt'], { input: armored, passphrase: PASS.bob });
      expect(out.stderr).toContain('[GNUPG:] DECRYPTION_OKAY');
      expect(out.stderr).toMatch(new RegExp(`\\[GNUPG:\\] VALIDSIG ${fpr.alice}`));
      const root = parseMime(new TextEncoder().encode(out.stdout));
      expect(`${root.contentType.type}/${root.contentType.subtype}`).toBe('multipart/mixed');
      const [text, file] = root.children;
      expect(new TextDecoder().decode(text!.body)).toContain(visible);
      expect(file!.disposition?.type).toBe('attachment');
      expect(file!.filename).toBe(FILE_NAME);
      expect(new Uint8Array(file!.body)).toEqual(FILE_BYTES);
    } finally {
      await gpg.close();
    }
    await tab.close();
  });

  it('bob sees the text and the file for download in Cachet’s display container, then replies: the quote is the visible text only', async () => {
    const tab = await h.browser.newPage();
    tab.on('dialog', (d) => void d.accept());
    await S.login(tab, 'bob');
    const preview = await openInPreview(tab, subject);
    const viewer = await extensionFrame(tab, 'read.html');
    expect(await preview.$('#messagebody iframe[data-cachet="page-api-frame"]')).not.toBeNull();
    await (await viewer.waitForSelector('[data-testid="decrypt"]', { timeout: WAIT }))!.evaluate((b) => (b as HTMLButtonElement).click());
    await passphraseIfAsked(viewer, PASS.bob, '[data-testid="read-text"]');
    expect(await viewer.$eval('[data-testid="read-text"]', (el) => el.textContent)).toContain(visible);
    const files = await viewer.$$eval('[data-testid="attachment"]', (bs) => bs.map((b) => b.textContent ?? ''));
    expect(files).toHaveLength(1);
    expect(files[0]).toContain(FILE_NAME);

    // Roundcube's Reply on a PGP/MIME mail: it fetches the encrypted part and opens the
    // Mailvelope editor with quotedMail, quotedMailIndent and its reply header (app.js).
    await Promise.all([
      tab.waitForNavigation({ waitUntil: 'load', timeout: WAIT }),
      tab.evaluate(() => (window as unknown as { rcmail: { command(c: string): void } }).rcmail.command('reply')),
    ]);
    const editor = await extensionFrame(tab, 'compose.html');
    await editor.waitForSelector('[data-testid="page-api-editor"]', { timeout: WAIT });
    // Auto-decrypt is off: decrypting the quote waits for the user's click in our frame.
    await (await editor.waitForSelector('[data-testid="page-api-quote"]', { timeout: WAIT }))!.evaluate((b) => (b as HTMLButtonElement).click());
    await until(
      async () => {
        if (await editor.$('[data-testid="passphrase-dialog-input"]')) return true;
        return (await editor.$eval('[data-testid="compose-text"]', (el) => (el as HTMLTextAreaElement).value)).includes('copper kettle') || undefined;
      },
      WAIT,
      'the quote or the passphrase dialog',
    );
    const ask = await editor.$('[data-testid="passphrase-dialog-input"]');
    if (ask) {
      await ask.type(PASS.bob);
      await (await editor.$('[data-testid="passphrase-dialog-ok"]'))!.click();
    }
    const body = await until(
      async () => {
        const v = await editor.$eval('[data-testid="compose-text"]', (el) => (el as HTMLTextAreaElement).value);
        return v.includes('copper kettle') ? v : undefined;
      },
      WAIT,
      'the quoted text in the editor',
    );
    const lines = body.split('\n');
    const header = lines.findIndex((l) => /alice@example\.test/i.test(l));
    expect(header).toBeGreaterThan(0); // room to type above, then Roundcube's "On …, alice wrote:"
    expect(lines.slice(header + 1).find((l) => l.includes('copper kettle'))).toBe(`> ${visible}`);
    expect(lines.slice(header + 1).filter((l) => l.length > 0).every((l) => l.startsWith('>'))).toBe(true);
    // Only what was shown: no MIME headers, no attachment data, no armor.
    expect(body).not.toMatch(/Content-Type|Content-Disposition|BEGIN PGP|base64/i);
    expect(body).not.toContain(FILE_NAME);
    // The reply's plaintext stayed in our frame: Roundcube's own form never saw it.
    expect(await tab.evaluate(() => document.documentElement.outerHTML)).not.toContain('copper kettle');
    await tab.close();
  });
});
