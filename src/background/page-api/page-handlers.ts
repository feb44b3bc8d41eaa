/**
 * Requests of our editor frame in page-API mode (extension origin, checked by frameSession):
 * the frame shows the page's encrypt request — the final recipient list — and only the
 * user's approval in our confirmation window (../confirm/, PI-03) encrypts (and signs) the
 * text as a PGP/MIME body (RFC 3156 §4: the
 * encrypted data is a MIME entity). The bridge gets the armored ciphertext only.
 */
import { CachetError } from '../../core/errors';
import type { PageApiPageProtocol, PageApiPush } from '../../shared/page-api-protocol';
import type { HandlerContext, PageGroup } from '../handlers/context';
import { frameSession } from '../mail/binding';
import { composeMessage } from '../mail/compose-encrypt';
import { senderKey } from '../mail/keyring';
import type { ComposeSession } from '../mail/session-store';
import { PAGE_API_ADAPTER } from './content-handlers';
import type { PageApiDeps } from './deps';
import { pageApiMimeBody } from './editor-body';
import { getEditorState, putEditorState, type EditorState } from './editor-state';
import { pageApiOrigins, setPageApiSite } from './sites';

// getPageApiQuote: editor-quote.ts.
type Group = PageGroup<Exclude<keyof PageApiPageProtocol, 'getPageApiQuote'>>;

async function pushToBridge<K extends keyof PageApiPush>(d: PageApiDeps, s: ComposeSession, type: K, payload: PageApiPush[K]): Promise<void> {
  try {
    await d.sendToTab(s.tabId, { cachetPageApiPush: 1, type, payload }, s.frameId);
  } catch {
    throw new CachetError('INTERNAL', 'the webmail view is gone; reopen it');
  }
}

export function pageApiPageHandlers(ctx: HandlerContext, deps: () => PageApiDeps): Group {
  const { sessions } = ctx.mail;

  /** The frame's page-API session with its pending request `requestId`. */
  const pending = async (sender: Parameters<Group['getPageApiEditor']>[1]['sender'], sessionId: string, requestId: string) => {
    const s = await frameSession(sessions, sender, sessionId, 'compose');
    const state = s.adapter === PAGE_API_ADAPTER ? await getEditorState(deps().session, s.id) : null;
    if (!state?.request || state.request.requestId !== requestId) throw new CachetError('BAD_REQUEST', 'no such request from the page');
    return { s, state: state as EditorState & { request: NonNullable<EditorState['request']> } };
  };

  return {
    async getPageApiEditor({ sessionId }, { sender }) {
      const s = await frameSession(sessions, sender, sessionId, 'compose');
      if (s.adapter !== PAGE_API_ADAPTER) return { pageApi: false };
      const state = await getEditorState(deps().session, s.id);
      if (!state) return { pageApi: false };
      return { pageApi: true, signMsg: state.signMsg, predefinedText: state.predefinedText, request: state.request };
    },

    async confirmPageApiEncrypt({ sessionId, requestId, text, sign, passphrase, attachments }, { sender }) {
      const { s, state } = await pending(sender, sessionId, requestId);
      // PI-03: a click in our frame (which the page can hide or cover) is not enough; the
      // user must have approved this very request, and this sign choice, in our window.
      const ok = state.approval;
      if (ok?.requestId !== requestId || ok.sign !== sign || ok.recipients.join('\n') !== state.request.recipients.join('\n')) throw new CachetError('FORBIDDEN', 'confirm this in the Cachet window first');
      const ks = await ctx.keystore();
      // Roundcube appends the sender's identity last (app.js mailvelope_submit_messageform):
      // sign with the last recipient that is one of my keys.
      let from: string | null = null;
      for (const a of [...state.request.recipients].reverse()) {
        const own = await senderKey(ks, a);
        if (own?.info.hasSecret) {
          from = a;
          break;
        }
      }
      const out = await composeMessage(ctx, {
        text: pageApiMimeBody(text, attachments),
        recipients: { to: state.request.recipients, cc: [], bcc: [] },
        mode: sign ? 'encrypt-sign' : 'encrypt',
        attachments: [],
        passphrase,
        sender: from,
      });
      await putEditorState(deps().session, s.id, { ...state, request: null, approval: null });
      await pushToBridge(deps(), s, 'encrypted', { sessionId: s.id, requestId, armored: out.armored });
      return { armoredLength: out.armored.length };
    },

    async refusePageApiEncrypt({ sessionId, requestId }, { sender }) {
      const { s, state } = await pending(sender, sessionId, requestId);
      await putEditorState(deps().session, s.id, { ...state, request: null, approval: null });
      await pushToBridge(deps(), s, 'refused', { sessionId: s.id, requestId });
      return {};
    },

    async setPageApiSite({ origin, enabled }, { sender }) {
      // From our options/popup pages only, never from one of our frames inside a web page.
      const path = new URL(sender.url ?? 'about:blank').pathname;
      if (path === '/compose.html' || path === '/read.html') throw new CachetError('FORBIDDEN', 'not from a frame');
      return setPageApiSite(deps(), origin, enabled);
    },

    async listPageApiSites() {
      return { origins: await pageApiOrigins(deps()) };
    },
  };
}
