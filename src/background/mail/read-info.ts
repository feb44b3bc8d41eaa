/**
 * What our read frame needs to know first about its session: the kind, the mail's sender,
 * whether decrypting needs a passphrase, and whether to decrypt without a click (the user's
 * auto-decrypt setting with a key unlocked). Answered to getReadSession and, to save the frame
 * a round trip, with the claim that binds the frame (handlers/frame-claim.ts).
 */
import type { MailPageProtocol } from '../../shared/mail-protocol';
import type { HandlerContext } from '../handlers/context';
import { autoDecryptOn } from '../settings-store';
import { readSessionLocked } from './read-decrypt';
import type { ReadSession } from './session-store';

export type ReadSessionInfo = MailPageProtocol['getReadSession']['res'];

export async function readSessionInfo(ctx: HandlerContext, s: ReadSession): Promise<ReadSessionInfo> {
  const payload = await ctx.mail.sessions.payload(s.id);
  const locked = payload === null ? false : await readSessionLocked(ctx, s.readKind, payload);
  // Only encrypted kinds need it (signed ones verify at once); the key check above read
  // the recipient key IDs and the cache, nothing was decrypted.
  const encrypted = s.readKind === 'message' || s.readKind === 'pgp-mime-encrypted';
  const auto = payload !== null && encrypted && !locked && autoDecryptOn(await ctx.settings.get());
  return { kind: s.readKind, sender: s.sender, locked, ...(auto ? { autoDecrypt: true as const } : {}) };
}
