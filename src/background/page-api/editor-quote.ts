/**
 * Replies and forwards in page-API mode (Mailvelope's `quotedMail`): our editor frame asks
 * here for the quoted mail, decrypted in the background. Only what the read view would show
 * goes back — the text (HTML reduced to text), never nested ciphertext (MP-04/MP-07) — plus
 * the mail's attachments when the page asked `keepAttachments` (a forward). The frame puts
 * the text under the page's header, indented when asked.
 *
 * A decryption is a private-key operation: it runs after a click in our frame, or at once
 * only when the user turned auto-decrypt on and the key is unlocked — the same rule as the
 * read view (mail-read.ts), so a page cannot make the key work by opening editors.
 */
import type { PageApiPageProtocol } from '../../shared/page-api-protocol';
import type { HandlerContext, PageGroup } from '../handlers/context';
import { frameSession } from '../mail/binding';
import { htmlToText } from '../mail/quote';
import { countAttempt } from '../mail/rate-limit';
import { readSessionContent, readSessionLocked } from '../mail/read-decrypt';
import { autoDecryptOn } from '../settings-store';
import { PAGE_API_ADAPTER } from './content-handlers';
import type { PageApiDeps } from './deps';
import { getEditorState } from './editor-state';

type Res = PageApiPageProtocol['getPageApiQuote']['res'];

export function pageApiQuoteHandlers(ctx: HandlerContext, deps: () => PageApiDeps): PageGroup<'getPageApiQuote'> {
  const { sessions } = ctx.mail;
  return {
    async getPageApiQuote({ sessionId, passphrase, clicked }, { sender }): Promise<Res> {
      const s = await frameSession(sessions, sender, sessionId, 'compose');
      const state = s.adapter === PAGE_API_ADAPTER ? await getEditorState(deps().session, s.id) : null;
      const armored = s.hasQuote ? await sessions.payload(s.id) : null;
      if (!state || armored === null) return { status: 'none' };
      if (!clicked) {
        const locked = await readSessionLocked(ctx, 'message', armored);
        if (locked || !autoDecryptOn(await ctx.settings.get())) return { status: 'click' };
      }
      // Same rate limit as every decryption (PI-04).
      await countAttempt(sessions, s, ctx.now().getTime());
      const r = await readSessionContent(ctx, 'message', armored, null, passphrase);
      const q = state.quote ?? { indent: false, header: null, keepAttachments: false };
      return {
        status: 'ok',
        text: r.text ?? (r.html === null ? '' : htmlToText(r.html)),
        header: q.header,
        indent: q.indent,
        attachments: q.keepAttachments ? r.attachments : [],
      };
    },
  };
}
