/**
 * The real Roundcube (scripts/webmail/up.sh) with the test build, alice and bob each in their
 * OWN browser profile holding only their own secret key (and the other's public key): alice
 * writes in the secure editor over Roundcube's compose body, attaches a file there, the
 * armored result and the encrypted attachment land in Roundcube and she sends with
 * Roundcube's own button; bob opens the mail in his browser, decrypts with his passphrase and
 * sees alice's signature. What Dovecot stored decrypts and verifies with gpg; Sent and Drafts
 * hold the secret only as ciphertext.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElementHandle } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerConfirmWindow, BROWSER_KINDS } from '../harness';
import { GpgHome } from '../support/gpg';
import {
  PASS, RC, STATE, WAIT, answerPassphrase, attachmentBytes, clickDecrypt, deliverRaw, rcIdle, domClick, extensionFrame, gpgWithKey, importPublic, inMaildir, lockAll,
  login, mouseClick, openMail, openSecureEditor, passphraseIfAsked, rowUid, sendGpgMails, stack, userProfile, type Profile,
} from './roundcube-support';

const FILES = mkdtempSync(join(tmpdir(), 'cachet-e2e-rc-files-'));

beforeAll(() => stack('up.sh'), 300_000);
afterAll(() => {
  stack('down.sh');
  rmSync(STATE, { recursive: true, force: true });
  rmSync(FILES, { recursive: true, force: true });
});

/** The armored PGP block of a stored mail (Roundcube sends it 7bit/quoted-printable-free in plain mode). */
function armorIn(raw: string): string {
  const m = /-----BEGIN PGP MESSAGE-----[\s\S]*?-----END PGP MESSAGE-----/.exec(raw.replace(/\r\n/g, '\n'));
  if (!m) throw new Error('no armored block in the stored mail');
  return `${m[0]}\n`;
}

