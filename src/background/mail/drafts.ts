/**
 * Encrypted drafts (issue 3 §3): what the user typed in the secure editor, sealed to the
 * sender's own key only, so the webmail's own draft saving stores nothing but ciphertext.
 * The plaintext is a small JSON document marked `cachetDraft: 1` that also keeps the
 * recipients and the mode. Signed when the key is already unlocked (no passphrase is asked
 * to save); a draft is only recognised when it is encrypted to my keys alone and any
 * signature on it is a good one by one of my keys, so a message someone else crafted in the
 * same shape is treated as an ordinary quote.
 */
import * as openpgp from 'openpgp';
import { normaliseArmor } from '../../core/armor';
import { CachetError, isCachetError } from '../../core/errors';
import { readOneKey } from '../../core/keys/parse';
import { decryptMessage, encryptMessage } from '../../core/messages';
import { pgpConfig } from '../../core/openpgp-config';
import type { ComposeDraft } from '../../shared/mail-protocol';
import { MAIL_LIMITS } from '../../shared/mail-schemas';
import { array, literal, object, string } from '../../shared/schema';
import type { HandlerContext } from '../handlers/context';
import type { KeyRecord } from '../keystore/db';
import { encryptable, keyIdsOf, secretKeysFor, senderKey, unlockAny, verificationKeys, wipeAll } from './keyring';

export type DraftContent = ComposeDraft;

const addresses = array(string({ max: MAIL_LIMITS.address }), { max: MAIL_LIMITS.recipients });
const draftSchema = object({
  cachetDraft: literal('1'),
  text: string({ max: MAIL_LIMITS.composeTextChars }),
  recipients: object({ to: addresses, cc: addresses, bcc: addresses }),
  mode: literal('encrypt-sign', 'sign', 'encrypt'),
});

/** Armored draft encrypted to the sender's own key only (signed with it when cached). */
export async function sealDraft(ctx: HandlerContext, sender: string | null, draft: DraftContent): Promise<string> {
  const ks = await ctx.keystore();
  const own = await senderKey(ks, sender);
  if (!own || !own.info.hasSecret) throw new CachetError('KEY_NOT_FOUND', sender ? `no key of yours for ${sender}` : 'no key of yours');
  if (!encryptable(own.info, ctx.now())) throw new CachetError(own.info.revoked ? 'KEY_REVOKED' : 'KEY_EXPIRED', 'your own key cannot be encrypted to');
  const publicKey = (await readOneKey(own.armored)).toPublic();
  const cached = await ctx.cache.get(own.fingerprint);
  const signingKeys = cached ? [cached] : [];
  try {
    const text = JSON.stringify({ cachetDraft: '1', text: draft.text, recipients: draft.recipients, mode: draft.mode });
    return await encryptMessage({ encryptionKeys: [publicKey], ...(cached ? { signingKeys } : {}), text });
  } finally {
    wipeAll(signingKeys);
  }
}

/** My secret keys when `armored` is encrypted to them alone, else null (no decryption). */
export async function draftKeys(ctx: HandlerContext, armored: string): Promise<KeyRecord[] | null> {
  let ids: string[];
  try {
    const n = normaliseArmor(armored);
    if (n.kind !== 'message') return null;
    const message = await openpgp.readMessage({ armoredMessage: n.armored, config: pgpConfig });
    ids = message.getEncryptionKeyIDs().map((id) => id.toHex().toUpperCase());
  } catch {
    return null;
  }
  const mine = secretKeysFor((await (await ctx.keystore()).list()).keys, ids);
  const onlyMine = ids.length > 0 && ids.every((id) => mine.some((r) => keyIdsOf(r.info).includes(id)));
  return onlyMine ? mine : null;
}

function parseDraft(text: string): DraftContent | null {
  try {
    const d = draftSchema.parse(JSON.parse(text) as unknown, 'draft');
    return { text: d.text, recipients: d.recipients, mode: d.mode };
  } catch {
    return null;
  }
}

/**
 * The draft inside `armored`, or null when it is not a Cachet draft of mine. Locked keys →
 * PASSPHRASE_REQUIRED / WRONG_PASSPHRASE as for any decryption; integrity failures → DECRYPT_FAILED.
 */
export async function openDraft(ctx: HandlerContext, armored: string, passphrase: string | null): Promise<DraftContent | null> {
  const mine = await draftKeys(ctx, armored);
  if (mine === null) return null;
  const keys = await unlockAny(ctx, mine, passphrase);
  let r;
  try {
    r = await decryptMessage({ armored: normaliseArmor(armored).armored, decryptionKeys: keys, verificationKeys: await verificationKeys(mine), format: 'utf8' });
  } catch (e) {
    if (isCachetError(e)) throw e;
    throw new CachetError('DECRYPT_FAILED');
  } finally {
    wipeAll(keys);
  }
  const mineFprs = mine.map((k) => k.fingerprint.toUpperCase());
  // A signature by anyone but me (or a bad one) means someone else made it: not my draft.
  if (!r.signatures.every((s) => s.status === 'good' && s.fingerprint !== null && mineFprs.includes(s.fingerprint))) return null;
  return typeof r.data === 'string' ? parseDraft(r.data) : null;
}
