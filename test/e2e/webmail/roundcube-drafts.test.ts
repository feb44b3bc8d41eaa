/**
 * Encrypted drafts on the real Roundcube (issue 3 §3 "Drafts"), in its own stack instance
 * (STATE dir of its own, PORT_BASE 18600, so it never shares ports with roundcube.test.ts):
 * alice writes in the secure editor and clicks "Save encrypted draft" — her text, encrypted
 * to her own key only, lands in Roundcube's body; Roundcube's own Save puts it in Drafts,
 * where the Maildir holds only ciphertext. She reopens the draft from Roundcube's Drafts,
 * opens the secure editor, clicks "Continue the draft": the text, recipients and mode are
 * back in OUR frame (never in the page), and she encrypts to bob and sends.
 *
 * roundcube-support.ts pins its stack to PORT_BASE 18700 and its own STATE, so the steps
 * that name the port or the Maildir (stack, login, compose, Maildir) are repeated here for
 * 18600; the port-free helpers are reused.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as openpgp from 'openpgp';
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_KINDS, launch, sendFromPage, until, type ExtensionHarness } from '../harness';
import { STATE as SUPPORT_STATE, PASS, WAIT, answerPassphrase, domClick, extensionFrame, mouseClick, passphraseIfAsked, rcIdle, rowUid } from './roundcube-support';

const ROOT = resolve(import.meta.dirname, '../../..');
const STATE = mkdtempSync(join(tmpdir(), 'cachet-e2e-drafts-'));
const STACK_ENV = { ...process.env, STATE, PORT_BASE: '18600' };
const RC = 'http://127.0.0.1:18680';

function stack(script: 'up.sh' | 'down.sh'): void {
  execFileSync('bash', [join(ROOT, 'scripts/webmail', script)], { env: STACK_ENV, stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 });
}

/** The text of every message file in alice's or bob's Maildir folder ('' = INBOX). */
function maildir(user: 'alice' | 'bob', folder: '' | 'Drafts' | 'Sent'): string[] {
  const base = join(STATE, 'mail/example.test', user, 'Maildir', folder === '' ? '' : `.${folder}`);
  const out: string[] = [];
  for (const sub of ['new', 'cur']) {
    const dir = join(base, sub);
    if (existsSync(dir)) for (const f of readdirSync(dir)) out.push(readFileSync(join(dir, f), 'latin1'));
  }
  return out;
}

function inMaildir(user: 'alice' | 'bob', folder: '' | 'Drafts' | 'Sent', needle: string): Promise<string> {
  return until(async () => maildir(user, folder).find((m) => m.includes(needle)), WAIT, `"${needle}" in ${user}'s ${folder || 'INBOX'}`);
}

async function login(tab: Page): Promise<void> {
  await tab.goto(`${RC}/?_task=login`, { waitUntil: 'load' });
  await tab.waitForSelector('#rcmloginuser', { timeout: WAIT });
  await tab.type('#rcmloginuser', 'alice@example.test');
  await tab.type('#rcmloginpwd', 'alice-pw');
  await Promise.all([tab.waitForNavigation({ waitUntil: 'load', timeout: WAIT }), tab.click('#rcmloginsubmit')]);
  await tab.waitForSelector('body.task-mail', { timeout: WAIT });
}

/** Clicks Cachet's button over Roundcube's compose body and returns the ready secure editor. */
async function secureEditor(tab: Page): Promise<Frame> {
  await tab.waitForSelector('textarea#composebody', { timeout: WAIT });
  await mouseClick(tab, '#composebodycontainer [data-cachet="button"], [data-cachet="button"]');
  const editor = await extensionFrame(tab, 'compose.html');
  await editor.waitForSelector('[data-testid="compose-frame"][data-step="ready"]', { timeout: WAIT });
  return editor;
}

const body = (tab: Page): Promise<string> => tab.$eval('textarea#composebody', (el) => (el as HTMLTextAreaElement).value);

/** Waits until Roundcube's body holds a whole armored message different from `before`. */
async function armoredBody(tab: Page, before: string | null): Promise<string> {
  await tab.waitForFunction(
    (prev) => {
      const v = (document.querySelector('textarea#composebody') as HTMLTextAreaElement | null)?.value ?? '';
      return v.includes('-----END PGP MESSAGE-----') && v !== prev;
    },
    { timeout: WAIT },
    before,
  );
  return body(tab);
}

async function lockAll(h: ExtensionHarness): Promise<void> {
  const options = await h.openExtensionPage('options.html');
  expect((await sendFromPage(options, 'lockAll', {})).ok).toBe(true);
  await options.close();
}

beforeAll(() => stack('up.sh'), 300_000);
afterAll(() => {
  stack('down.sh');
  rmSync(STATE, { recursive: true, force: true });
  rmSync(SUPPORT_STATE, { recursive: true, force: true }); // made (empty) by importing the support module
});

