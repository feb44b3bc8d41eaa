/**
 * Shared pieces of the Roundcube e2e files: the loopback stack (scripts/webmail, PORT_BASE
 * 18700), Maildir access, Roundcube page steps, our frames inside it, and one browser profile
 * per user with that user's own key (bob's profile never holds alice's secret key).
 */
import { execFileSync } from 'node:child_process';
import type { Frame, Page } from 'puppeteer-core';
import { expect } from 'vitest';
import { GpgHome } from '../support/gpg';
import { webmailStack, type MailFolder } from './stack';
import { launch, sendFromPage, until, type BrowserKind, type ExtensionHarness } from '../harness';

/** The stack of the files that use these helpers (PORT_BASE 18700); other files make their own. */
const main = webmailStack(18700, 'webmail');
export const STATE = main.state;
export const RC = main.rc;
export const SMTP_PORT = main.smtpPort;
export const PASS = { alice: 'alice-key-copper-meadow-71', bob: 'bob-key-harbour-violet-38' } as const;
export const WAIT = 60_000;
export type User = keyof typeof PASS;

export function stack(script: 'up.sh' | 'down.sh'): void {
  if (script === 'up.sh') main.up();
  else main.down();
}

export const maildir = (user: User, folder: MailFolder = ''): Array<{ path: string; text: string }> => main.maildir(user, folder);
export const inMaildir = (user: User, folder: MailFolder, needle: string): Promise<string> => main.inMaildir(user, folder, needle);

/** Hands a raw RFC 5322 message to Postfix on loopback (as another MTA would). */
export const deliverRaw = (raw: string): void => main.deliverRaw(raw);

/** Sends bob an inline-armored and a PGP/MIME (RFC 3156) mail made by GnuPG. */
export function sendGpgMails(inline: string, pgpmime: string, tag: string): void {
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
with smtplib.SMTP('127.0.0.1', ${SMTP_PORT}) as s:
    s.send_message(m1); s.send_message(m2)
`;
  execFileSync('python3', ['-c', py, inline, pgpmime, tag], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 });
}

export const login = (tab: Page, user: User): Promise<void> => main.login(tab, user);

/** The IMAP uid of the first message-list row whose text includes `subject`. */
export async function rowUid(tab: Page, subject: string): Promise<string> {
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

/** Opens the full view of the INBOX mail with this subject and returns its viewer frame. */
export async function openMail(tab: Page, subject: string): Promise<Frame> {
  if (!(await tab.$('#messagelist'))) await tab.goto(`${RC}/?_task=mail&_mbox=INBOX`, { waitUntil: 'load' });
  const uid = await rowUid(tab, subject);
  await tab.goto(`${RC}/?_task=mail&_mbox=INBOX&_uid=${uid}&_action=show`, { waitUntil: 'load' });
  return extensionFrame(tab, 'read.html');
}

export async function extensionFrame(tab: Page, path: string): Promise<Frame> {
  return until(
    async () => {
      for (const f of tab.frames()) {
        // Firefox (BiDi) reports extension frames as about:blank: ask the frame itself.
        const href = f.url().startsWith('about:') ? await f.evaluate(() => location.href).catch(() => '') : f.url();
        if (href.includes(`/${path}#`) || href.endsWith(`/${path}`)) return f; // PI-03: no session id in the URL
      }
      return undefined;
    },
    WAIT,
    `the ${path} frame in the page`,
  );
}

/** Roundcube ignores commands (Send included) while a request such as a draft save is under way. */
export async function rcIdle(tab: Page): Promise<void> {
  await tab.waitForFunction(() => (window as unknown as { rcmail?: { busy: boolean } }).rcmail?.busy === false, { timeout: WAIT });
}

