/**
 * Our read frame's requests: what the session is, decrypt/verify it, resize. Plaintext is
 * only ever returned to the frame document bound to the session by its claim, in the
 * session's tab (binding.ts); it is never stored.
 */
import { CachetError } from '../../core/errors';
import { anyFrameSession, frameSession } from '../mail/binding';
import { countAttempt } from '../mail/rate-limit';
import { readSessionContent } from '../mail/read-decrypt';
import { readSessionInfo } from '../mail/read-info';
import type { HandlerContext, PageGroup } from './context';

export function mailReadHandlers(ctx: HandlerContext): PageGroup<'getReadSession' | 'decryptReadSession' | 'resizeFrame'> {
  const { sessions, push } = ctx.mail;
  return {
    async getReadSession({ sessionId }, { sender }) {
      return readSessionInfo(ctx, await frameSession(sessions, sender, sessionId, 'read'));
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
