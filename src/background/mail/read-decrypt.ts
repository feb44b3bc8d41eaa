/**
 * Decrypting / verifying what a read session holds, by kind. Nothing decrypted is stored:
 * the result goes back to our read frame only. Errors the frame explains: NO_MATCHING_KEY
 * (with the key IDs it is for), PASSPHRASE_REQUIRED / WRONG_PASSPHRASE (with the key's
 * fingerprint), DECRYPT_FAILED (one code for every integrity failure, MP-02),
 * MALFORMED_ARMOR, TOO_LARGE.
 */
import * as openpgp from 'openpgp';
import { normaliseArmor } from '../../core/armor';
import { CachetError } from '../../core/errors';
import { decryptMessage, verifyCleartext, verifyDetached } from '../../core/messages';
import { pgpConfig } from '../../core/openpgp-config';
import type { ReadResult } from '../../shared/mail-protocol';
import type { HandlerContext } from '../handlers/context';
import { autoDecryptOn } from '../settings-store';
import { aheadKeys, startAhead, takeAhead } from './read-ahead';
import type { KeyRecord } from '../keystore/db';
import { keyIdsOf, secretKeysFor, unlockAny, verificationKeys, wipeAll } from './keyring';
import { scopeOf, showContent } from './read-content';
import { verifyPgpMimeSignedMail } from './read-signed';
import type { ReadKind } from './session-store';
import { signerViews } from './signer-view';
import { testPause } from '../test-hooks';

// Test builds only (e2e pause points, test-hooks.ts); false and dropped in store builds.
declare const __TEST__: boolean;

function strictArmor(text: string, kind: 'message' | 'signed-message'): string {
  const n = normaliseArmor(text);
  if (n.kind !== kind) throw new CachetError('MALFORMED_ARMOR', `expected a ${kind === 'message' ? 'PGP MESSAGE' : 'PGP SIGNED MESSAGE'} block`);
  return n.armored;
}

/** Key IDs a message is encrypted to (upper-case hex). Unparseable packets → DECRYPT_FAILED (no oracle). */
async function recipientKeyIds(armored: string): Promise<string[]> {
  try {
    const message = await openpgp.readMessage({ armoredMessage: armored, config: pgpConfig });
    return message.getEncryptionKeyIDs().map((id) => id.toHex().toUpperCase());
  } catch {
    throw new CachetError('DECRYPT_FAILED');
  }
}

/** "for key IDs 1234…(bob@example.org), 5678…": says whom the message is for (our public keys may know). */
function describeRecipients(ids: string[], records: KeyRecord[]): string {
  if (ids.length === 0) return 'the message names no recipient key (password-protected?)';
  const named = ids.map((id) => {
    const known = records.find((r) => keyIdsOf(r.info).includes(id));
    return known && known.info.emails.length > 0 ? `${id} (${known.info.emails.join(', ')})` : id;
  });
  return `encrypted for key IDs ${named.join(', ')}`;
}

async function anyCached(ctx: HandlerContext, fingerprints: string[]): Promise<boolean> {
  for (const fp of fingerprints) if (await ctx.cache.has(fp)) return true;
  return false;
}

/** Everything that needs the key (sender-independent, so it can run ahead: read-ahead.ts). */
async function decryptStage(ctx: HandlerContext, armored: string, passphrase: string | null) {
  const wanted = await recipientKeyIds(armored);
  const records = (await (await ctx.keystore()).list()).keys;
  const mine = secretKeysFor(records, wanted);
  if (mine.length === 0) throw new CachetError('NO_MATCHING_KEY', describeRecipients(wanted, records));
  const verifyWith = await verificationKeys(records);
  const keys = await unlockAny(ctx, mine, passphrase);
  try {
    const r = await decryptMessage({ armored, decryptionKeys: keys, verificationKeys: verifyWith, format: 'binary' });
    return { records, verifyWith, data: r.data as Uint8Array, outer: r.signatures, used: mine.map((m) => m.fingerprint) };
  } finally {
    wipeAll(keys);
  }
}