/** A real (trusted) click in the middle of an element — the Cachet button is in a closed shadow root. */
export async function mouseClick(tab: Page, selector: string): Promise<void> {
  const el = await tab.waitForSelector(selector, { visible: true, timeout: WAIT });
  const box = await el!.boundingBox();
  if (!box) throw new Error(`${selector} has no box`);
  await tab.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

export async function answerPassphrase(frame: Frame, passphrase: string): Promise<void> {
  const input = await frame.waitForSelector('[data-testid="passphrase-dialog-input"]', { timeout: WAIT });
  await input!.type(passphrase);
  await (await frame.$('[data-testid="passphrase-dialog-ok"]'))!.click();
}

/** Answers the passphrase dialog if the frame asks first (the key may still be unlocked) rather than showing `done`. */
export async function passphraseIfAsked(frame: Frame, passphrase: string, done: string): Promise<void> {
  let asked: boolean;
  try {
    const first = await frame.waitForSelector(`${done}, [data-testid="passphrase-dialog-input"]`, { timeout: WAIT });
    asked = await first!.evaluate((el) => el.getAttribute('data-testid') === 'passphrase-dialog-input');
  } catch (e) {
    // The secure editor removes itself once its result is in the page: nothing was asked.
    if (frame.detached) return;
    throw e;
  }
  if (asked) await answerPassphrase(frame, passphrase);
}

/** Waits until a viewer frame is ready to decrypt and clicks Decrypt; fails with what the frame shows instead. */
export async function clickDecrypt(frame: Frame): Promise<void> {
  const first = await frame.waitForSelector('[data-testid="decrypt"], [data-testid="error"]', { timeout: WAIT });
  const error = await first!.evaluate((el) => (el.getAttribute('data-testid') === 'error' ? `${el.getAttribute('data-code')}: ${el.textContent}` : null));
  if (error) throw new Error(`the viewer shows an error instead of Decrypt: ${error}`);
  await first!.evaluate((b) => (b as HTMLElement).click());
}

/**
 * Opens Roundcube's compose view with bob as recipient and a subject, runs `before` (a page
 * script, say), clicks Cachet's button and returns the secure editor, ready.
 */
export async function openSecureEditor(tab: Page, subject: string, before?: () => Promise<void>): Promise<Frame> {
  await tab.goto(`${RC}/?_task=mail&_action=compose`, { waitUntil: 'load' });
  await tab.waitForSelector('textarea#composebody', { timeout: WAIT });
  await tab.type('#compose_to ul.recipient-input input', 'bob@example.test, ');
  await tab.type('#compose-subject', subject);
  await before?.();
  await mouseClick(tab, '#composebodycontainer [data-cachet="button"], [data-cachet="button"]');
  const editor = await extensionFrame(tab, 'compose.html');
  await editor.waitForSelector('[data-testid="compose-frame"][data-step="ready"]', { timeout: WAIT });
  return editor;
}

/** DOM click: our frame resizes itself as its content changes. */
export async function domClick(frame: Frame, selector: string): Promise<void> {
  await (await frame.waitForSelector(selector, { timeout: WAIT }))!.evaluate((b) => (b as HTMLElement).click());
}

export interface Profile {
  h: ExtensionHarness;
  fingerprint: string;
  publicKey: string;
}

/** A browser with its own profile and one key of `user` (passphrase PASS[user]). */
export async function userProfile(kind: BrowserKind, user: User): Promise<Profile> {
  const h = await launch(kind, { backgroundIdleMs: 60_000 });
  const options = await h.openExtensionPage('options.html');
  const r = await sendFromPage(options, 'generateKey', { name: user, emails: [`${user}@example.test`], passphrase: PASS[user], profile: 'ecc', expiresInDays: null });
  if (!r.ok) throw new Error(`generateKey ${user}: ${r.error.code}`);
  const fingerprint = r.value.key.fingerprint;
  const pub = await sendFromPage(options, 'exportKey', { fingerprint, kind: 'public', passphrase: null });
  if (!pub.ok) throw new Error(`exportKey ${user}: ${pub.error.code}`);
  await options.close();
  return { h, fingerprint, publicKey: pub.value.armored };
}

export async function importPublic(p: Profile, armored: string): Promise<void> {
  const options = await p.h.openExtensionPage('options.html');
  const r = await sendFromPage(options, 'commitImport', { text: armored, encoding: 'armored', passphrases: {}, newPassphrases: {} });
  if (!r.ok) throw new Error(`commitImport: ${r.error.code}`);
  await options.close();
}

/** Bob's secret key, exported for GnuPG, in a throw-away gpg home (with alice's public key). */
export async function gpgWithKey(owner: Profile, passphrase: string, alsoPublic: string): Promise<GpgHome> {
  const options = await owner.h.openExtensionPage('options.html');
  const sec = await sendFromPage(options, 'exportKey', { fingerprint: owner.fingerprint, kind: 'private-gnupg', passphrase });
  await options.close();
  if (!sec.ok) throw new Error(`exportKey private-gnupg: ${sec.error.code}`);
  const gpg = GpgHome.create();
  await gpg.gpgOk(['--import'], { input: sec.value.armored, passphrase });
  await gpg.gpgOk(['--import'], { input: alsoPublic });
  return gpg;
}

/** Locks every unlocked key of a profile (the next decryption asks in the frame). */
export async function lockAll(p: Profile): Promise<void> {
  const options = await p.h.openExtensionPage('options.html');
  expect((await sendFromPage(options, 'lockAll', {})).ok).toBe(true);
  await options.close();
}

/** The bytes of an attachment of the open full view (`_action=get`, with the page's session cookie). */
export async function attachmentBytes(tab: Page, name: string): Promise<Buffer> {
  const b64 = await tab.evaluate(async (n) => {
    const link = [...document.querySelectorAll<HTMLAnchorElement>('#attachment-list li a.filename')].find((a) => a.textContent?.includes(n));
    if (!link) return null;
    const url = new URL(link.href);
    url.searchParams.set('_download', '1');
    const bytes = new Uint8Array(await (await fetch(url, { credentials: 'same-origin' })).arrayBuffer());
    let bin = '';
    for (const b of bytes) bin += String.fromCharCode(b);
    return btoa(bin);
  }, name);
  if (b64 === null) throw new Error(`no attachment ${name} in the view`);
  return Buffer.from(b64, 'base64');
}
