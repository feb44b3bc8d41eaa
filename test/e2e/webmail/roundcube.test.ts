/**
 * The real Roundcube (scripts/webmail/up.sh) with the test build: alice writes in the secure
 * editor over Roundcube's compose body, the armored result lands in Roundcube's textarea and
 * she sends with Roundcube's own button; bob opens the mail, the viewer frame takes the
 * block's place, decrypts after his passphrase and shows alice's signature. The secret text
 * is never in the page DOM, nor in what Dovecot stored.
 *
 * Simplification (see the report): both keys live in one browser profile, alice and bob log
 * in one after the other.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_KINDS, launch, sendFromPage, until, type ExtensionHarness } from '../harness';
import { GpgHome } from '../support/gpg';

const ROOT = resolve(import.meta.dirname, '../../..');
const STATE = mkdtempSync(join(tmpdir(), 'cachet-e2e-webmail-'));
const STACK_ENV = { ...process.env, STATE, PORT_BASE: '18700' };
const RC = 'http://127.0.0.1:18780';
const PASS = { alice: 'alice-key-copper-meadow-71', bob: 'bob-key-harbour-violet-38' };
const WAIT = 60_000;

function stack(script: 'up.sh' | 'down.sh'): void {
  execFileSync('bash', [join(ROOT, 'scripts/webmail', script)], { env: STACK_ENV, stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 });
}

function bobMaildir(): string[] {
  const dir = join(STATE, 'mail/example.test/bob/Maildir/new');
  return existsSync(dir) ? readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')) : [];
}

/** Sends bob an inline-armored and a PGP/MIME (RFC 3156) mail made by GnuPG, like the fixture script. */
function sendGpgMails(inline: string, pgpmime: string, tag: string): void {
  const py = `
import sys, smtplib
from email.message import EmailMessage
from email.mime.multipart import MIMEMultipart
from email.mime.base import MIMEBase
inline, pgpmime, tag = sys.argv[1], sys.argv[2], sys.argv[3]
def hdr(m, subj):
    m['From'] = 'Gpg Sender <gpg@example.test>'; m['To'] = 'bob@example.test'; m['Subject'] = subj
m1 = EmailMessage(); hdr(m1, 'gpg inline ' + tag); m1.set_content(inline)
m2 = MIMEMultipart('encrypted', protocol='application/pgp-encrypted'); hdr(m2, 'gpg pgpmime ' + tag)
v = MIMEBase('application', 'pgp-encrypted'); v.set_payload('Version: 1\\n'); m2.attach(v)
e = MIMEBase('application', 'octet-stream', name='encrypted.asc')
e['Content-Disposition'] = 'inline; filename="encrypted.asc"'; e.set_payload(pgpmime); m2.attach(e)
with smtplib.SMTP('127.0.0.1', 18725) as s:
    s.send_message(m1); s.send_message(m2)
`;
  execFileSync('python3', ['-c', py, inline, pgpmime, tag], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 });
}

async function rowUid(tab: Page, subject: string): Promise<string> {
  await tab.waitForSelector('#messagelist tbody tr', { timeout: WAIT });
  return until(
    async () =>
      tab.evaluate((subj) => {
        const row = [...document.querySelectorAll('#messagelist tbody tr')].find((tr) => tr.textContent?.includes(subj));
        return row ? atob(row.id.replace(/^rcmrow/, '')) : undefined;
      }, subject),
    WAIT,
    `"${subject}" in the message list`,
  );
}

async function login(tab: Page, user: 'alice' | 'bob'): Promise<void> {
  await tab.goto(`${RC}/?_task=login`, { waitUntil: 'load' });
  await tab.waitForSelector('#rcmloginuser', { timeout: WAIT });
  await tab.type('#rcmloginuser', `${user}@example.test`);
  await tab.type('#rcmloginpwd', `${user}-pw`);
  await Promise.all([tab.waitForNavigation({ waitUntil: 'load', timeout: WAIT }), tab.click('#rcmloginsubmit')]);
  await tab.waitForSelector('body.task-mail', { timeout: WAIT });
}

async function extensionFrame(tab: Page, path: string): Promise<Frame> {
  return until(
    async () => {
      for (const f of tab.frames()) {
        // Firefox (BiDi) reports extension frames as about:blank: ask the frame itself.
        const href = f.url().startsWith('about:') ? await f.evaluate(() => location.href).catch(() => '') : f.url();
        if (href.includes(`/${path}#`)) return f;
      }
      return undefined;
    },
    WAIT,
    `the ${path} frame in the page`,
  );
}

