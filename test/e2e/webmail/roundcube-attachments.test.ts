/**
 * Encrypted attachments and big messages on the real Roundcube (issue 3 §4 and §6), in its
 * own stack instance (PORT_BASE 18500, STATE of its own, from stack.ts):
 * - alice (GnuPG) sends bob an inline-armored body with `report.pdf.pgp` (binary OpenPGP,
 *   encrypted to bob and signed) and a tampered `broken.bin.pgp`; bob opens it in Roundcube
 *   with Cachet, decrypts the body and then the attachment in OUR frame: the file offered for
 *   download equals alice's original, its signature is alice's; the tampered one shows one
 *   clear error for itself alone; the page never holds the plaintext.
 * - a ~20 MB PGP/MIME mail (made by gpg, dropped into bob's Maildir: Postfix caps at 25 MiB)
 *   decrypts in the frame; one whose encrypted.asc is just over 25 MiB gets TOO_LARGE there.
 * The bytes offered for download are read from the Blob our frame hands to the browser.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chownSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_KINDS, until } from '../harness';
import { GpgHome } from '../support/gpg';
import { webmailStack } from './stack';
import { STATE as SUPPORT_STATE, PASS, WAIT, answerPassphrase, clickDecrypt, domClick, importPublic, passphraseIfAsked, rowUid, userProfile, type Profile } from './roundcube-support';

const S = webmailStack(18500, 'attachments');
const RC = S.rc;
const BIG_WAIT = 300_000;
const BOB_MAILDIR = join(S.state, 'mail/example.test/bob/Maildir');

const deliverSmtp = (raw: string): void => S.deliverRaw(raw, 'alice@example.test');

/** Puts a message straight into bob's Maildir (RFC-less local delivery, as an MDA would), owned like his mail. */
function dropInMaildir(raw: string): void {
  const owner = statSync(BOB_MAILDIR);
  const file = join(BOB_MAILDIR, 'new', `${Date.now()}.M${randomBytes(4).toString('hex')}P${process.pid}.cachet`);
  writeFileSync(file, raw, 'latin1');
  chownSync(file, owner.uid, owner.gid);
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const base64Lines = (b: Buffer): string => b.toString('base64').replace(/.{76}/g, '$&\n');

function mimeMixed(subject: string, body: string, files: Array<{ name: string; bytes: Buffer }>): string {
  const parts = [
    `--mixed\nContent-Type: text/plain; charset=us-ascii\nContent-Transfer-Encoding: 7bit\n\n${body}`,
    ...files.map((f) => `--mixed\nContent-Type: application/octet-stream; name="${f.name}"\nContent-Disposition: attachment; filename="${f.name}"\nContent-Transfer-Encoding: base64\n\n${base64Lines(f.bytes)}`),
  ];
  return `From: alice <alice@example.test>\nTo: bob@example.test\nSubject: ${subject}\nDate: ${new Date().toUTCString()}\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="mixed"\n\n${parts.join('\n')}\n--mixed--\n`;
}

function pgpMime(subject: string, armored: string): string {
  return (
    `From: alice <alice@example.test>\nTo: bob@example.test\nSubject: ${subject}\nDate: ${new Date().toUTCString()}\nMIME-Version: 1.0\n` +
    `Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary="enc"\n\n` +
    `--enc\nContent-Type: application/pgp-encrypted\n\nVersion: 1\n\n` +
    `--enc\nContent-Type: application/octet-stream; name="encrypted.asc"\nContent-Disposition: inline; filename="encrypted.asc"\n\n${armored}\n--enc--\n`
  );
}

/**
 * Our viewer frame in the page. Its URL is read.html, with `#<session>` or (since frames
 * claim their session, PI-03) without; Firefox (BiDi) reports extension frames as
 * about:blank, so the frame itself is asked.
 */
async function viewerFrame(tab: Page, wait = WAIT): Promise<Frame> {
  return until(
    async () => {
      for (const f of tab.frames()) {
        const href = f.url().startsWith('about:') ? await f.evaluate(() => location.href).catch(() => '') : f.url();
        if (/^(?:chrome|moz)-extension:\/\/[^/]+\/read\.html(?:#|$)/.test(href)) return f;
      }
      return undefined;
    },
    wait,
    'the read.html frame in the page',
  );
}

/** Full view of the INBOX mail with this subject; its viewer frame. */
async function openMail(tab: Page, subject: string, wait = WAIT): Promise<Frame> {
  await tab.goto(`${RC}/?_task=mail&_mbox=INBOX`, { waitUntil: 'load' });
  const uid = await rowUid(tab, subject);
  await tab.goto(`${RC}/?_task=mail&_mbox=INBOX&_uid=${uid}&_action=show`, { waitUntil: 'load', timeout: BIG_WAIT });
  return viewerFrame(tab, wait);
}

/** Records every Blob our frame turns into a download URL (what the browser would save). */
async function recordDownloads(frame: Frame): Promise<void> {
  await frame.evaluate(() => {
    const w = window as unknown as { __blobs: Blob[] };
    w.__blobs = [];
    const original = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (b: Blob | MediaSource) => {
      if (b instanceof Blob) w.__blobs.push(b);
      return original(b);
    };
  });
}

async function lastDownload(frame: Frame): Promise<Buffer> {
  const b64 = await frame.evaluate(async () => {
    const blobs = (window as unknown as { __blobs: Blob[] }).__blobs;
    const bytes = new Uint8Array(await blobs[blobs.length - 1]!.arrayBuffer());
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x2000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x2000));
    return btoa(bin);
  });
  return Buffer.from(b64, 'base64');
}

let alice: GpgHome;
let aliceFpr: string;
let work: string;

beforeAll(async () => {
  S.up();
  work = mkdtempSync(join(tmpdir(), 'cachet-e2e-att-files-'));
  alice = GpgHome.create();
  aliceFpr = await alice.generate('alice <alice@example.test>', 'future-default', '');
}, 300_000);

afterAll(async () => {
  await alice?.close();
  S.down();
  rmSync(work, { recursive: true, force: true });
  rmSync(SUPPORT_STATE, { recursive: true, force: true }); // made (empty) by importing the support module
});

describe.each(BROWSER_KINDS)('Roundcube encrypted attachments and big mails in %s', (kind) => {
  let bob: Profile;
  const tag = `${kind}-${Date.now() % 100000}`;

  /** gpg: encrypt (and sign, as alice) a file to bob; binary unless `armor`. */
  async function encryptFile(input: string, output: string, o: { armor?: boolean; sign?: boolean; compress?: boolean } = {}): Promise<Buffer> {
    await alice.gpgOk([
      '--trust-model', 'always', '--yes', '--output', output, '--recipient', 'bob@example.test', '--local-user', aliceFpr,
      ...(o.armor ? ['--armor'] : []), ...(o.compress === false ? ['--compress-algo', 'none'] : []),
      ...(o.sign === false ? ['--encrypt'] : ['--encrypt', '--sign']), input,
    ], { passphrase: '' });
    return readFileSync(output);
  }

  beforeAll(async () => {
    bob = await userProfile(kind, 'bob');
    await alice.gpgOk(['--import'], { input: bob.publicKey });
    await importPublic(bob, await alice.exportPublic(aliceFpr));
  }, 180_000);

  afterAll(async () => {
    await bob?.h.close();
  });

  it('decrypts the body, then report.pdf.pgp in the frame: the file offered equals the original; a tampered one fails alone', async () => {
    const secret = `Quarterly numbers for bob (${tag}): the heron flies at dawn.`;
    const pdf = Buffer.concat([Buffer.from(`%PDF-1.4\n% cachet ${tag} heron-pdf-marker\n`), randomBytes(300_000), Buffer.from('\n%%EOF\n')]);
    writeFileSync(join(work, `body-${tag}.txt`), secret);
    writeFileSync(join(work, `report-${tag}.pdf`), pdf);
    const body = (await encryptFile(join(work, `body-${tag}.txt`), join(work, `body-${tag}.asc`), { armor: true })).toString('latin1');
    const report = await encryptFile(join(work, `report-${tag}.pdf`), join(work, `report-${tag}.pdf.pgp`));
    const broken = Buffer.from(report);
    broken[broken.length - 40] = broken[broken.length - 40]! ^ 0x01; // inside the encrypted data: integrity must fail
    const subject = `att ${tag}`;
    deliverSmtp(mimeMixed(subject, body, [{ name: 'report.pdf.pgp', bytes: report }, { name: 'broken.bin.pgp', bytes: broken }]));

    const tab = await bob.h.browser.newPage();
    await S.login(tab, 'bob');
    const frame = await openMail(tab, subject);
    await clickDecrypt(frame);
    await passphraseIfAsked(frame, PASS.bob, '[data-testid="read-text"]');
    await frame.waitForSelector('[data-testid="read-text"]', { timeout: WAIT });
    expect(await frame.$eval('[data-testid="read-text"]', (el) => el.textContent)).toContain('the heron flies at dawn');

    const item = '[data-testid="encrypted-attachment"][data-name="report.pdf"]';
    await frame.waitForSelector(item, { timeout: WAIT });
    expect(await frame.$$eval('[data-testid="encrypted-attachment"]', (els) => els.map((e) => e.getAttribute('data-name')))).toEqual(['report.pdf', 'broken.bin']);
    await recordDownloads(frame);
    await domClick(frame, `${item} [data-testid="attachment-decrypt"]`);
    await passphraseIfAsked(frame, PASS.bob, `${item}[data-step="done"]`);
    await frame.waitForSelector(`${item}[data-step="done"]`, { timeout: WAIT });
    expect(sha256(await lastDownload(frame))).toBe(sha256(pdf));
    const signer = await frame.$eval(`${item} [data-testid="signer"]`, (el) => ({ status: el.getAttribute('data-status'), mismatch: el.getAttribute('data-mismatch') }));
    expect(signer).toEqual({ status: 'good', mismatch: 'false' });

    const bad = '[data-testid="encrypted-attachment"][data-name="broken.bin"]';
    await domClick(frame, `${bad} [data-testid="attachment-decrypt"]`);
    await frame.waitForSelector(`${bad}[data-step="error"]`, { timeout: WAIT });
    expect(await frame.$eval(`${bad} [data-testid="attachment-error"]`, (el) => el.getAttribute('data-code'))).toBe('DECRYPT_FAILED');
    // The body and the good attachment are still shown; the page never saw any plaintext.
    expect(await frame.$(`${item}[data-step="done"]`)).not.toBeNull();
    expect(await frame.$eval('[data-testid="read-text"]', (el) => el.textContent)).toContain('the heron flies at dawn');
    const pageHtml = await tab.evaluate(() => document.documentElement.outerHTML);
    expect(pageHtml).not.toContain('heron flies');
    expect(pageHtml).not.toContain('heron-pdf-marker');
    await tab.close();
  }, BIG_WAIT);

  it('a ~20 MB PGP/MIME mail decrypts in the frame; one just over 25 MiB says TOO_LARGE there', async () => {
    // ~20 MB on the wire: an 11 MB random attachment inside, base64, encrypted without compression.
    const inner = randomBytes(11 * 1024 * 1024);
    const plain = `Content-Type: multipart/mixed; boundary="inner"\n\n--inner\nContent-Type: text/plain; charset=us-ascii\n\nBig mail for bob (${tag}): the lighthouse keeps its lamp lit.\n--inner\nContent-Type: application/octet-stream; name="big.bin"\nContent-Disposition: attachment; filename="big.bin"\nContent-Transfer-Encoding: base64\n\n${base64Lines(inner)}\n--inner--\n`;
    writeFileSync(join(work, `big-${tag}.eml`), plain);
    const bigArmor = (await encryptFile(join(work, `big-${tag}.eml`), join(work, `big-${tag}.asc`), { armor: true, compress: false })).toString('latin1');
    expect(bigArmor.length).toBeGreaterThan(19 * 1024 * 1024);
    expect(bigArmor.length).toBeLessThan(25 * 1024 * 1024);
    // Just over the 25 MiB cap once armored (never decrypted: its size alone decides).
    writeFileSync(join(work, `huge-${tag}.bin`), randomBytes(Math.ceil(19.7 * 1024 * 1024)));
    const hugeArmor = (await encryptFile(join(work, `huge-${tag}.bin`), join(work, `huge-${tag}.asc`), { armor: true, compress: false, sign: false })).toString('latin1');
    expect(hugeArmor.length).toBeGreaterThan(25 * 1024 * 1024);
    expect(hugeArmor.length).toBeLessThan(27 * 1024 * 1024);
    dropInMaildir(pgpMime(`big ${tag}`, bigArmor));
    dropInMaildir(pgpMime(`huge ${tag}`, hugeArmor));

    const tab = await bob.h.browser.newPage();
    await S.login(tab, 'bob');
    const frame = await openMail(tab, `big ${tag}`, BIG_WAIT); // the content script fetches ~20 MB first
    // Roundcube shows encrypted.asc as an attachment: the page itself stays small.
    expect(await tab.evaluate(() => document.documentElement.outerHTML.length)).toBeLessThan(500_000);
    await clickDecrypt(frame);
    // Decrypting ~20 MB on two shared cores takes a while (the frame shows its progress); the key may still be unlocked.
    const first = await frame.waitForSelector('[data-testid="read-text"], [data-testid="error"], [data-testid="passphrase-dialog-input"]', { timeout: BIG_WAIT });
    if (await first!.evaluate((el) => el.getAttribute('data-testid') === 'passphrase-dialog-input')) await answerPassphrase(frame, PASS.bob);
    await frame.waitForSelector('[data-testid="read-text"], [data-testid="error"]', { timeout: BIG_WAIT });
    const error = await frame.$eval('[data-testid="error"]', (el) => el.getAttribute('data-code')).catch(() => null);
    expect(error).toBeNull();
    expect(await frame.$eval('[data-testid="read-text"]', (el) => el.textContent)).toContain('the lighthouse keeps its lamp lit');
    await recordDownloads(frame);
    await domClick(frame, '[data-testid="attachment"]');
    await until(async () => ((await frame.evaluate(() => (window as unknown as { __blobs: Blob[] }).__blobs.length)) > 0 ? true : undefined), WAIT, 'the big attachment offered');
    expect(sha256(await lastDownload(frame))).toBe(sha256(inner));

    const huge = await openMail(tab, `huge ${tag}`, BIG_WAIT);
    await clickDecrypt(huge);
    await huge.waitForSelector('[data-testid="error"]', { timeout: BIG_WAIT });
    expect(await huge.$eval('[data-testid="error"]', (el) => el.getAttribute('data-code'))).toBe('TOO_LARGE');
    await tab.close();
  }, 2 * BIG_WAIT);
});
