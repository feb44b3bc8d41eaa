/**
 * Claiming a session by its frame (PI-03): the content script gets a single-use token for
 * the iframe it mounted, the frame spends it and is from then on the only document the
 * background answers for that session (mail/binding.ts).
 */
import { claimFrame, issueFrameClaim } from '../mail/binding';
import { readSessionInfo } from '../mail/read-info';
import type { ContentGroup, HandlerContext, PageGroup } from './context';

export function frameClaimContentHandlers(ctx: HandlerContext): ContentGroup<'issueFrameClaim'> {
  return {
    async issueFrameClaim({ sessionId }, { sender }) {
      return { token: await issueFrameClaim(ctx.mail.sessions, sender, sessionId) };
    },
  };
}

export function frameClaimPageHandlers(ctx: HandlerContext): PageGroup<'claimFrame'> {
  return {
    async claimFrame({ sessionId, token }, { sender }) {
      const session = await claimFrame(ctx.mail.sessions, sender, sessionId, token);
      // A read frame's next question would be getReadSession: answered now, one round trip less.
      return session.kind === 'read' ? { kind: session.kind, read: await readSessionInfo(ctx, session) } : { kind: session.kind };
    },
  };
}
