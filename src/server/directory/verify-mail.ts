/** The verification mail a request-verify sends (one per address, plain text). */
import { randomBytes } from 'node:crypto';
import type { SmtpConfig } from './config.js';
import { DirectoryError } from './errors.js';
import { sendMail } from './smtp-client.js';

export interface VerificationMail { to: string; fingerprint: string; link: string }

/** RFC 5322 message text. Every interpolated value is an address, hex or our own URL (no CR/LF). */
export function verificationMessage(from: string, mail: VerificationMail, now = new Date()): string {
  for (const v of [from, mail.to, mail.link]) if (/[\r\n]/.test(v)) throw new Error('line break in a header value');
  const fpr = mail.fingerprint.toUpperCase().replace(/(.{4})/g, '$1 ').trim();
  const domain = from.slice(from.lastIndexOf('@') + 1);
  return [
    `From: ${from}`,
    `To: ${mail.to}`,
    `Subject: Verify ${mail.to} for your OpenPGP key`,
    `Date: ${now.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${randomBytes(12).toString('hex')}@${domain}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    'Auto-Submitted: auto-generated',
    '',
    `Someone asked to publish the address ${mail.to} with this OpenPGP key`,
    `in the Cachet vault's key directory:`,
    '',
    `  ${fpr}`,
    '',
    'If that was you, open this link and confirm:',
    '',
    `  ${mail.link}`,
    '',
    'If it was not you, ignore this mail: nothing is published without the link.',
    '',
  ].join('\r\n');
}

export async function sendVerificationMail(smtp: SmtpConfig, mail: VerificationMail): Promise<void> {
  try {
    await sendMail(smtp, { from: smtp.from, to: [mail.to], data: verificationMessage(smtp.from, mail) });
  } catch (e) {
    throw new DirectoryError(502, `the verification mail could not be sent: ${e instanceof Error ? e.message : String(e)}`);
  }
}
