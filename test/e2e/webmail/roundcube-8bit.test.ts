/**
 * 8-bit ISO-8859-1 signed parts on the real Roundcube (issue 6 §2), in its own stack instance
 * (STATE dir of its own, PORT_BASE 18200). GnuPG signs a multipart/signed mail (RFC 3156 §5:
 * detached signature over the CRLF-canonical first part, headers included) whose signed part
 * is `text/plain; charset=ISO-8859-1` sent `8bit` (bytes 0xE9 0xE8 0xFC 0xDF) — and a
 * quoted-printable variant. Bob opens each in Roundcube's full view: our viewer frame must say
 * "good" (the adapter hands the raw source over byte for byte), and "bad" once one byte of the
 * signed part is changed after signing.
 *
 * roundcube-support.ts pins its stack to PORT_BASE 18700, so the steps that name the port or
 * the Maildir (stack, delivery, login, open) are repeated here for 18200.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_KINDS, until } from '../harness';
import { GpgHome } from '../support/gpg';
import { WAIT, extensionFrame, importPublic, userProfile, type Profile } from './roundcube-support';

const ROOT = resolve(import.meta.dirname, '../../..');
const STATE = mkdtempSync(join(tmpdir(), 'cachet-e2e-8bit-'));
const FILES = mkdtempSync(join(tmpdir(), 'cachet-e2e-8bit-files-'));
const STACK_ENV = { ...process.env, STATE, PORT_BASE: '18200' };
const RC = 'http://127.0.0.1:18280';
const SMTP_PORT = 18225;
const SIGNER = 'Gpg Signer <gpg@example.test>';

function stack(script: 'up.sh' | 'down.sh'): void {
  execFileSync('bash', [join(ROOT, 'scripts/webmail', script)], { env: STACK_ENV, stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 });
}

/** Bob's INBOX files, read as bytes (latin1: one char per byte). */
function inbox(): string[] {
  const out: string[] = [];
  for (const sub of ['new', 'cur']) {
    const dir = join(STATE, 'mail/example.test/bob/Maildir', sub);
    if (existsSync(dir)) for (const f of readdirSync(dir)) out.push(readFileSync(join(dir, f), 'latin1'));
  }
  return out;
}

/** Hands raw bytes (a latin1 string) to Postfix on loopback, as another MTA would. */
function deliver(raw: string): Promise<string> {
  const py = `
import sys, smtplib
with smtplib.SMTP('127.0.0.1', ${SMTP_PORT}) as s:
    s.sendmail('gpg@example.test', ['bob@example.test'], sys.stdin.buffer.read())
`;
  execFileSync('python3', ['-c', py], { input: Buffer.from(raw, 'latin1'), stdio: ['pipe', 'ignore', 'pipe'], timeout: 30_000 });
  const subject = /^Subject: (.*)$/m.exec(raw)![1]!.trim();
  return until(async () => inbox().find((m) => m.includes(subject)), WAIT, `"${subject}" in bob's INBOX`);
}

async function login(tab: Page): Promise<void> {
  await tab.goto(`${RC}/?_task=login`, { waitUntil: 'load' });
  await tab.waitForSelector('#rcmloginuser', { timeout: WAIT });
  await tab.type('#rcmloginuser', 'bob@example.test');
  await tab.type('#rcmloginpwd', 'bob-pw');
  await Promise.all([tab.waitForNavigation({ waitUntil: 'load', timeout: WAIT }), tab.click('#rcmloginsubmit')]);
  await tab.waitForSelector('body.task-mail', { timeout: WAIT });
}

/** Opens the full view of the INBOX mail with this subject and returns its viewer frame. */
async function openMail(tab: Page, subject: string): Promise<Frame> {
  await tab.goto(`${RC}/?_task=mail&_mbox=INBOX`, { waitUntil: 'load' });
  await tab.waitForSelector('#messagelist tbody tr', { timeout: WAIT });
  const uid = await until(
    async () =>
      tab.evaluate((subj) => {
        const row = [...document.querySelectorAll('#messagelist tbody tr')].find((tr) => tr.textContent?.includes(subj));
        return row ? atob(row.id.replace(/^rcmrow/, '')) : undefined;
      }, subject),
    WAIT,
    `"${subject}" in the message list`,
  );
  await tab.goto(`${RC}/?_task=mail&_mbox=INBOX&_uid=${uid}&_action=show`, { waitUntil: 'load' });
  return extensionFrame(tab, 'read.html');
}

