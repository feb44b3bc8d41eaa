/**
 * Our frames' password requests (issue 6 §3). Page protocol only: the router refuses them
 * from content scripts, and the session binding (frameSession) makes sure the frame is
 * ours for this session's tab. Decryption attempts count against the session's rate limit
 * (PI-04), which also slows password guessing through our UI.
 */
import { CachetError } from '../../core/errors';
import { frameSession } from '../mail/binding';
import { composeWithPassword } from '../mail/compose-password';
import { countAttempt } from '../mail/rate-limit';
import { decryptSessionWithPassword, readPacketInfo } from '../mail/read-password';
import type { HandlerContext, PageGroup } from './context';

export function mailPasswordHandlers(ctx: HandlerContext): PageGroup<'submitPasswordCompose' | 'getReadPacketInfo' | 'decryptReadSessionWithPassword'> {
  const { sessions, push } = ctx.mail;
  return {
    async submitPasswordCompose(req, { sender }) {
      const s = await frameSession(sessions, sender, req.sessionId, 'compose');
      const out = await composeWithPassword(ctx, { ...req, sender: s.sender });
      await push(s.tabId, s.frameId, 'composeResult', { sessionId: s.id, armored: out.armored, attachments: out.attachments });
      return { armoredLength: out.armored.length };
    },

    async getReadPacketInfo({ sessionId }, { sender }) {
      const s = await frameSession(sessions, sender, sessionId, 'read');
      return readPacketInfo(ctx, s.readKind, await sessions.payload(s.id));
    },

    async decryptReadSessionWithPassword({ sessionId, password }, { sender }) {
      const s = await frameSession(sessions, sender, sessionId, 'read');
      const payload = await sessions.payload(s.id);
      if (payload === null) throw new CachetError('TOO_LARGE', 'the message is over 25 MiB');
      await countAttempt(sessions, s, ctx.now().getTime());
      return decryptSessionWithPassword(ctx, s.readKind, payload, s.sender, password);
    },
  };
}
