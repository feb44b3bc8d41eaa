/**
 * What a content script may do with mail: open a compose or read session (handing over
 * ciphertext and addresses only) and close it. The frame URL carries no session id (the page
 * can read it); the frame gets its session through a claim token (PI-03, mail/binding.ts),
 * the first of which comes with the answer.
 */
import { CachetError } from '../../core/errors';
import { MAIL_LIMITS } from '../../shared/mail-schemas';
import { parseAddress } from '../mail/addresses';
import { contentOrigin, pendingClaim } from '../mail/binding';
import { readAheadOnOpen } from '../mail/read-decrypt';
import type { ContentGroup, HandlerContext } from './context';

export function mailContentHandlers(ctx: HandlerContext): ContentGroup<'openComposeSession' | 'openReadSession' | 'closeSession'> {
  const { sessions } = ctx.mail;
  return {
    async openComposeSession(req, { sender }) {
      const { tabId, frameId } = contentOrigin(sender);
      const count = req.recipients.to.length + req.recipients.cc.length + req.recipients.bcc.length;
      if (count > MAIL_LIMITS.recipients) throw new CachetError('TOO_LARGE', `more than ${MAIL_LIMITS.recipients} recipients`);
      if (req.quotedArmored !== null && req.quotedArmored.length > MAIL_LIMITS.armoredChars) throw new CachetError('TOO_LARGE');
      const session = await sessions.create(
        {
          kind: 'compose',
          tabId,
          frameId,
          adapter: req.adapter,
          sender: req.sender === null ? null : parseAddress(req.sender),
          recipients: req.recipients,
          hasQuote: req.quotedArmored !== null,
        },
        req.quotedArmored,
      );
      return { sessionId: session.id, claim: await pendingClaim(sessions, session.id) };
    },

    async openReadSession(req, { sender }) {
      const { tabId, frameId } = contentOrigin(sender);
      // Over the cap the session still opens, without the ciphertext, so our frame can say TOO_LARGE.
      const fits = req.armored.length <= MAIL_LIMITS.armoredChars;
      const session = await sessions.create(
        { kind: 'read', tabId, frameId, adapter: req.adapter, sender: req.sender, readKind: req.kind },
        fits ? req.armored : null,
      );
      // With auto-decrypt on and the key unlocked, the decryption starts now, while the frame
      // loads (read-ahead.ts); the result is only ever handed to the frame that claims the session.
      if (fits) readAheadOnOpen(ctx, req.kind, req.armored);
      return { sessionId: session.id, claim: await pendingClaim(sessions, session.id) };
    },

    async closeSession({ sessionId }, { sender }) {
      const { tabId } = contentOrigin(sender);
      const session = await sessions.get(sessionId);
      // Only the tab that opened a session may close it; anything else is silently a no-op.
      if (session && session.tabId === tabId) await sessions.remove(sessionId);
      return {};
    },
  };
}