async function decryptEncrypted(ctx: HandlerContext, text: string, sender: string | null, passphrase: string | null): Promise<ReadResult> {
  const armored = strictArmor(text, 'message');
  // A typed passphrase is a new attempt; without one, a decryption started ahead is the same work.
  const started = passphrase === null ? await takeAhead<Awaited<ReturnType<typeof decryptStage>>>(armored)?.catch(() => null) : null;
  // Only while a key it used is still unlocked: "Lock all" in between means ask again.
  const stillUnlocked = started ? await anyCached(ctx, started.used) : false;
  const { records, verifyWith, data, outer } = stillUnlocked && started ? started : await decryptStage(ctx, armored, passphrase);
  const shown = showContent(data);
  const outerViews = signerViews(outer, records, sender);
  let innerViews: ReturnType<typeof signerViews> = [];
  const inner = shown.content.signature;
  if (inner) {
    const v = await verifyDetached({ data: inner.signedBytes, signature: inner.signatureArmored, verificationKeys: verifyWith });
    innerViews = signerViews(v.signatures, records, sender);
  }
  const signatures = [...outerViews, ...innerViews];
  // Signatures on the OpenPGP message cover every decrypted byte; an inner multipart/signed only its part.
  const covered = outerViews.length > 0 || shown.allInsideSigned;
  if (typeof __TEST__ !== 'undefined' && __TEST__) await testPause('decrypt:before-reply');
  return { ...shown.result, signatures, signedScope: scopeOf(signatures, covered) };
}

async function verifyCleartextBlock(ctx: HandlerContext, text: string, sender: string | null): Promise<ReadResult> {
  const armored = strictArmor(text, 'signed-message');
  const records = (await (await ctx.keystore()).list()).keys;
  const r = await verifyCleartext({ armored, verificationKeys: await verificationKeys(records) });
  const signatures = signerViews(r.signatures, records, sender);
  // Only the signed text is shown, so the signature covers all of it (SG-01/SG-02).
  return { text: r.text, html: null, attachments: [], nestedEncrypted: 0, signatures, signedScope: scopeOf(signatures, true) };
}

export async function readSessionContent(
  ctx: HandlerContext,
  kind: ReadKind,
  payload: string,
  sender: string | null,
  passphrase: string | null,
): Promise<ReadResult> {
  switch (kind) {
    case 'message':
    case 'pgp-mime-encrypted':
      return decryptEncrypted(ctx, payload, sender, passphrase);
    case 'cleartext-signed':
      return verifyCleartextBlock(ctx, payload, sender);
    case 'pgp-mime-signed':
      return verifyPgpMimeSignedMail(ctx, payload, sender);
  }
}

/** Would decrypting need a passphrase? (false for signed kinds and when a matching key is cached). */
export async function readSessionLocked(ctx: HandlerContext, kind: ReadKind, payload: string): Promise<boolean> {
  if (kind === 'cleartext-signed' || kind === 'pgp-mime-signed') return false;
  let wanted: string[];
  let armored: string;
  try {
    armored = strictArmor(payload, 'message');
    // Started when the session opened because a key for it was unlocked: is that key still?
    // (No need to parse the message and the keyring again.)
    const started = aheadKeys(armored);
    if (started && started.length > 0) return !(await anyCached(ctx, [...started]));
    wanted = await recipientKeyIds(armored);
  } catch {
    return true; // the decrypt attempt will say what is wrong
  }
  const mine = secretKeysFor((await (await ctx.keystore()).list()).keys, wanted);
  for (const r of mine) {
    if (await ctx.cache.has(r.fingerprint)) {
      // The frame will decrypt at once (auto-decrypt): start now, it takes the result (read-ahead.ts).
      if (autoDecryptOn(await ctx.settings.get())) startAhead(armored, () => decryptStage(ctx, armored, null), [r.fingerprint]);
      return false;
    }
  }
  return true;
}

/** Messages up to this size start decrypting when their session opens; bigger ones when the frame asks. */
export const AHEAD_ON_OPEN_MAX_CHARS = 1 << 20;

/**
 * A read session just opened: with auto-decrypt on and a key the message is for unlocked, start
 * its decryption now, while our frame loads (read-ahead.ts: the result is single use, kept in
 * memory for seconds, taken only by decryptReadSession of the frame bound to the session, and
 * at most a few are pending at once). Never awaited by the caller; errors wait for the frame.
 */
export function readAheadOnOpen(ctx: HandlerContext, kind: ReadKind, payload: string): void {
  if (kind !== 'message' && kind !== 'pgp-mime-encrypted') return;
  if (payload.length > AHEAD_ON_OPEN_MAX_CHARS) return;
  void (async () => {
    if (!autoDecryptOn(await ctx.settings.get())) return;
    await readSessionLocked(ctx, kind, payload);
  })().catch(() => undefined);
}
