/**
 * Turning what the user typed in the secure editor into what the page may see: an armored
 * message (encrypt-sign / encrypt) or a cleartext signature (sign), and attachments as
 * binary OpenPGP files (`name.pgp`). Encryption always includes the sender's own key so
 * the Sent folder stays readable; any recipient without a usable key stops everything
 * (never plaintext by accident).
 */
import type { PrivateKey, PublicKey } from 'openpgp';
import { CachetError } from '../../core/errors';
import { fromBase64, toBase64 } from '../../core/keys/armor';
import { readOneKey } from '../../core/keys/parse';
import { encryptMessage, signCleartext, signDetached } from '../../core/messages';
import type { ComposeMode, Recipients, WireFile } from '../../shared/mail-protocol';
import { MAIL_LIMITS } from '../../shared/mail-schemas';
import type { HandlerContext } from '../handlers/context';
import type { KeyRecord } from '../keystore/db';
import { testPause } from '../test-hooks';
import { encryptable, senderKey, unlockAny, wipeAll } from './keyring';
import { resolveAll } from './recipients';

// Test builds only (e2e pause points, test-hooks.ts); false and dropped in store builds.
declare const __TEST__: boolean;

export interface ComposeInput {
  text: string;
  recipients: Recipients;
  mode: ComposeMode;
  attachments: WireFile[];
  passphrase: string | null;
  /** Parsed From address of the compose view, or null. */
  sender: string | null;
}

export interface ComposeOutput {
  armored: string;
  attachments: WireFile[];
}

function allRecipients(r: Recipients): string[] {
  return [...r.to, ...r.cc, ...r.bcc];
}

function decodeAttachments(files: WireFile[]): Array<{ name: string; data: Uint8Array }> {
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

/** Public keys to encrypt to: every recipient's usable key plus my own; refuses on any problem. */
async function encryptionKeys(ctx: HandlerContext, own: KeyRecord, recipients: string[]): Promise<PublicKey[]> {
  const ks = await ctx.keystore();
  const resolved = await resolveAll(ks, recipients, ctx.now());
  if (resolved.length === 0) throw new CachetError('BAD_REQUEST', 'no recipient');
  const missing = resolved.filter((r) => r.record === null).map((r) => `${r.status.address} (${r.status.problem ?? 'missing'})`);
  if (missing.length > 0) throw new CachetError('KEY_NOT_FOUND', `no usable key for ${missing.join(', ')}`);
  if (!encryptable(own.info, ctx.now())) throw new CachetError(own.info.revoked ? 'KEY_REVOKED' : 'KEY_EXPIRED', 'your own key cannot be encrypted to');
  const records = new Map<string, KeyRecord>([[own.fingerprint, own]]);
  for (const r of resolved) if (r.record) records.set(r.record.fingerprint, r.record);
  const keys: PublicKey[] = [];
  for (const r of records.values()) keys.push((await readOneKey(r.armored)).toPublic());
  return keys;
}

export async function composeMessage(ctx: HandlerContext, input: ComposeInput): Promise<ComposeOutput> {
  const ks = await ctx.keystore();
  const own = await senderKey(ks, input.sender);
  if (!own || !own.info.hasSecret) {
    throw new CachetError('KEY_NOT_FOUND', input.sender ? `no key of yours for ${input.sender}` : 'no key of yours');
  }
  const files = decodeAttachments(input.attachments);
  const wantsSignature = input.mode !== 'encrypt';
  const encKeys = input.mode === 'sign' ? [] : await encryptionKeys(ctx, own, allRecipients(input.recipients));
  const signingKeys: PrivateKey[] = wantsSignature ? await unlockAny(ctx, [own], input.passphrase) : [];
  try {
    if (input.mode === 'sign') {
      const armored = await signCleartext({ text: input.text, signingKeys });
      // Sign only: files go as they are, each with a detached binary signature (`name.sig`).
      const attachments: WireFile[] = [];
      for (const f of files) {
        const sig = (await signDetached({ data: f.data, signingKeys, armor: false })) as Uint8Array;
        attachments.push({ name: f.name, mimeType: 'application/octet-stream', base64: toBase64(f.data) });
        attachments.push({ name: `${f.name}.sig`, mimeType: 'application/pgp-signature', base64: toBase64(sig) });
      }
      return { armored, attachments };
    }
    const common = { encryptionKeys: encKeys, ...(wantsSignature ? { signingKeys } : {}) };
    const armored = await encryptMessage({ ...common, text: input.text });
    const attachments: WireFile[] = [];
    for (const f of files) {
      const data = await encryptMessage({ ...common, data: f.data, armor: false });
      attachments.push({ name: `${f.name}.pgp`, mimeType: 'application/octet-stream', base64: toBase64(data) });
    }
    if (typeof __TEST__ !== 'undefined' && __TEST__) await testPause('encrypt:before-reply');
    return { armored, attachments };
  } finally {
    wipeAll(signingKeys);
  }
}
