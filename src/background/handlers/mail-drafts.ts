/**
 * Encrypted drafts from our compose frame: save (ciphertext to self, pushed to the page like
 * any compose result) and reopen (plaintext returned to the frame only).
 */
import { CachetError } from '../../core/errors';
import { frameSession } from '../mail/binding';
import { openDraft, sealDraft } from '../mail/drafts';
import { countAttempt } from '../mail/rate-limit';
import type { HandlerContext, PageGroup } from './context';

export function mailDraftHandlers(ctx: HandlerContext): PageGroup<'saveComposeDraft' | 'openComposeDraft'> {
  const { sessions, push } = ctx.mail;
  return {
    async saveComposeDraft({ sessionId, text, recipients, mode }, { sender }) {
      const s = await frameSession(sessions, sender, sessionId, 'compose');
      const armored = await sealDraft(ctx, s.sender, { text, recipients, mode });
      await push(s.tabId, s.frameId, 'composeResult', { sessionId: s.id, armored, attachments: [] });
      return { armoredLength: armored.length };
    },

    async openComposeDraft({ sessionId, passphrase }, { sender }) {
      const s = await frameSession(sessions, sender, sessionId, 'compose');
      const armored = await sessions.payload(s.id);
      if (armored === null) throw new CachetError('BAD_REQUEST', 'nothing to reopen');
      // A decryption like any other: same rate limit (PI-04).
      await countAttempt(sessions, s, ctx.now().getTime());
      return { draft: await openDraft(ctx, armored, passphrase) };
    },
  };
}