async function signerStatus(tab: Page, subject: string): Promise<string | null> {
  const viewer = await openMail(tab, subject);
  const signer = await viewer.waitForSelector('[data-testid="signer"]', { timeout: WAIT });
  return signer!.evaluate((el) => el.getAttribute('data-status'));
}

// "Café crème, grüße": 0xE9, 0xE8, 0xFC, 0xDF in ISO-8859-1.
const TEXT_8BIT = 'Caf\xe9 cr\xe8me, gr\xfc\xdfe \xe0 bient\xf4t.\r\nZweite Zeile: \xfcber.\r\n';
const TEXT_QP = 'Caf=E9 cr=E8me, gr=FC=DFe =E0 bient=F4t.\r\nZweite Zeile: =FCber.\r\n';

/** A multipart/signed mail (RFC 3156 §5) whose first part is exactly `part` (CRLF lines), signed by gpg. */
async function signedMail(gpg: GpgHome, fpr: string, subject: string, part: string): Promise<string> {
  const file = join(FILES, `${subject.replace(/\W+/g, '-')}.part`);
  writeFileSync(file, Buffer.from(part, 'latin1'));
  const sig = (await gpg.gpgOk(['--armor', '--detach-sign', '--digest-algo', 'SHA256', '-u', fpr, '--output', '-', file])).stdout;
  const b = `=-=cachet-8bit-${Date.now()}=-=`;
  return [
    `From: ${SIGNER}`,
    'To: bob@example.test',
    `Subject: ${subject}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/signed; boundary="${b}"; micalg=pgp-sha256; protocol="application/pgp-signature"`,
    '',
    `--${b}`,
    // The signed part ends with its own last CRLF; the CRLF before the next delimiter is the delimiter's (RFC 2046 §5.1.1).
    `${part}`,
    `--${b}`,
    'Content-Type: application/pgp-signature; name="signature.asc"',
    'Content-Disposition: attachment; filename="signature.asc"',
    '',
    sig.replace(/\r?\n/g, '\r\n').trimEnd(),
    `--${b}--`,
    '',
  ].join('\r\n');
}

beforeAll(() => stack('up.sh'), 300_000);
afterAll(() => {
  stack('down.sh');
  rmSync(STATE, { recursive: true, force: true });
  rmSync(FILES, { recursive: true, force: true });
});

describe.each(BROWSER_KINDS)('Roundcube 8-bit signed parts in %s', (kind) => {
  let bob: Profile;
  let gpg: GpgHome;
  let fpr: string;

  beforeAll(async () => {
    gpg = GpgHome.create();
    fpr = await gpg.generate(SIGNER, 'future-default', '');
    bob = await userProfile(kind, 'bob');
    await importPublic(bob, await gpg.exportPublic(fpr));
  }, 180_000);

  afterAll(async () => {
    await gpg?.close();
    await bob?.h.close();
  });

  it.each([
    ['8bit', TEXT_8BIT],
    ['quoted-printable', TEXT_QP],
  ])('a %s ISO-8859-1 signed part verifies; one byte changed after signing shows a bad signature', async (cte, body) => {
    const part = `Content-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: ${cte}\r\n\r\n${body}`;
    const subject = `Cachet 8bit ${cte} ${kind}`;
    const stored = await deliver(await signedMail(gpg, fpr, subject, part));
    // The stack delivers the part as it was signed (no 8bit → QP conversion on the way).
    expect(stored).toContain(body.split('\r\n')[0]!);

    const tab = await bob.h.browser.newPage();
    await login(tab);
    expect(await signerStatus(tab, subject)).toBe('good');

    // One byte of the signed text changed on the way: é (0xE9) → ê (0xEA), or its QP form.
    const tamperedSubject = `Cachet 8bit tampered ${cte} ${kind}`;
    const [from, to] = cte === '8bit' ? ['Caf\xe9', 'Caf\xea'] : ['Caf=E9', 'Caf=EA'];
    const good = await signedMail(gpg, fpr, tamperedSubject, part);
    expect(good.split(from).length).toBe(2);
    await deliver(good.replace(from, to));
    expect(await signerStatus(tab, tamperedSubject)).toBe('bad');
    await tab.close();
  }, 240_000);
});
