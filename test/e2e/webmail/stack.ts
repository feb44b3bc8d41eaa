/**
 * One instance of the loopback webmail stack (scripts/webmail/up.sh: Roundcube + Dovecot +
 * Postfix), bound to its own PORT_BASE and state directory so e2e files never share ports or
 * mailboxes: Roundcube on PORT_BASE+80, SMTP on PORT_BASE+25. Everything that names the port
 * or the Maildir lives here once; roundcube-support.ts holds the port-free page steps.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'puppeteer-core';
import { until } from '../harness';

const ROOT = resolve(import.meta.dirname, '../../..');
const WAIT = 60_000;

export type MailUser = 'alice' | 'bob';
export type MailFolder = '' | 'Sent' | 'Drafts';

export interface WebmailStack {
  /** The stack's state directory (Maildirs, configs, logs). */
  readonly state: string;
  /** Roundcube's origin, e.g. http://127.0.0.1:18780. */
  readonly rc: string;
  readonly smtpPort: number;
  up(): void;
  /** Stops every daemon of this instance and deletes its state. */
  down(): void;
  /** Every message file of a user's Maildir folder ('' = INBOX), new and cur. */
  maildir(user: MailUser, folder?: MailFolder, encoding?: BufferEncoding): Array<{ path: string; text: string }>;
  /** Waits for a message containing `needle` in that folder; returns its text (latin1). */
  inMaildir(user: MailUser, folder: MailFolder, needle: string): Promise<string>;
  /** Hands raw bytes (a latin1 string) to this instance's Postfix for bob, as another MTA would. */
  deliverRaw(raw: string, from?: string): void;
  /** Logs `user` in to Roundcube in `tab` (password `<user>-pw`) and waits for the mail view. */
  login(tab: Page, user: MailUser): Promise<void>;
}

export function webmailStack(portBase: number, name: string): WebmailStack {
  const state = mkdtempSync(join(tmpdir(), `cachet-e2e-${name}-`));
  const env = { ...process.env, STATE: state, PORT_BASE: String(portBase) };
  const rc = `http://127.0.0.1:${portBase + 80}`;
  const run = (script: 'up.sh' | 'down.sh'): void => {
    execFileSync('bash', [join(ROOT, 'scripts/webmail', script)], { env, stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 });
  };
  const maildir: WebmailStack['maildir'] = (user, folder = '', encoding = 'latin1') => {
    const base = join(state, 'mail/example.test', user, 'Maildir', folder === '' ? '' : `.${folder}`);
    const out: Array<{ path: string; text: string }> = [];
    for (const sub of ['new', 'cur']) {
      const dir = join(base, sub);
      if (!existsSync(dir)) continue;
      for (const f of readdirSync(dir)) out.push({ path: join(dir, f), text: readFileSync(join(dir, f), encoding) });
    }
    return out;
  };
  return {
    state,
    rc,
    smtpPort: portBase + 25,
    up: () => run('up.sh'),
    down() {
      run('down.sh');
      rmSync(state, { recursive: true, force: true });
    },
    maildir,
    inMaildir: (user, folder, needle) =>
      until(async () => maildir(user, folder).find((m) => m.text.includes(needle))?.text, WAIT, `"${needle}" in ${user}'s ${folder || 'INBOX'}`),
    deliverRaw(raw, from = 'gpg@example.test') {
      const py = `
import sys, smtplib
with smtplib.SMTP('127.0.0.1', ${portBase + 25}) as s:
    s.sendmail(sys.argv[1], ['bob@example.test'], sys.stdin.buffer.read())
`;
      execFileSync('python3', ['-c', py, from], { input: Buffer.from(raw, 'latin1'), stdio: ['pipe', 'ignore', 'pipe'], timeout: 60_000 });
    },
    async login(tab, user) {
      await tab.goto(`${rc}/?_task=login`, { waitUntil: 'load' });
      await tab.waitForSelector('#rcmloginuser', { timeout: WAIT });
      await tab.type('#rcmloginuser', `${user}@example.test`);
      await tab.type('#rcmloginpwd', `${user}-pw`);
      await Promise.all([tab.waitForNavigation({ waitUntil: 'load', timeout: WAIT }), tab.click('#rcmloginsubmit')]);
      await tab.waitForSelector('body.task-mail', { timeout: WAIT });
    },
  };
}
