/**
 * The e-mail verification round trip through the project's real mail stack
 * (scripts/webmail/up.sh: Postfix → Dovecot LMTP → Maildir): the vault's SMTP
 * client hands the mail to Postfix, it lands in alice's (and bob's) Maildir, the
 * link in it is followed over HTTP, and then a fresh GnuPG --recv-keys gets the key
 * with the verified address.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDirectoryConfig } from '../../../src/server/directory/config.js';
import { dialects } from '../helpers/dialects.js';
import { startVault, type TestVault } from '../helpers/vault.js';
import { gpgHome, type GpgHome } from './gnupg.js';
import { dirKey } from './keys.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const PORT_BASE = 18950;
const SMTP_PORT = PORT_BASE + 25; // up.sh: Postfix smtpd on PORT_BASE+25
let state = '';

function stack(script: 'up.sh' | 'down.sh'): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('bash', [path.join(ROOT, 'scripts/webmail', script)], {
      env: { ...process.env, STATE: state, PORT_BASE: String(PORT_BASE) },
      timeout: 600_000, // the first run installs Debian packages
    }, (err, _out, stderr) => (err ? reject(new Error(`${script} failed: ${stderr}`)) : resolve()));
  });
}

/** Waits (file-system events, bounded) for a message in `user`'s Maildir/new that contains `needle`. */
function waitForMail(user: string, needle: string, timeoutMs = 60_000): Promise<string> {
  const mailRoot = path.join(state, 'mail');
  const inbox = path.join(mailRoot, 'example.test', user, 'Maildir', 'new');
  const find = (): string | undefined => {
    if (!existsSync(inbox)) return undefined;
    for (const f of readdirSync(inbox)) {
      const text = readFileSync(path.join(inbox, f), 'utf8');
      if (text.includes(needle)) return text;
    }
    return undefined;
  };
  return new Promise((resolve, reject) => {
    const watcher = watch(mailRoot, { recursive: true }, () => check());
    const timer = setTimeout(() => { watcher.close(); reject(new Error(`no mail for ${user} containing ${needle}`)); }, timeoutMs);
    const check = () => {
      const found = find();
      if (found) { clearTimeout(timer); watcher.close(); resolve(found); }
    };
    check();
  });
}

beforeAll(async () => {
  state = mkdtempSync(path.join(tmpdir(), 'cachet-dir-mail-'));
  await stack('up.sh');
}, 660_000);
afterAll(async () => {
  if (state) {
    await stack('down.sh');
    rmSync(state, { recursive: true, force: true });
  }
}, 120_000);

describe.each(dialects)('verification mail through Postfix and Dovecot on $name', (dialect) => {
  let vault: TestVault;
  let base = '';
  let gpg: GpgHome;
  beforeAll(async () => {
    vault = await startVault(dialect, {
      directory: loadDirectoryConfig({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(SMTP_PORT), SMTP_FROM: 'keys@vault.test', SMTP_HELO: 'vault.test' }),
    });
    base = await vault.app.listen({ host: '127.0.0.1', port: 0 });
    gpg = gpgHome(base.replace(/^http:/, 'hkp:'));
  });
  afterAll(async () => {
    await gpg?.dispose();
    await vault?.close();
  });

  it.each(['alice', 'bob'])('%s@example.test: upload, request-verify, the mail arrives, the link publishes, gpg --recv-keys gets it', async (user) => {
    const email = `${user}@example.test`;
    const key = await dirKey([{ name: `${user} (${dialect.name})`, email }]);
    const post = (url: string, body: unknown) => fetch(base + url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const { token } = await (await post('/vks/v1/upload', { keytext: key.publicKey })).json() as { token: string };
    const rv = await post('/vks/v1/request-verify', { token, addresses: [email] });
    expect(rv.status, await rv.clone().text()).toBe(200);

    // The mail names the key's fingerprint in groups of four: find this key's mail among earlier ones.
    const grouped = key.fingerprint.toUpperCase().replace(/(.{4})/g, '$1 ').trim();
    const mail = await waitForMail(user, grouped);
    expect(mail).toMatch(new RegExp(`^To: ${email}`, 'm'));
    expect(mail).toMatch(/^From: keys@vault\.test/m);
    const link = /(http:\/\/127\.0\.0\.1:\d+\/verify\/[A-Za-z0-9_-]+)/.exec(mail)?.[1];
    if (!link) throw new Error(`no link in the mail:\n${mail}`);

    const page = await fetch(link);
    expect(page.status).toBe(200);
    const action = /<form method="post" action="([^"]+)"/.exec(await page.text())?.[1];
    if (!action) throw new Error('no confirmation form');
    expect((await fetch(new URL(action, link), { method: 'POST' })).status).toBe(200);

    const recv = await gpg.gpg(['--recv-keys', key.fingerprint.toUpperCase()]);
    expect(recv.stderr).toMatch(/imported: 1/);
    const listed = (await gpg.gpg(['--with-colons', '--list-keys', email])).stdout;
    expect(listed).toContain(key.fingerprint.toUpperCase());
  });
});
