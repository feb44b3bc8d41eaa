/**
 * Issue 6 §1 end to end, on the real Roundcube (scripts/webmail/up.sh) in both browsers: the
 * page API is switched on for the Roundcube origin, Roundcube finds `window.mailvelope` and
 * uses its own Mailvelope mode. Alice writes in Cachet's editor container, sends with
 * Roundcube's button, confirms the recipient list in our frame; Roundcube builds a real
 * PGP/MIME multipart/encrypted mail, which gpg decrypts and verifies, and which bob reads in
 * Cachet's display container inside Roundcube's preview.
 */
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerConfirmWindow, BROWSER_KINDS, launch, sendFromPage, until, type ExtensionHarness } from '../harness';
import { GpgHome } from '../support/gpg';
import { webmailStack } from './stack';

const S = webmailStack(18800, 'mailvelope');
const RC_ORIGIN = S.rc;
const PASS = { alice: 'alice-key-amber-lantern-52', bob: 'bob-key-quiet-orchard-19' };
const WAIT = 60_000;

/**
 * Our page-API container frame with `path` anywhere in the tab: its iframe carries
 * data-cachet="page-api-frame" (the Roundcube adapter's own overlay frames are left aside).
 * Firefox reports extension frames as about:blank: ask the frame itself.
 */
