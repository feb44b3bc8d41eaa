/**
 * Encrypted drafts on the real Roundcube (issue 3 §3 "Drafts"), in its own stack instance
 * (STATE dir of its own, PORT_BASE 18600, so it never shares ports with roundcube.test.ts):
 * alice writes in the secure editor and clicks "Save encrypted draft" — her text, encrypted
 * to her own key only, lands in Roundcube's body; Roundcube's own Save puts it in Drafts,
 * where the Maildir holds only ciphertext. She reopens the draft from Roundcube's Drafts,
 * opens the secure editor, clicks "Continue the draft": the text, recipients and mode are
 * back in OUR frame (never in the page), and she encrypts to bob and sends.
 *
 * Its stack instance comes from stack.ts; the page steps from roundcube-support.ts.
 */
import { rmSync } from 'node:fs';
import * as openpgp from 'openpgp';
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_KINDS, launch, sendFromPage, type ExtensionHarness } from '../harness';
import { webmailStack } from './stack';
import { STATE as SUPPORT_STATE, PASS, WAIT, answerPassphrase, domClick, extensionFrame, mouseClick, passphraseIfAsked, rcIdle, rowUid } from './roundcube-support';

const S = webmailStack(18600, 'drafts');
const RC = S.rc;

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

beforeAll(() => S.up(), 300_000);
afterAll(() => {
  S.down();
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
    await S.login(tab, 'alice');

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
    const stored = await S.inMaildir('alice', 'Drafts', subject);
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
    const received = await S.inMaildir('bob', '', subject);
    expect(received).toContain('-----BEGIN PGP MESSAGE-----');
    expect(received).not.toContain('otter sleeps');
    const sent = await S.inMaildir('alice', 'Sent', subject);
    expect(sent).not.toContain('otter sleeps');
    for (const d of S.maildir('alice', 'Drafts')) expect(d.text).not.toContain('otter sleeps');
    expect(await tab.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain('otter sleeps');
    await tab.close();
  }, 300_000);
});
