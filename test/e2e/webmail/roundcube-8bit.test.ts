/**
 * 8-bit ISO-8859-1 signed parts on the real Roundcube (issue 6 §2), in its own stack instance
 * (STATE dir of its own, PORT_BASE 18200). GnuPG signs a multipart/signed mail (RFC 3156 §5:
 * detached signature over the CRLF-canonical first part, headers included) whose signed part
 * is `text/plain; charset=ISO-8859-1` sent `8bit` (bytes 0xE9 0xE8 0xFC 0xDF) — and a
 * quoted-printable variant. Bob opens each in Roundcube's full view: our viewer frame must say
 * "good" (the adapter hands the raw source over byte for byte), and "bad" once one byte of the
 * signed part is changed after signing.
 *
 * Its stack instance (18200) comes from stack.ts; opening a mail stays here (it names the port).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_KINDS, until } from '../harness';
import { GpgHome } from '../support/gpg';
import { webmailStack } from './stack';
import { WAIT, extensionFrame, importPublic, userProfile, type Profile } from './roundcube-support';

const S = webmailStack(18200, '8bit');
const RC = S.rc;
const FILES = mkdtempSync(join(tmpdir(), 'cachet-e2e-8bit-files-'));
const SIGNER = 'Gpg Signer <gpg@example.test>';

/** Hands raw bytes (a latin1 string) to Postfix on loopback; resolves with the stored copy. */
function deliver(raw: string): Promise<string> {
  S.deliverRaw(raw);
  const subject = /^Subject: (.*)$/m.exec(raw)![1]!.trim();
  return S.inMaildir('bob', '', subject);
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

beforeAll(() => S.up(), 300_000);
afterAll(() => {
  S.down();
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
    await S.login(tab, 'bob');
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