describe.each(BROWSER_KINDS)('Roundcube in %s', (kind) => {
  let alice: Profile;
  let bob: Profile;
  const secret = `Roundcube secret from alice in ${kind}: the heron counts to ${Date.now() % 1000}.`;
  const subject = `Cachet e2e ${kind}`;
  const fileName = `figures-${kind}.bin`;
  const fileBytes = randomBytes(48 * 1024);

  beforeAll(async () => {
    alice = await userProfile(kind, 'alice');
    bob = await userProfile(kind, 'bob');
    await importPublic(alice, bob.publicKey);
    await importPublic(bob, alice.publicKey);
    writeFileSync(join(FILES, fileName), fileBytes);
  });

  /** Bob's key in GnuPG, made once (exporting for GnuPG re-protects the key: slow). */
  let bobGpg: GpgHome | undefined;
  const gpgBob = async (): Promise<GpgHome> => (bobGpg ??= await gpgWithKey(bob, PASS.bob, alice.publicKey));

  afterAll(async () => {
    await bobGpg?.close();
    await alice?.h.close();
    await bob?.h.close();
  });

  it('alice encrypts, signs and attaches in the secure editor; Roundcube sends, saves and stores only ciphertext', async () => {
    const tab = await alice.h.browser.newPage();
    tab.on('dialog', (d) => void d.accept());
    await login(tab, 'alice');
    const editor = await openSecureEditor(tab, subject, async () => {
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
        setInterval(() => {
          for (let i = 0; i < frames.length; i++) {
            try {
              log.push(`frame:${frames[i]!.document.documentElement.outerHTML}`);
            } catch {
              log.push('frame:blocked');
            }
          }
        }, 200); // the attacker polls; Cachet never does
      });
    });
    await (await editor.waitForSelector('[data-testid="compose-text"]'))!.type(secret);
    const picker = (await editor.waitForSelector('input[data-testid="compose-files"]', { timeout: WAIT })) as ElementHandle<HTMLInputElement>;
    await picker.uploadFile(join(FILES, fileName));
    await editor.waitForSelector('[data-testid="compose-file"]', { timeout: WAIT });
    await domClick(editor, '[data-testid="compose-submit"]');
    await answerPassphrase(editor, PASS.alice);

    await tab.waitForFunction(
      () => (document.querySelector('textarea#composebody') as HTMLTextAreaElement | null)?.value.includes('-----END PGP MESSAGE-----'),
      { timeout: WAIT },
    );
    // The content script handed `name.pgp` to Roundcube's upload input; wait for the upload to finish.
    await tab.waitForFunction(
      (n) => [...document.querySelectorAll('#attachment-list li[id^="rcmfile"]')].some((li) => li.textContent?.includes(n)),
      { timeout: WAIT },
      `${fileName}.pgp`,
    );
    expect(await tab.$eval('textarea#composebody', (el) => (el as HTMLTextAreaElement).value)).toMatch(/^-----BEGIN PGP MESSAGE-----\n/);
    expect(await tab.$('iframe[data-cachet]')).toBeNull(); // the editor frame is gone, the webmail editor is back
    expect(await tab.evaluate(() => document.documentElement.outerHTML)).not.toContain('heron counts');
    const spied = await tab.evaluate(() => (window as unknown as { __spy: string[] }).__spy.join('\n'));
    expect(spied).toContain('frame:blocked'); // it did try our frame
    expect(spied).not.toContain('heron counts');
    expect(spied).not.toContain(PASS.alice);
    expect(spied).not.toMatch(/key:h\b/); // keystrokes in our frame never reach the page
    expect(await tab.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain('heron counts');

    // Roundcube's own "Save" puts the draft in Drafts over IMAP: ciphertext only.
    await tab.evaluate(() => (window as unknown as { rcmail: { command(c: string): void } }).rcmail.command('savedraft'));
    const draft = await inMaildir('alice', 'Drafts', subject);
    expect(draft).toContain('-----BEGIN PGP MESSAGE-----');
    expect(draft).not.toContain('heron counts');

    await rcIdle(tab);
    await mouseClick(tab, 'button.btn.btn-primary.send'); // Roundcube's own Send button
    const stored = await inMaildir('bob', '', subject);
    expect(stored).toContain('-----BEGIN PGP MESSAGE-----');
    expect(stored).toContain(`${fileName}.pgp`);
    expect(stored).not.toContain('heron counts');
    const sent = await inMaildir('alice', 'Sent', subject);
    expect(sent).toContain('-----BEGIN PGP MESSAGE-----');
    expect(sent).not.toContain('heron counts');
    await tab.close();
  });

  it('what bob received decrypts and verifies with gpg (signed by alice)', async () => {
    const gpg = await gpgBob();
    const stored = await inMaildir('bob', '', subject);
    const r = await gpg.gpgOk(['--trust-model', 'always', '--decrypt'], { input: armorIn(stored), passphrase: PASS.bob });
    expect(r.stdout).toBe(secret);
    expect(r.stderr).toMatch(new RegExp(`VALIDSIG [0-9A-F]{40}.* ${alice.fingerprint}`));
  });

  it('bob, in his own profile, decrypts with his passphrase, sees alice’s signature and gets the attachment intact', async () => {
    await lockAll(bob);
    const tab = await bob.h.browser.newPage();
    await login(tab, 'bob');
    const viewer = await openMail(tab, subject);
    expect(await tab.$eval('#messagebody .message-part > div.pre', (el) => getComputedStyle(el).display)).toBe('none');
    await clickDecrypt(viewer);
    // Only bob's key can open it here: the dialog names his key, never alice's.
    const dialog = await viewer.waitForSelector('[data-testid="passphrase-dialog"]', { timeout: WAIT });
    await viewer.waitForSelector('[data-testid="passphrase-dialog-input"]', { timeout: WAIT });
    const asked = (await dialog!.evaluate((el) => el.textContent ?? '')).replace(/\s+/g, '').toUpperCase();
    expect(asked).toContain(bob.fingerprint.slice(-16));
    expect(asked).not.toContain(alice.fingerprint.slice(-16));
    await answerPassphrase(viewer, PASS.bob);
    const text = await viewer.waitForSelector('[data-testid="read-text"]', { timeout: WAIT });
    expect(await text!.evaluate((el) => el.textContent)).toBe(secret);
    const signer = await viewer.waitForSelector('[data-testid="signer"]', { timeout: WAIT });
    expect(await signer!.evaluate((el) => el.getAttribute('data-status'))).toBe('good');
    const signerText = (await signer!.evaluate((el) => el.textContent ?? '')).replace(/\s+/g, '');
    expect(signerText).toContain('alice@example.test');
    expect(signerText.toUpperCase()).toContain(alice.fingerprint.slice(-16));
    expect(await tab.evaluate(() => document.documentElement.outerHTML)).not.toContain('heron counts');

    // The attachment as Roundcube serves it to bob: ciphertext that opens to alice's exact bytes.
    const encrypted = await attachmentBytes(tab, `${fileName}.pgp`);
    expect(encrypted.includes(fileBytes.subarray(0, 64))).toBe(false);
    const input = join(FILES, `${kind}-in.pgp`);
    const output = join(FILES, `${kind}-out.bin`);
    writeFileSync(input, encrypted);
    await (await gpgBob()).gpgOk(['--trust-model', 'always', '--output', output, '--decrypt', input], { passphrase: PASS.bob });
    expect(Buffer.compare(readFileSync(output), fileBytes)).toBe(0);
    await tab.close();
  });

  it('GnuPG-made mails: inline in the preview frame and PGP/MIME in the full view decrypt in bob’s viewer', async () => {
    await lockAll(bob);
    const gpg = GpgHome.create();
    const tag = `${kind}-${Date.now() % 100000}`;
    try {
      await gpg.gpgOk(['--import'], { input: bob.publicKey });
      const enc = ['--armor', '--trust-model', 'always', '--encrypt', '-r', 'bob@example.test'];
      const inline = (await gpg.gpgOk(enc, { input: `GnuPG inline secret ${tag}\n` })).stdout;
      const mime = `Content-Type: text/plain; charset=utf-8\r\n\r\nGnuPG PGP/MIME secret ${tag}\r\n`;
      const pgpmime = (await gpg.gpgOk(enc, { input: mime })).stdout;
      sendGpgMails(inline, pgpmime, tag);
    } finally {
      await gpg.close();
    }

    const tab = await bob.h.browser.newPage();
    await login(tab, 'bob');
    const inlineUid = await rowUid(tab, `gpg inline ${tag}`);
    // A click on the row opens Roundcube's preview iframe: the content script runs there too (all_frames).
    await tab.click(`#messagelist tr#rcmrow${Buffer.from(inlineUid).toString('base64').replace(/=+$/, '')} td.subject`);
    const preview = await extensionFrame(tab, 'read.html');
    await clickDecrypt(preview);
    await answerPassphrase(preview, PASS.bob);
    const text = await preview.waitForSelector('[data-testid="read-text"]', { timeout: WAIT });
    expect(await text!.evaluate((el) => el.textContent?.trim())).toBe(`GnuPG inline secret ${tag}`);

    const viewer = await openMail(tab, `gpg pgpmime ${tag}`);
    await clickDecrypt(viewer);
    const mimeText = await viewer.waitForSelector('[data-testid="read-text"]', { timeout: WAIT });
    expect(await mimeText!.evaluate((el) => el.textContent?.trim())).toBe(`GnuPG PGP/MIME secret ${tag}`);
    await tab.close();
  });

  it('HTML mode (TinyMCE): the armored result goes into TinyMCE line by line and bob decrypts what Roundcube sent', async () => {
    const secret = `TinyMCE secret in ${kind}: the lantern hums at ${Date.now() % 1000}.`;
    const htmlSubject = `Cachet e2e HTML ${kind}`;
    const tab = await alice.h.browser.newPage();
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
    await domClick(editor, '[data-testid="compose-submit"]');
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
    expect(await inMaildir('bob', '', htmlSubject)).not.toContain('lantern hums');
    await tab.close();

    const reader = await bob.h.browser.newPage();
    await login(reader, 'bob');
    const viewer = await openMail(reader, htmlSubject);
    await clickDecrypt(viewer);
    await passphraseIfAsked(viewer, PASS.bob, '[data-testid="read-text"]');
    const text = await viewer.waitForSelector('[data-testid="read-text"]', { timeout: WAIT });
    expect(await text!.evaluate((el) => el.textContent)).toBe(secret);
    await reader.close();
  });

  it('a sign-only mail verifies in bob’s viewer; the same mail altered after signing shows a bad signature', async () => {
    const signSubject = `Cachet e2e signed ${kind}`;
    const signed = `Signed in ${kind}: the tide turns at ${Date.now() % 1000}.`;
    const tab = await alice.h.browser.newPage();
    tab.on('dialog', (d) => void d.accept());
    await login(tab, 'alice');
    const editor = await openSecureEditor(tab, signSubject);
    await editor.select('[data-testid="compose-mode"]', 'sign');
    await (await editor.waitForSelector('[data-testid="compose-text"]'))!.type(signed);
    await domClick(editor, '[data-testid="compose-submit"]');
    // PI-03: the text leaves Cachet in the clear only once approved in Cachet's window, which shows it.
    await answerConfirmWindow(alice.h, true, 'signOnly', async (win) => {
      expect(await win.$eval('[data-testid="confirm-preview"]', (e) => e.textContent)).toBe(signed);
    });
    await passphraseIfAsked(editor, PASS.alice, '[data-testid="compose-done"]');
    await tab.waitForFunction(
      () => (document.querySelector('textarea#composebody') as HTMLTextAreaElement | null)?.value.includes('-----END PGP SIGNATURE-----'),
      { timeout: WAIT },
    );
    await mouseClick(tab, 'button.btn.btn-primary.send');
    const raw = await inMaildir('bob', '', signSubject);
    await tab.close();

    const reader = await bob.h.browser.newPage();
    await login(reader, 'bob');
    const viewer = await openMail(reader, signSubject);
    const signer = await viewer.waitForSelector('[data-testid="signer"]', { timeout: WAIT });
    expect(await signer!.evaluate((el) => el.getAttribute('data-status'))).toBe('good');
    expect((await signer!.evaluate((el) => el.textContent ?? '')).replace(/\s+/g, '').toUpperCase()).toContain(alice.fingerprint.slice(-16));

    // The same mail, one word changed in the signed text by someone on the way, delivered again.
    const alteredSubject = `Cachet e2e altered ${kind}`;
    expect(raw.split('tide turns').length).toBe(2);
    deliverRaw(raw.replace(signSubject, alteredSubject).replace('tide turns', 'tide burns'));
    await inMaildir('bob', '', alteredSubject);
    const altered = await openMail(reader, alteredSubject);
    const bad = await altered.waitForSelector('[data-testid="signer"]', { timeout: WAIT });
    expect(await bad!.evaluate((el) => el.getAttribute('data-status'))).toBe('bad');
    await reader.close();
  });

  it('a tampered ciphertext shows one clear error and no plaintext', async () => {
    const raw = await inMaildir('bob', '', subject);
    const armor = armorIn(raw).trimEnd().split('\n');
    const body = armor.findIndex((l) => l === '') + 1;
    const end = armor.findIndex((l) => l.startsWith('=') || l.startsWith('-----END'));
    const i = body + Math.floor((end - body) * 0.75); // inside the encrypted data packet, past the key packets
    const line = armor[i]!;
    const flipped = line.slice(0, 10) + (line[10] === 'A' ? 'B' : 'A') + line.slice(11);
    const tamperedSubject = `Cachet e2e tampered ${kind}`;
    deliverRaw(raw.replace(subject, tamperedSubject).replace(`\n${line}`, `\n${flipped}`).replace(`\r\n${line}`, `\r\n${flipped}`));
    await inMaildir('bob', '', tamperedSubject);

    const tab = await bob.h.browser.newPage();
    await login(tab, 'bob');
    const viewer = await openMail(tab, tamperedSubject);
    await clickDecrypt(viewer);
    await passphraseIfAsked(viewer, PASS.bob, '[data-testid="error"]');
    await viewer.waitForSelector('[data-testid="error"]', { timeout: WAIT });
    expect(await viewer.$$eval('[data-testid="error"]', (els) => els.length)).toBe(1);
    expect(await viewer.$('[data-testid="read-text"]')).toBeNull();
    expect(await viewer.evaluate(() => document.body.textContent ?? '')).not.toContain('heron counts');
    await tab.close();
  });
});