async function extensionFrame(tab: Page, path: string): Promise<Frame> {
  return until(
    async () => {
      for (const f of tab.frames()) {
        const href = f.url().startsWith('about:') ? await f.evaluate(() => location.href).catch(() => '') : f.url();
        if (!href.includes(`/${path}`)) continue; // PI-03: no session id in the URL
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

/** Answers the passphrase dialog if the frame asks (the key may still be unlocked), until `done` shows. */
async function passphraseIfAsked(frame: Frame, passphrase: string, done: string): Promise<void> {
  const first = await frame.waitForSelector(`${done}, [data-testid="passphrase-dialog-input"]`, { timeout: WAIT });
  if (await first!.evaluate((el) => el.getAttribute('data-testid') === 'passphrase-dialog-input')) {
    await first!.type(passphrase);
    await (await frame.$('[data-testid="passphrase-dialog-ok"]'))!.click();
  }
  // Fail with what the frame says rather than a bare timeout.
  const end = await frame.waitForSelector(`${done}, [data-testid="error"]`, { timeout: WAIT });
  if (await end!.evaluate((el) => el.getAttribute('data-testid') === 'error')) {
    throw new Error(`the frame shows an error: ${await end!.evaluate((el) => `${el.getAttribute('data-code')} ${el.textContent}`)}`);
  }
}

beforeAll(() => S.up(), 300_000);
afterAll(() => {
  S.down();
});

// Both browsers; KIND=chromium|firefox runs one while debugging.
const KINDS = BROWSER_KINDS.filter((k) => process.env.KIND === undefined || k === process.env.KIND);

describe.each(KINDS)('Roundcube with the Mailvelope-compatible page API in %s', (kind) => {
  let h: ExtensionHarness;
  const fpr = { alice: '', bob: '' };
  const secret = `PGP/MIME secret in ${kind}: the lantern hums ${Date.now() % 1000} times.`;
  const subject = `Cachet page API ${kind}`;

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

  it('alice composes in Cachet’s editor inside Roundcube; bob receives signed and encrypted PGP/MIME that gpg opens', async () => {
    const tab = await h.browser.newPage();
    tab.on('dialog', (d) => void d.accept());
    if (process.env.CACHET_DEBUG) tab.on('console', (m) => console.log('PAGE', m.text()));
    await S.login(tab, 'alice');
    await tab.goto(`${RC_ORIGIN}/?_task=mail&_action=compose`, { waitUntil: 'load' });
    await tab.waitForSelector('textarea#composebody', { timeout: WAIT });
    // Roundcube found window.mailvelope, read getVersion() ≥ 2 and offers encrypt + sign.
    await tab.waitForFunction(() => (window as unknown as { rcmail: { commands: Record<string, boolean> } }).rcmail.commands['compose-encrypted-signed'] === true, { timeout: WAIT });
    await tab.type('#compose_to ul.recipient-input input', 'bob@example.test, ');
    await tab.type('#compose-subject', subject);
    // What Roundcube's "Encrypt and sign" menu entry runs.
    await tab.evaluate(() => (window as unknown as { rcmail: { command(c: string): void } }).rcmail.command('compose-encrypted-signed'));

    const editor = await extensionFrame(tab, 'compose.html');
    await editor.waitForSelector('[data-testid="page-api-editor"][data-step="typing"]', { timeout: WAIT });
    expect(await editor.$eval('[data-testid="page-api-sign"]', (el) => (el as HTMLInputElement).checked)).toBe(true);
    await (await editor.waitForSelector('[data-testid="compose-text"]'))!.type(secret);

    if (process.env.CACHET_DEBUG) {
      await tab.evaluate(() => {
        const w = window as unknown as { __diag: string[]; rcmail: { mailvelope_editor: { encrypt(r: string[]): Promise<string> }; mailvelope_keyring: { validKeyForAddress(a: string[]): Promise<unknown> } } };
        w.__diag = [];
        const ed = w.rcmail.mailvelope_editor;
        const kr = w.rcmail.mailvelope_keyring;
        const enc = ed.encrypt.bind(ed);
        const vk = kr.validKeyForAddress.bind(kr);
        w.rcmail.mailvelope_editor = { encrypt: (r) => (w.__diag.push(`encrypt ${JSON.stringify(r)}`), enc(r).catch((e: Error) => (w.__diag.push(`encrypt failed ${e.message}`), Promise.reject(e)))) };
        w.rcmail.mailvelope_keyring = ({ validKeyForAddress: (a: string[]) => vk(a).then((x) => (w.__diag.push(`valid ${JSON.stringify(x)}`), x), (e: Error) => (w.__diag.push(`valid failed ${e.message}`), Promise.reject(e))) }) as typeof kr;
      });
    }
    await mouseClick(tab, 'button.btn.btn-primary.send'); // Roundcube's Send → editor.encrypt([bob, alice])
    await editor.waitForSelector('[data-testid="page-api-request"]', { timeout: WAIT }).catch(async (e: unknown) => {
      if (process.env.CACHET_DEBUG) {
        console.log('DIAG', await tab.evaluate(() => (window as unknown as { __diag: string[] }).__diag.join(' | ')));
      }
      throw e;
    });
    const shown = await editor.$$eval('[data-testid="page-api-recipients"] li', (lis) => lis.map((li) => li.getAttribute('data-address')));
    expect(shown.sort()).toEqual(['alice@example.test', 'bob@example.test']);
    expect(await tab.evaluate(() => document.documentElement.outerHTML)).not.toContain('lantern hums');
    await (await editor.$('[data-testid="page-api-confirm"]'))!.evaluate((b) => (b as HTMLButtonElement).click());
    // PI-03: the decision is taken in Cachet's window, which lists the same recipients and the site.
    await answerConfirmWindow(h, true, 'pageApiEncrypt', async (win) => {
      const listed = await win.$$eval('[data-testid="confirm-recipients"] li', (lis) => lis.map((li) => li.getAttribute('data-address')));
      expect(listed.sort()).toEqual(['alice@example.test', 'bob@example.test']);
      expect(await win.$eval('[data-testid="confirm-origin"]', (e) => e.textContent)).toBe(new URL(tab.url()).origin);
    });
    await passphraseIfAsked(editor, PASS.alice, '[data-testid="page-api-outcome"]');

    const raw = await until(async () => S.maildir('bob', '', 'utf8').find((m) => m.text.includes(subject))?.text, WAIT, 'the mail in bob’s Maildir');
    expect(raw).toMatch(/Content-Type: multipart\/encrypted;\s+protocol="application\/pgp-encrypted";\s+boundary=/i);
    expect(raw).toMatch(/Content-Type: application\/pgp-encrypted[\s\S]*Version: 1/);
    expect(raw).toMatch(/Content-Type: application\/octet-stream;\s+name="?encrypted\.asc"?/);
    expect(raw).not.toContain('lantern hums');
    const armored = /-----BEGIN PGP MESSAGE-----[\s\S]*?-----END PGP MESSAGE-----/.exec(raw)?.[0];
    expect(armored).toBeDefined();

    // gpg decrypts with bob's key and verifies alice's signature.
    const options = await h.openExtensionPage('options.html');
    const bobKey = await sendFromPage(options, 'exportKey', { fingerprint: fpr.bob, kind: 'private-gnupg', passphrase: PASS.bob });
    const aliceKey = await sendFromPage(options, 'exportKey', { fingerprint: fpr.alice, kind: 'public', passphrase: null });
    await options.close();
    if (!bobKey.ok || !aliceKey.ok) throw new Error('exportKey');
    const gpg = GpgHome.create();
    try {
      await gpg.gpgOk(['--import'], { input: aliceKey.value.armored, passphrase: '' });
      await gpg.gpgOk(['--import'], { input: bobKey.value.armored, passphrase: PASS.bob });
      const out = await gpg.gpgOk(['--decrypt'], { input: armored ?? '', passphrase: PASS.bob });
      expect(out.stderr).toContain('[GNUPG:] DECRYPTION_OKAY');
      expect(out.stderr).toMatch(new RegExp(`\\[GNUPG:\\] VALIDSIG ${fpr.alice}`));
      expect(out.stderr).toContain('[GNUPG:] GOODSIG');
      // RFC 3156 §4: what was encrypted is a MIME entity.
      expect(out.stdout).toMatch(/^Content-Type: text\/plain; charset=utf-8\r?\n/);
      expect(out.stdout).toContain(secret);
    } finally {
      await gpg.close();
    }
    await tab.close();
  });

  it('bob reads it in Roundcube’s preview through Cachet’s display container', async () => {
    const tab = await h.browser.newPage();
    await S.login(tab, 'bob');
    await tab.waitForSelector('#messagelist tbody tr', { timeout: WAIT });
    const row = await until(
      async () =>
        tab.evaluate((subj) => {
          const tr = [...document.querySelectorAll('#messagelist tbody tr')].find((r) => r.textContent?.includes(subj));
          return tr ? `#${tr.id}` : undefined;
        }, subject),
      WAIT,
      'the mail in bob’s list',
    );
    await mouseClick(tab, `${row} td.subject`);
    const viewer = await extensionFrame(tab, 'read.html');
    // Roundcube's preview asked the page API for a display container in #messagebody.
    const preview = await until(async () => tab.frames().find((f) => f.url().includes('_action=preview')), WAIT, 'the preview frame');
    expect(await preview.$('#messagebody iframe[data-cachet="page-api-frame"]')).not.toBeNull();
    await (await viewer.waitForSelector('[data-testid="decrypt"]', { timeout: WAIT }))!.evaluate((b) => (b as HTMLButtonElement).click());
    await passphraseIfAsked(viewer, PASS.bob, '[data-testid="read-text"]');
    expect(await viewer.$eval('[data-testid="read-text"]', (el) => el.textContent)).toContain(secret);
    expect(await preview.evaluate(() => document.documentElement.outerHTML)).not.toContain('lantern hums');
    await tab.close();
  });
});
