/**
 * Our read frame's requests: what the session is, decrypt/verify it, resize. Plaintext is
 * only ever returned to the frame that proved it is read.html#<this session> in the
 * session's tab (binding.ts); it is never stored.
 */
import { CachetError } from '../../core/errors';
import { autoDecryptOn } from '../settings-store';
import { anyFrameSession, frameSession } from '../mail/binding';
import { countAttempt } from '../mail/rate-limit';
import { readSessionContent, readSessionLocked } from '../mail/read-decrypt';
import type { HandlerContext, PageGroup } from './context';

export function mailReadHandlers(ctx: HandlerContext): PageGroup<'getReadSession' | 'decryptReadSession' | 'resizeFrame'> {
  const { sessions, push } = ctx.mail;
  return {
    async getReadSession({ sessionId }, { sender }) {
      const s = await frameSession(sessions, sender, sessionId, 'read');
      const payload = await sessions.payload(s.id);
      const locked = payload === null ? false : await readSessionLocked(ctx, s.readKind, payload);
      // Only encrypted kinds need it (signed ones verify at once); the key check above read
      // the recipient key IDs and the cache, nothing was decrypted.
      const encrypted = s.readKind === 'message' || s.readKind === 'pgp-mime-encrypted';
      const auto = payload !== null && encrypted && !locked && autoDecryptOn(await ctx.settings.get());
      return { kind: s.readKind, sender: s.sender, locked, ...(auto ? { autoDecrypt: true as const } : {}) };
    },

    async decryptReadSession({ sessionId, passphrase }, { sender }) {
      const s = await frameSession(sessions, sender, sessionId, 'read');
      const payload = await sessions.payload(s.id);
      if (payload === null) throw new CachetError('TOO_LARGE', 'the message is over 25 MiB');
      await countAttempt(sessions, s, ctx.now().getTime());
      return readSessionContent(ctx, s.readKind, payload, s.sender, passphrase);
    },

    async resizeFrame({ sessionId, height }, { sender }) {
      const s = await anyFrameSession(sessions, sender, sessionId);
      await push(s.tabId, s.frameId, 'frameHeight', { sessionId, height });
      return {};
    },
  };
}