/** A real (trusted) click in the middle of an element — the Cachet button is in a closed shadow root. */
async function mouseClick(tab: Page, selector: string): Promise<void> {
  const el = await tab.waitForSelector(selector, { visible: true, timeout: WAIT });
  const box = await el!.boundingBox();
  if (!box) throw new Error(`${selector} has no box`);
  await tab.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

async function answerPassphrase(frame: Frame, passphrase: string): Promise<void> {
  const input = await frame.waitForSelector('[data-testid="passphrase-dialog-input"]', { timeout: WAIT });
  await input!.type(passphrase);
  await (await frame.$('[data-testid="passphrase-dialog-ok"]'))!.click();
}

/** Answers the passphrase dialog if the frame asks (a key may still be unlocked), then waits for `done`. */
async function passphraseIfAsked(frame: Frame, passphrase: string, done: string): Promise<void> {
  const first = await frame.waitForSelector(`${done}, [data-testid="passphrase-dialog-input"]`, { timeout: WAIT });
  if (await first!.evaluate((el) => el.getAttribute('data-testid') === 'passphrase-dialog-input')) await answerPassphrase(frame, passphrase);
}

beforeAll(() => stack('up.sh'), 300_000);
afterAll(() => {
  stack('down.sh');
  rmSync(STATE, { recursive: true, force: true });
});

describe.each(BROWSER_KINDS)('Roundcube in %s', (kind) => {
  let h: ExtensionHarness;
  let aliceFpr = '';
  const secret = `Roundcube secret from alice in ${kind}: the heron counts to ${Date.now() % 1000}.`;
  const subject = `Cachet e2e ${kind}`;

  beforeAll(async () => {
    h = await launch(kind, { backgroundIdleMs: 60_000 });
    const options = await h.openExtensionPage('options.html');
    for (const user of ['alice', 'bob'] as const) {
      const r = await sendFromPage(options, 'generateKey', {
        name: user,
        emails: [`${user}@example.test`],
        passphrase: PASS[user],
        profile: 'ecc',
        expiresInDays: null,
      });
      if (!r.ok) throw new Error(`generateKey ${user}: ${r.error.code}`);
      if (user === 'alice') aliceFpr = r.value.key.fingerprint;
    }
    await options.close();
  });

  afterAll(async () => {
    await h?.close();
  });

  it('alice encrypts and signs in the secure editor; Roundcube sends only the armored text', async () => {
    const tab = await h.browser.newPage();
    tab.on('dialog', (d) => void d.accept());
    await login(tab, 'alice');
    await tab.goto(`${RC}/?_task=mail&_action=compose`, { waitUntil: 'load' });
    await tab.waitForSelector('textarea#composebody', { timeout: WAIT });
    await tab.type('#compose_to ul.recipient-input input', 'bob@example.test, ');
    await tab.type('#compose-subject', subject);

    // PI-01: a hostile page script watching everything it can while alice writes.
    await tab.evaluate(() => {
      const log: string[] = [];
      (window as unknown as { __spy: string[] }).__spy = log;
      addEventListener('message', (e) => log.push(`message:${JSON.stringify(e.data)}`), true);
      new MutationObserver((records) => {
        for (const r of records) {
          log.push(`mutation:${r.target.textContent ?? ''}`);
          for (const n of r.addedNodes) log.push(`added:${n.textContent ?? ''}${n instanceof Element ? n.outerHTML : ''}`);
        }
      }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
      document.addEventListener('selectionchange', () => log.push(`selection:${String(getSelection())}`));
      document.addEventListener('keydown', (e) => log.push(`key:${e.key}`), true);
      const walk = (): void => {
        for (let i = 0; i < frames.length; i++) {
          try {
            log.push(`frame:${frames[i]!.document.documentElement.outerHTML}`);
          } catch {
            log.push('frame:blocked');
          }
        }
      };
      setInterval(walk, 200); // the attacker polls; Cachet never does
    });
    await mouseClick(tab, '#composebodycontainer [data-cachet="button"], [data-cachet="button"]');
    const editor = await extensionFrame(tab, 'compose.html');
    await editor.waitForSelector('[data-testid="compose-frame"][data-step="ready"]', { timeout: WAIT });
    await (await editor.waitForSelector('[data-testid="compose-text"]'))!.type(secret);
    await (await editor.$('[data-testid="compose-submit"]'))!.evaluate((b) => (b as HTMLButtonElement).click()); // DOM click: the frame resizes itself
    await answerPassphrase(editor, PASS.alice);

    await tab.waitForFunction(
      () => (document.querySelector('textarea#composebody') as HTMLTextAreaElement | null)?.value.includes('-----END PGP MESSAGE-----'),
      { timeout: WAIT },
    );
    const body = await tab.$eval('textarea#composebody', (el) => (el as HTMLTextAreaElement).value);
    expect(body).toMatch(/^-----BEGIN PGP MESSAGE-----\n/);
    expect(await tab.$('iframe[data-cachet]')).toBeNull(); // the editor frame is gone, the webmail editor is back
    expect(await tab.evaluate(() => document.documentElement.outerHTML)).not.toContain('heron counts');
    const spied = await tab.evaluate(() => (window as unknown as { __spy: string[] }).__spy.join('\n'));
    expect(spied).toContain('frame:blocked'); // it did try our frame
    expect(spied).not.toContain('heron counts');
    expect(spied).not.toContain(PASS.alice);
    expect(spied).not.toMatch(/key:h\b/); // keystrokes in our frame never reach the page
    expect(await tab.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain('heron counts');

    await mouseClick(tab, 'button.btn.btn-primary.send'); // Roundcube's own Send button
    const stored = await until(async () => bobMaildir().find((m) => m.includes(subject)), WAIT, 'the mail in bob’s Maildir');
    expect(stored).toContain('-----BEGIN PGP MESSAGE-----');
    expect(stored).not.toContain('heron counts');
    await tab.close();
  });

  it('bob reads it: the viewer frame replaces the block, decrypts and shows alice’s signature', async () => {
    const tab = await h.browser.newPage();
    await login(tab, 'bob');
    await tab.waitForSelector('#messagelist tbody tr', { timeout: WAIT });
    const uid = await until(
      async () =>
        tab.evaluate((subj) => {
          const row = [...document.querySelectorAll('#messagelist tbody tr')].find((tr) => tr.textContent?.includes(subj));
          return row ? atob(row.id.replace(/^rcmrow/, '')) : undefined;
        }, subject),
      WAIT,
      'the mail in bob’s list',
    );
    await tab.goto(`${RC}/?_task=mail&_mbox=INBOX&_uid=${uid}&_action=show`, { waitUntil: 'load' });
    const viewer = await extensionFrame(tab, 'read.html');
    expect(await tab.$eval('#message-part1 > div.pre', (el) => getComputedStyle(el).display)).toBe('none');
    await (await viewer.waitForSelector('[data-testid="decrypt"]', { timeout: WAIT }))!.click();
    // Both keys share this profile and the mail is also encrypted to alice (self), whose key is
    // still unlocked from sending: the viewer may decrypt without asking. Answer if it asks.
    const first = await viewer.waitForSelector('[data-testid="read-text"], [data-testid="passphrase-dialog-input"]', { timeout: WAIT });
    if (await first!.evaluate((el) => el.getAttribute('data-testid') === 'passphrase-dialog-input')) await answerPassphrase(viewer, PASS.bob);
    const text = await viewer.waitForSelector('[data-testid="read-text"]', { timeout: WAIT });
    expect(await text!.evaluate((el) => el.textContent)).toBe(secret);
    const signer = await viewer.waitForSelector('[data-testid="signer"]', { timeout: WAIT });
    const signerText = (await signer!.evaluate((el) => el.textContent ?? '')).replace(/\s+/g, '');
    expect(signerText).toContain('alice@example.test');
    expect(signerText.toUpperCase()).toContain(aliceFpr.slice(-16));
    expect(await tab.evaluate(() => document.documentElement.outerHTML)).not.toContain('heron counts');
    await tab.close();
  });

  it('GnuPG-made mails: inline in the preview frame and PGP/MIME in the full view decrypt in the viewer', async () => {
    const options = await h.openExtensionPage('options.html');
    const bobKeys = await sendFromPage(options, 'listKeys', {});
    if (!bobKeys.ok) throw new Error('listKeys');
    const bobFpr = bobKeys.value.keys.find((k) => k.userIds.some((u) => u.email === 'bob@example.test'))?.fingerprint;
    const pub = await sendFromPage(options, 'exportKey', { fingerprint: bobFpr ?? '', kind: 'public', passphrase: null });
    if (!pub.ok) throw new Error('exportKey');
    expect((await sendFromPage(options, 'lockAll', {})).ok).toBe(true); // bob's passphrase is asked in the frame
    await options.close();
    const gpg = GpgHome.create();
    const tag = `${kind}-${Date.now() % 100000}`;
    try {
      await gpg.gpgOk(['--import'], { input: pub.value.armored });
      const enc = ['--armor', '--trust-model', 'always', '--encrypt', '-r', 'bob@example.test'];
      const inline = (await gpg.gpgOk(enc, { input: `GnuPG inline secret ${tag}\n` })).stdout;
      const mime = `Content-Type: text/plain; charset=utf-8\r\n\r\nGnuPG PGP/MIME secret ${tag}\r\n`;
      const pgpmime = (await gpg.gpgOk(enc, { input: mime })).stdout;
      sendGpgMails(inline, pgpmime, tag);
    } finally {
      await gpg.close();
    }

    const tab = await h.browser.newPage();
    await login(tab, 'bob');
    const inlineUid = await rowUid(tab, `gpg inline ${tag}`);
    // A click on the row opens Roundcube's preview iframe: the content script runs there too (all_frames).
    await tab.click(`#messagelist tr#rcmrow${Buffer.from(inlineUid).toString('base64').replace(/=+$/, '')} td.subject`);
    const preview = await extensionFrame(tab, 'read.html');
    await (await preview.waitForSelector('[data-testid="decrypt"]', { timeout: WAIT }))!.click();
    await answerPassphrase(preview, PASS.bob);
    const text = await preview.waitForSelector('[data-testid="read-text"]', { timeout: WAIT });
    expect(await text!.evaluate((el) => el.textContent?.trim())).toBe(`GnuPG inline secret ${tag}`);

    const mimeUid = await rowUid(tab, `gpg pgpmime ${tag}`);
    await tab.goto(`${RC}/?_task=mail&_mbox=INBOX&_uid=${mimeUid}&_action=show`, { waitUntil: 'load' });
    const viewer = await extensionFrame(tab, 'read.html');
    await (await viewer.waitForSelector('[data-testid="decrypt"]', { timeout: WAIT }))!.click();
    const mimeText = await viewer.waitForSelector('[data-testid="read-text"]', { timeout: WAIT });
    expect(await mimeText!.evaluate((el) => el.textContent?.trim())).toBe(`GnuPG PGP/MIME secret ${tag}`);
    await tab.close();
  });

  it('HTML mode (TinyMCE): the armored result goes into TinyMCE line by line and bob decrypts what Roundcube sent', async () => {
    const secret = `TinyMCE secret in ${kind}: the lantern hums at ${Date.now() % 1000}.`;
    const htmlSubject = `Cachet e2e HTML ${kind}`;
    const tab = await h.browser.newPage();
    tab.on('dialog', (d) => void d.accept());
    await login(tab, 'alice');
    await tab.goto(`${RC}/?_task=mail&_action=compose`, { waitUntil: 'load' });
    await tab.waitForSelector('textarea#composebody', { timeout: WAIT });
    await tab.evaluate(() =>
      (window as unknown as { rcmail: { command(c: string, a: unknown): void } }).rcmail.command('toggle-editor', { id: 'composebody', html: true }),
    );
    await tab.waitForFunction(() => document.querySelector<HTMLIFrameElement>('iframe#composebody_ifr')?.contentDocument?.body?.id === 'tinymce', { timeout: WAIT });
    await tab.type('#compose_to ul.recipient-input input', 'bob@example.test, ');
    await tab.type('#compose-subject', htmlSubject);
    await mouseClick(tab, '[data-cachet="button"]');
    const editor = await extensionFrame(tab, 'compose.html');
    await editor.waitForSelector('[data-testid="compose-frame"][data-step="ready"]', { timeout: WAIT });
    expect(await tab.$eval('#composebodycontainer .tox-tinymce', (el) => getComputedStyle(el).display)).toBe('none');
    await (await editor.waitForSelector('[data-testid="compose-text"]'))!.type(secret);
    await (await editor.$('[data-testid="compose-submit"]'))!.evaluate((b) => (b as HTMLButtonElement).click()); // DOM click: the frame resizes itself
    await passphraseIfAsked(editor, PASS.alice, '[data-testid="compose-done"]');
    const lines = await tab.waitForFunction(
      () => {
        const body = document.querySelector<HTMLIFrameElement>('iframe#composebody_ifr')?.contentDocument?.body;
        return body?.textContent?.includes('-----END PGP MESSAGE-----') ? body.querySelectorAll('br').length : undefined;
      },
      { timeout: WAIT },
    );
    expect(await lines.jsonValue()).toBeGreaterThan(3); // one <br> per line, not one long line
    await mouseClick(tab, 'button.btn.btn-primary.send');
    const stored = await until(async () => bobMaildir().find((m) => m.includes(htmlSubject)), WAIT, 'the HTML mail in bob’s Maildir');
    expect(stored).not.toContain('lantern hums');
    await tab.close();

    const bob = await h.browser.newPage();
    await login(bob, 'bob');
    const uid = await rowUid(bob, htmlSubject);
    await bob.goto(`${RC}/?_task=mail&_mbox=INBOX&_uid=${uid}&_action=show`, { waitUntil: 'load' });
    const viewer = await extensionFrame(bob, 'read.html');
    await (await viewer.waitForSelector('[data-testid="decrypt"]', { timeout: WAIT }))!.click();
    await passphraseIfAsked(viewer, PASS.bob, '[data-testid="read-text"]');
    const text = await viewer.waitForSelector('[data-testid="read-text"]', { timeout: WAIT });
    expect(await text!.evaluate((el) => el.textContent)).toBe(secret);
    await bob.close();
  });
});
