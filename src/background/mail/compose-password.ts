/**
 * The secure editor's "protect with a password" (issue 6 §3): one message that recipients
 * without a key open with the password and recipients with a key open with their key.
 *
 * Decision (documented in the report and the frame): recipients WITH a usable key also get
 * a PKESK in the same message, and the sender's own key always does (the Sent folder stays
 * readable). One ciphertext, several ways in; every way is as strong as its weakest, so the
 * frame requires an acceptable password (generated: 114 bits; chosen: the passphrase floor).
 * The page receives the plain notice + armor, and attachments encrypted with the same password.
 */
import type { PrivateKey, PublicKey } from 'openpgp';
import { CachetError } from '../../core/errors';
import { fromBase64, toBase64 } from '../../core/keys/armor';
import { readOneKey } from '../../core/keys/parse';
import { loadPassphraseDictionary } from '../../core/keys/passphrase-strength';
import { encryptWithPassword, passwordStrength } from '../../core/messages/symmetric';
import type { Recipients, WireFile } from '../../shared/mail-protocol';
import { MAIL_LIMITS } from '../../shared/mail-schemas';
import type { PasswordPageProtocol } from '../../shared/password-protocol';
import type { HandlerContext } from '../handlers/context';
import type { KeyRecord } from '../keystore/db';
import { encryptable, senderKey, unlockAny, wipeAll } from './keyring';
import { resolveAll } from './recipients';

export type PasswordComposeInput = Omit<PasswordPageProtocol['submitPasswordCompose']['req'], 'sessionId'> & { sender: string | null };

export interface PasswordComposeOutput {
  armored: string;
  attachments: WireFile[];
  /** Addresses that open it with their key (the others need the password). */
  withKey: string[];
}

function all(r: Recipients): string[] {
  return [...r.to, ...r.cc, ...r.bcc];
}

function decode(files: WireFile[]): Array<{ name: string; data: Uint8Array }> {
  const total = files.reduce((n, f) => n + f.base64.length, 0);
  if (total > MAIL_LIMITS.totalAttachmentBase64Chars) throw new CachetError('TOO_LARGE', 'attachments over 30 MiB together');
  return files.map((f) => {
    try {
      return { name: f.name, data: fromBase64(f.base64) };
    } catch {
      throw new CachetError('BAD_REQUEST', 'attachment is not valid base64');
    }
  });
}

export async function composeWithPassword(ctx: HandlerContext, input: PasswordComposeInput): Promise<PasswordComposeOutput> {
  // The frame already refuses weak passwords; the background holds the line too.
  if (!passwordStrength(input.password, await loadPassphraseDictionary()).acceptable) throw new CachetError('PASSPHRASE_TOO_WEAK', 'the message password is too weak');
  const ks = await ctx.keystore();
  const own = await senderKey(ks, input.sender);
  if (!own || !own.info.hasSecret) throw new CachetError('KEY_NOT_FOUND', input.sender ? `no key of yours for ${input.sender}` : 'no key of yours');
  const resolved = await resolveAll(ks, all(input.recipients), ctx.now());
  if (resolved.length === 0) throw new CachetError('BAD_REQUEST', 'no recipient');
  const records = new Map<string, KeyRecord>();
  if (encryptable(own.info, ctx.now())) records.set(own.fingerprint, own);
  const withKey: string[] = [];
  for (const r of resolved) {
    if (!r.record) continue;
    records.set(r.record.fingerprint, r.record);
    withKey.push(r.status.address);
  }
  const keys: PublicKey[] = [];
  for (const r of records.values()) keys.push((await readOneKey(r.armored)).toPublic());
  const files = decode(input.attachments);
  const signingKeys: PrivateKey[] = input.mode === 'encrypt-sign' ? await unlockAny(ctx, [own], input.passphrase) : [];
  try {
    const common = { password: input.password, encryptionKeys: keys, signingKeys };
    const message = (await encryptWithPassword({ ...common, text: input.text })) as string;
    const attachments: WireFile[] = [];
    for (const f of files) {
      const data = (await encryptWithPassword({ ...common, data: f.data, armor: false })) as Uint8Array;
      attachments.push({ name: `${f.name}.pgp`, mimeType: 'application/octet-stream', base64: toBase64(data) });
    }
    const notice = input.notice.replace(/\r\n?/g, '\n').trim();
    // An armor line in the notice would make readers (ours included) see a second, fake block.
    if (notice.includes('-----')) throw new CachetError('BAD_REQUEST', 'the notice may not contain armor lines');
    return { armored: notice ? `${notice}\n\n${message}` : message, attachments, withKey };
  } finally {
    wipeAll(signingKeys);
  }
}