describe.each(BROWSER_KINDS)('Roundcube encrypted drafts in %s', (kind) => {
  let h: ExtensionHarness;
  const secret = `Draft secret from alice in ${kind}: the otter sleeps at ${Date.now() % 1000}.`;
  const subject = `Cachet draft e2e ${kind}`;

  beforeAll(async () => {
    h = await launch(kind, { backgroundIdleMs: 60_000 });
    const options = await h.openExtensionPage('options.html');
    const gen = await sendFromPage(options, 'generateKey', { name: 'alice', emails: ['alice@example.test'], passphrase: PASS.alice, profile: 'ecc', expiresInDays: null });
    if (!gen.ok) throw new Error(`generateKey: ${gen.error.code}`);
    // Bob only needs to be a recipient with a public key here: no second browser.
    const bob = await openpgp.generateKey({ userIDs: [{ name: 'bob', email: 'bob@example.test' }], format: 'armored' });
    const imported = await sendFromPage(options, 'commitImport', { text: bob.publicKey, encoding: 'armored', passphrases: {}, newPassphrases: {} });
    if (!imported.ok) throw new Error(`commitImport: ${imported.error.code}`);
    await options.close();
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it('saves an encrypted draft that Roundcube stores as ciphertext, continues it in the frame and sends', async () => {
    const tab = await h.browser.newPage();
    tab.on('dialog', (d) => void d.accept());
    await login(tab);

    // 1. Write in the secure editor, encrypt-only mode (to see the mode come back), save a draft.
    await tab.goto(`${RC}/?_task=mail&_action=compose`, { waitUntil: 'load' });
    await tab.waitForSelector('textarea#composebody', { timeout: WAIT });
    await tab.type('#compose_to ul.recipient-input input', 'bob@example.test, ');
    await tab.type('#compose-subject', subject);
    const editor = await secureEditor(tab);
    await (await editor.waitForSelector('[data-testid="compose-text"]'))!.type(secret);
    await editor.select('[data-testid="compose-mode"]', 'encrypt');
    await domClick(editor, '[data-testid="compose-save-draft"]');
    const draftArmor = await armoredBody(tab, null);
    expect(draftArmor).toMatch(/^-----BEGIN PGP MESSAGE-----\n/);
    expect(await tab.$('iframe[data-cachet]')).toBeNull(); // the frame closed, the ciphertext is in the page
    expect(await tab.evaluate(() => document.documentElement.outerHTML)).not.toContain('otter sleeps');

    // 2. Roundcube's own Save: the Drafts folder holds the ciphertext only.
    await tab.evaluate(() => (window as unknown as { rcmail: { command(c: string): void } }).rcmail.command('savedraft'));
    const stored = await inMaildir('alice', 'Drafts', subject);
    expect(stored).toContain('-----BEGIN PGP MESSAGE-----');
    expect(stored).not.toContain('otter sleeps');
    await rcIdle(tab);

    // 3. Reopen the draft from Roundcube's Drafts folder (a fresh compose view), key locked.
    await lockAll(h);
    await tab.goto(`${RC}/?_task=mail&_mbox=Drafts`, { waitUntil: 'load' });
    const uid = await rowUid(tab, subject);
    await tab.goto(`${RC}/?_task=mail&_action=compose&_draft_uid=${uid}&_mbox=Drafts`, { waitUntil: 'load' });
    await tab.waitForFunction(() => (document.querySelector('textarea#composebody') as HTMLTextAreaElement | null)?.value.includes('-----END PGP MESSAGE-----'), {
      timeout: WAIT,
    });
    const reopened = await secureEditor(tab);
    expect(await reopened.$eval('[data-testid="compose-text"]', (el) => (el as HTMLTextAreaElement).value)).toBe('');
    await domClick(reopened, '[data-testid="compose-continue-draft"]');
    await answerPassphrase(reopened, PASS.alice); // decrypted here, in our frame
    await reopened.waitForFunction(
      (s) => (document.querySelector('[data-testid="compose-text"]') as HTMLTextAreaElement | null)?.value === s,
      { timeout: WAIT },
      secret,
    );
    expect(await reopened.$eval('[data-testid="compose-mode"]', (el) => (el as HTMLSelectElement).value)).toBe('encrypt');
    const to = await reopened.$$eval('[data-testid="recipient"]', (els) => els.map((e) => e.getAttribute('data-address')));
    expect(to.some((a) => a?.includes('bob@example.test'))).toBe(true);
    expect(await tab.evaluate(() => document.documentElement.outerHTML)).not.toContain('otter sleeps');

    // 4. Encrypt to bob and send with Roundcube's button.
    const before = await body(tab);
    await domClick(reopened, '[data-testid="compose-submit"]');
    await passphraseIfAsked(reopened, PASS.alice, '[data-testid="compose-done"]');
    const final = await armoredBody(tab, before);
    expect(final).not.toBe(draftArmor);
    await rcIdle(tab);
    await mouseClick(tab, 'button.btn.btn-primary.send');
    const received = await inMaildir('bob', '', subject);
    expect(received).toContain('-----BEGIN PGP MESSAGE-----');
    expect(received).not.toContain('otter sleeps');
    const sent = await inMaildir('alice', 'Sent', subject);
    expect(sent).not.toContain('otter sleeps');
    for (const d of maildir('alice', 'Drafts')) expect(d).not.toContain('otter sleeps');
    expect(await tab.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain('otter sleeps');
    await tab.close();
  }, 300_000);
});
