/**
 * Read sessions of password-protected messages: which packets the message has (the frame
 * asks for a password only when there is a SKESK, classified by packets, not by text), and
 * decrypting with the password. As with keys, nothing decrypted is stored and the result
 * goes back only to our read frame.
 */
import { normaliseArmor } from '../../core/armor';
import { CachetError } from '../../core/errors';
import { verifyDetached } from '../../core/messages';
import { decryptWithPassword, inspectEncrypted } from '../../core/messages/symmetric';
import type { ReadResult } from '../../shared/mail-protocol';
import type { ReadPacketInfo } from '../../shared/password-protocol';
import type { HandlerContext } from '../handlers/context';
import { secretKeysFor, verificationKeys } from './keyring';
import { scopeOf, showContent } from './read-content';
import type { ReadKind } from './session-store';
import { signerViews } from './signer-view';

function encryptedArmor(kind: ReadKind, payload: string): string | null {
  if (kind !== 'message' && kind !== 'pgp-mime-encrypted') return null;
  const n = normaliseArmor(payload);
  return n.kind === 'message' ? n.armored : null;
}

/** Packets of the session's message; signed kinds and unreadable messages have neither. */
export async function readPacketInfo(ctx: HandlerContext, kind: ReadKind, payload: string | null): Promise<ReadPacketInfo> {
  const armored = payload === null ? null : encryptedArmor(kind, payload);
  if (armored === null) return { password: false, forMyKeys: false };
  let info;
  try {
    info = await inspectEncrypted(armored);
  } catch {
    return { password: false, forMyKeys: false }; // the decrypt attempt says what is wrong
  }
  const mine = secretKeysFor((await (await ctx.keystore()).list()).keys, info.keyIds);
  return { password: info.passwordPackets > 0, forMyKeys: mine.length > 0 };
}

export async function decryptSessionWithPassword(ctx: HandlerContext, kind: ReadKind, payload: string, sender: string | null, password: string): Promise<ReadResult> {
  const armored = encryptedArmor(kind, payload);
  if (armored === null) throw new CachetError('MALFORMED_ARMOR', 'expected a PGP MESSAGE block');
  const records = (await (await ctx.keystore()).list()).keys;
  const verifyWith = await verificationKeys(records);
  const r = await decryptWithPassword({ armored, password, verificationKeys: verifyWith, format: 'binary' });
  const shown = showContent(r.data as Uint8Array);
  const outer = signerViews(r.signatures, records, sender);
  let inner: typeof outer = [];
  const sig = shown.content.signature;
  if (sig) {
    const v = await verifyDetached({ data: sig.signedBytes, signature: sig.signatureArmored, verificationKeys: verifyWith });
    inner = signerViews(v.signatures, records, sender);
  }
  const signatures = [...outer, ...inner];
  return { ...shown.result, signatures, signedScope: scopeOf(signatures, outer.length > 0 || shown.allInsideSigned) };
}
