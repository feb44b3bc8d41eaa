/**
 * Our compose frame's requests. The typed text reaches the background only; what goes to
 * the page (composeResult) is ciphertext or, in sign-only mode, the cleartext signature the
 * user chose to send in the clear.
 */
import { CachetError } from '../../core/errors';
import { toView } from './common';
import { composeMessage } from '../mail/compose-encrypt';
import { frameSession } from '../mail/binding';
import { draftKeys } from '../mail/drafts';
import { htmlToText } from '../mail/quote';
import { resolveAll } from '../mail/recipients';
import { senderKey } from '../mail/keyring';
import { countAttempt } from '../mail/rate-limit';
import { readSessionContent } from '../mail/read-decrypt';
import type { HandlerContext, PageGroup } from './context';
import { signOnlyApproved, spendSignOnly } from '../confirm/sign-approval';

type Group = PageGroup<'getComposeSession' | 'getComposeQuote' | 'resolveRecipients' | 'submitCompose' | 'cancelCompose'>;

export function mailComposeHandlers(ctx: HandlerContext): Group {
  const { sessions, push } = ctx.mail;
  return {
    async getComposeSession({ sessionId }, { sender }) {
      const s = await frameSession(sessions, sender, sessionId, 'compose');
      const ks = await ctx.keystore();
      const own = await senderKey(ks, s.sender);
      // Whether the quote may be my own draft: key IDs only, nothing is decrypted here.
      const quoted = s.hasQuote ? await sessions.payload(s.id) : null;
      const maybeDraft = quoted !== null && (await draftKeys(ctx, quoted)) !== null;
      const view = { recipients: s.recipients, sender: s.sender, hasQuote: s.hasQuote, senderKey: own ? toView(own, await ks.defaults()) : null };
      return maybeDraft ? { ...view, maybeDraft: true as const } : view;
    },

    async getComposeQuote({ sessionId, passphrase }, { sender }) {
      const s = await frameSession(sessions, sender, sessionId, 'compose');
      const armored = await sessions.payload(s.id);
      if (armored === null) throw new CachetError('BAD_REQUEST', 'nothing to quote');
      // Decrypting a quote is a decryption like any other: same rate limit (PI-04).
      await countAttempt(sessions, s, ctx.now().getTime());
      const r = await readSessionContent(ctx, 'message', armored, null, passphrase);
      // MP-07: only text, as it would be shown; nested ciphertexts and attachments are left out.
      return { text: r.text ?? (r.html === null ? '' : htmlToText(r.html)) };
    },

    async resolveRecipients({ addresses }) {
      const resolved = await resolveAll(await ctx.keystore(), addresses, ctx.now());
      return { statuses: resolved.map((r) => r.status) };
    },

    async submitCompose(req, { sender }) {
      const s = await frameSession(sessions, sender, req.sessionId, 'compose');
      // PI-03: sign-only hands the text itself to the page: only the text the user approved in
      // our confirmation window (a click in this frame, which the page can hide, is not enough).
      const signOnly = req.mode === 'sign';
      if (signOnly && !(await signOnlyApproved(ctx.mail.area, s.id, req.text))) throw new CachetError('FORBIDDEN', 'confirm signing without encryption in the Cachet window first');
      const out = await composeMessage(ctx, { ...req, sender: s.sender });
      if (signOnly) await spendSignOnly(ctx.mail.area, s.id);
      await push(s.tabId, s.frameId, 'composeResult', { sessionId: s.id, armored: out.armored, attachments: out.attachments });
      return { armoredLength: out.armored.length };
    },

    async cancelCompose({ sessionId }, { sender }) {
      const s = await frameSession(sessions, sender, sessionId, 'compose');
      await sessions.remove(s.id);
      await push(s.tabId, s.frameId, 'composeClosed', { sessionId: s.id });
      return {};
    },
  };
}
