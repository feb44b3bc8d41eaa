// Regenerates test/fixtures/webmail/roundcube/*.html from a real Roundcube 1.6 (elastic skin).
//   node scripts/save-roundcube-fixtures.mjs
// Brings up its own webmail stack (scripts/webmail/up.sh, STATE/PORT_BASE below) unless RC_STATE
// names a running one, sends bob GnuPG-made inline and PGP/MIME mails, logs in with headless
// Chromium (puppeteer-core) and saves each view's DOM with scripts, styles and tokens stripped.
// Always stops the stack it started.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'test/fixtures/webmail/roundcube');
const ownStack = !process.env.RC_STATE;
const state = process.env.RC_STATE ?? join(tmpdir(), 'cachet-fixtures-webmail');
const stackEnv = { ...process.env, STATE: state, PORT_BASE: process.env.PORT_BASE ?? '18600' };

function readEnv() {
  const env = {};
  for (const line of readFileSync(join(state, 'env'), 'utf8').split('\n')) {
    const m = /^(\w+)=("?)([^"#]*)\2/.exec(line);
    if (m) env[m[1]] = m[3].trim();
  }
  return env;
}

/** Throw-away keys; one inline-encrypted, one cleartext-signed and one PGP/MIME mail to bob. */
function sendMails(env) {
  const home = mkdtempSync(join(tmpdir(), 'cachet-fx-gpg-'));
  const gpg = (args, input) =>
    execFileSync('gpg', ['--batch', '--quiet', '--homedir', home, ...args], { input, encoding: 'utf8' });
  try {
    for (const u of ['alice', 'bob']) {
      gpg(['--passphrase', '', '--quick-gen-key', `${u} <${u}@${env.DOMAIN}>`, 'future-default', 'default', 'never']);
    }
    const enc = ['--armor', '--trust-model', 'always', '--encrypt', '-r', `bob@${env.DOMAIN}`, '-r', `alice@${env.DOMAIN}`];
    const inline = gpg(enc, 'Secret inline message for Bob.\n');
    const signed = gpg(['--local-user', `alice@${env.DOMAIN}`, '--clearsign'], 'Signed, not secret.\n');
    const mime = 'Content-Type: text/plain; charset=utf-8\r\n\r\nSecret PGP/MIME message for Bob.\r\n';
    const pgpmime = gpg(['--local-user', `alice@${env.DOMAIN}`, '--sign', ...enc], mime);
    const dir = mkdtempSync(join(tmpdir(), 'cachet-fx-mail-'));
    writeFileSync(join(dir, 'inline.asc'), inline);
    writeFileSync(join(dir, 'signed.asc'), signed);
    writeFileSync(join(dir, 'pgpmime.asc'), pgpmime);
    const [host, port] = env.SMTP.split(':');
    try {
      // Python's smtplib/email build the MIME structure the same way the reference pgp-send.sh does.
      execFileSync('python3', ['-c', PY_SEND, host, port, env.DOMAIN, dir, home], { stdio: 'inherit' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    try {
      execFileSync('gpgconf', ['--homedir', home, '--kill', 'gpg-agent']);
    } catch {
      // no agent was started
    }
    rmSync(home, { recursive: true, force: true });
  }
}

const PY_SEND = `
import sys, smtplib, email.utils
from email.message import EmailMessage
from email.mime.multipart import MIMEMultipart
from email.mime.base import MIMEBase
host, port, d, dir = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
def hdr(m, subj):
    m['From'] = f'Alice Test <alice@{d}>'; m['To'] = f'bob@{d}'; m['Subject'] = subj
    m['Date'] = 'Mon, 01 Jan 2024 12:00:00 +0000'; m['Message-ID'] = email.utils.make_msgid(domain=d)
m1 = EmailMessage(); hdr(m1, 'PGP inline armored'); m1.set_content(open(dir + '/inline.asc').read())
m3 = EmailMessage(); hdr(m3, 'PGP cleartext signed'); m3.set_content(open(dir + '/signed.asc').read())
m2 = MIMEMultipart('encrypted', protocol='application/pgp-encrypted'); hdr(m2, 'PGP/MIME encrypted')
m2.preamble = 'This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)'
v = MIMEBase('application', 'pgp-encrypted'); v['Content-Description'] = 'PGP/MIME version identification'
v.set_payload('Version: 1\\n'); m2.attach(v)
e = MIMEBase('application', 'octet-stream', name='encrypted.asc'); e['Content-Description'] = 'OpenPGP encrypted message'
e['Content-Disposition'] = 'inline; filename="encrypted.asc"'; e.set_payload(open(dir + '/pgpmime.asc').read()); m2.attach(e)
# multipart/signed (RFC 3156 §5): the signature covers the first part exactly as sent.
from email.mime.text import MIMEText
from email.mime.application import MIMEApplication
import email.policy, subprocess
inner = MIMEText('Signed PGP/MIME body.\\n', 'plain', 'utf-8')
canon = inner.as_bytes(policy=email.policy.SMTP)
sig = subprocess.run(
    ['gpg', '--batch', '--quiet', '--homedir', sys.argv[5], '--local-user', f'alice@{d}', '--armor', '--detach-sign'],
    input=canon, capture_output=True, check=True).stdout.decode()
m4 = MIMEMultipart('signed', protocol='application/pgp-signature', micalg='pgp-sha256'); hdr(m4, 'PGP/MIME signed')
m4.attach(inner)
sp = MIMEApplication(sig, 'pgp-signature', name='signature.asc'); sp['Content-Disposition'] = 'attachment; filename="signature.asc"'
m4.attach(sp)
# HTML mail with the armor as a webmail's HTML editor writes it (one <p>, <br> between lines).
armor_html = '<br>'.join(open(dir + '/inline.asc').read().rstrip('\\n').split('\\n'))
m5 = EmailMessage(); hdr(m5, 'PGP inline in HTML')
m5.set_content(open(dir + '/inline.asc').read())
m5.add_alternative('<html><body><p>' + armor_html + '</p></body></html>', subtype='html')
with smtplib.SMTP(host, port) as s:
    for m in (m1, m3, m2, m4, m5): s.send_message(m)
`;

/** The page's DOM without scripts, styles, icons' data or the CSRF token; addresses are example.test. */
async function snapshot(page, name, frameDoc = null) {
  const html = await page.evaluate(() => {
    const doc = document.documentElement.cloneNode(true);
    for (const el of doc.querySelectorAll('script, style, link, noscript, meta, svg, object, embed')) el.remove();
    for (const el of doc.querySelectorAll('input[name=_token]')) el.setAttribute('value', 'TOKEN');
    for (const el of doc.querySelectorAll('[src^="data:"]')) el.setAttribute('src', 'data:,');
    // The TinyMCE / preview iframes keep only their id and name: their documents are saved apart.
    for (const el of doc.querySelectorAll('iframe')) el.removeAttribute('src');
    return `<!DOCTYPE html>\n${doc.outerHTML.replace(/_token=[A-Za-z0-9]+/g, '_token=TOKEN')}\n`;
  });
  writeFileSync(join(out, `${name}.html`), html);
  if (frameDoc) {
    const frame = await (await page.$(frameDoc)).contentFrame();
    const inner = await frame.evaluate(() => {
      const doc = document.documentElement.cloneNode(true);
      for (const el of doc.querySelectorAll('script, style, link')) el.remove();
      return `<!DOCTYPE html>\n${doc.outerHTML}\n`;
    });
    writeFileSync(join(out, `${name}-editor.html`), inner);
  }
  console.log(`saved ${name}`);
}

async function settle(page, selector) {
  await page.waitForSelector(selector, { timeout: 20_000 });
  await page.waitForNetworkIdle({ idleTime: 300, timeout: 20_000 }).catch(() => undefined);
}

async function addRecipient(page, field, address) {
  await page.type(`#compose_${field} ul.recipient-input input`, `${address}, `);
}

async function main(env) {
  const base = env.RC_URL.replace(/\/$/, '');
  const browser = await puppeteer.launch({
    executablePath: '/usr/lib/chromium/chromium',
    headless: true,
    pipe: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    // Leaving a compose view asks "discard changes?" (beforeunload): accept.
    page.on('dialog', (d) => void d.accept());
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(`${base}/?_task=login`, { waitUntil: 'load' });
    await page.type('#rcmloginuser', 'bob@example.test');
    await page.type('#rcmloginpwd', 'bob-pw');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('#rcmloginsubmit')]);
    await settle(page, '#messagelist tbody tr');
    const uids = await page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll('#messagelist tbody tr')].map((tr) => [
          tr.querySelector('.subject a, td.subject span.subject')?.textContent?.trim() ?? '',
          atob(tr.id.replace(/^rcmrow/, '')),
        ]),
      ),
    );
    const uid = (subject) => {
      const hit = Object.entries(uids).find(([s]) => s.includes(subject));
      if (!hit) throw new Error(`no mail "${subject}" in ${JSON.stringify(uids)}`);
      return hit[1];
    };
    const inline = uid('inline armored');
    const signed = uid('cleartext signed');
    const mime = uid('PGP/MIME encrypted');
    const mimeSigned = uid('PGP/MIME signed');
    const inlineHtml = uid('inline in HTML');

    await page.goto(`${base}/?_task=mail&_uid=${inline}&_mbox=INBOX&_framed=1&_action=preview`, { waitUntil: 'load' });
    await settle(page, '#messagebody');
    await snapshot(page, 'read-preview-inline');
    await page.goto(`${base}/?_task=mail&_uid=${signed}&_mbox=INBOX&_framed=1&_action=preview`, { waitUntil: 'load' });
    await settle(page, '#messagebody');
    await snapshot(page, 'read-preview-signed');
    await page.goto(`${base}/?_task=mail&_uid=${inlineHtml}&_mbox=INBOX&_framed=1&_action=preview`, { waitUntil: 'load' });
    await settle(page, '#messagebody');
    await snapshot(page, 'read-preview-html');
    await page.goto(`${base}/?_task=mail&_uid=${inline}&_mbox=INBOX&_action=show`, { waitUntil: 'load' });
    await settle(page, '#messagebody');
    await snapshot(page, 'read-full-inline');
    await page.goto(`${base}/?_task=mail&_uid=${mime}&_mbox=INBOX&_action=show`, { waitUntil: 'load' });
    await settle(page, '#attachment-list');
    await snapshot(page, 'read-full-pgpmime');
    await page.goto(`${base}/?_task=mail&_uid=${mimeSigned}&_mbox=INBOX&_action=show`, { waitUntil: 'load' });
    await settle(page, '#attachment-list');
    await snapshot(page, 'read-full-pgpmime-signed');

    await page.goto(`${base}/?_task=mail&_action=compose`, { waitUntil: 'load' });
    await settle(page, 'textarea#composebody');
    await addRecipient(page, 'to', 'alice@example.test');
    await addRecipient(page, 'to', 'Carol Test <carol@example.test>');
    await snapshot(page, 'compose-plain');

    // HTML mode, in a fresh compose: Roundcube's own editor switch (as the editor type menu does).
    await page.goto(`${base}/?_task=mail&_action=compose`, { waitUntil: 'load' });
    await settle(page, 'textarea#composebody');
    await page.evaluate(() => window.rcmail.command('toggle-editor', { id: 'composebody', html: true }));
    await settle(page, 'iframe#composebody_ifr');
    await page.waitForFunction(() => document.querySelector('iframe#composebody_ifr')?.contentDocument?.body?.id === 'tinymce');
    await addRecipient(page, 'to', 'alice@example.test');
    await page.click('#compose_to ul.recipient-input input'); // typing chips keeps textarea#_to in step on blur
    await snapshot(page, 'compose-html', 'iframe#composebody_ifr');

    await page.goto(`${base}/?_task=mail&_reply_uid=${inline}&_mbox=INBOX&_action=compose`, { waitUntil: 'load' });
    await settle(page, 'textarea#composebody');
    await snapshot(page, 'compose-reply');
    await page.goto(`${base}/?_task=mail&_forward_uid=${inline}&_mbox=INBOX&_action=compose`, { waitUntil: 'load' });
    await settle(page, 'textarea#composebody');
    await addRecipient(page, 'to', 'carol@example.test');
    await snapshot(page, 'compose-forward');
  } finally {
    await browser.close();
  }
}

mkdirSync(out, { recursive: true });
if (ownStack) execFileSync('bash', [join(root, 'scripts/webmail/up.sh')], { env: stackEnv, stdio: ['ignore', 'ignore', 'inherit'] });
try {
  const env = readEnv();
  sendMails(env);
  await main(env);
} finally {
  if (ownStack) {
    execFileSync('bash', [join(root, 'scripts/webmail/down.sh')], { env: stackEnv, stdio: 'inherit' });
    rmSync(state, { recursive: true, force: true });
  }
}
