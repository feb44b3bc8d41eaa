/**
 * Bridge requests (the web page's side: hostile). Answers are public key metadata, public
 * keys, session handles and frame URLs; nothing is decrypted or signed here — that happens
 * only after a click in our frames.
 */
import { readOneKey } from '../../core/keys/parse';
import { CachetError } from '../../core/errors';
import type { PageApiContentProtocol } from '../../shared/page-api-protocol';
import type { ContentGroup, HandlerContext } from '../handlers/context';
import { parseAddress } from '../mail/addresses';
import { gone } from '../mail/binding';
import { senderKey } from '../mail/keyring';
import { resolveOne } from '../mail/recipients';
import { autocryptHeader } from './autocrypt-header';
import type { PageApiDeps } from './deps';
import { getEditorState, putEditorState } from './editor-state';
import { pageApiCaller } from './guard';

export const PAGE_API_ADAPTER = 'page-api';

type Group = ContentGroup<keyof PageApiContentProtocol>;

function address(input: string): string {
  const a = parseAddress(input);
  if (a === null) throw new CachetError('BAD_REQUEST', 'not an e-mail address');
  return a;
}

export function pageApiContentHandlers(ctx: HandlerContext, deps: () => PageApiDeps): Group {
  const { sessions, frameUrl } = ctx.mail;
  const caller = (sender: Parameters<Group['pageApiOpenSettings']>[1]['sender']) => pageApiCaller(deps(), sender, ctx.now().getTime());
  return {
    async pageApiValidKeys({ addresses }, { sender }) {
      await caller(sender);
      const ks = await ctx.keystore();
      const status: PageApiContentProtocol['pageApiValidKeys']['res']['status'] = {};
      for (const input of addresses) {
        const r = await resolveOne(ks, input, ctx.now());
        // Keyed by what the page asked (Roundcube looks its own strings up in the answer).
        status[input] = r.record ? { keys: [{ fingerprint: r.record.fingerprint, created: r.record.info.created }] } : false;
      }
      return { status };
    },

    async pageApiHasPrivateKey({ fingerprint }, { sender }) {
      await caller(sender);
      const record = await (await ctx.keystore()).get(fingerprint.toUpperCase());
      return { has: record?.info.hasSecret === true };
    },

    async pageApiExportOwnKey({ address: input }, { sender }) {
      await caller(sender);
      const own = await senderKey(await ctx.keystore(), address(input));
      if (!own) throw new CachetError('KEY_NOT_FOUND', 'no key of yours for this address');
      // Public part only: the stored armor may be a (protected) private key.
      return { armored: (await readOneKey(own.armored)).toPublic().armor() };
    },

    async pageApiAutocrypt({ from }, { sender }) {
      await caller(sender);
      const addr = address(from);
      const own = await senderKey(await ctx.keystore(), addr);
      if (!own) return { autocrypt: null };
      return { autocrypt: await autocryptHeader(await readOneKey(own.armored), addr, true) };
    },

    async pageApiOpenEditor(req, { sender }) {
      const { tabId, frameId } = await caller(sender);
      const session = await sessions.create(
        { kind: 'compose', tabId, frameId, adapter: PAGE_API_ADAPTER, sender: null, recipients: { to: [], cc: [], bcc: [] }, hasQuote: req.quotedMail !== null },
        req.quotedMail,
      );
      const quote = req.quotedMail === null ? null : { indent: req.quotedMailIndent, header: req.quotedMailHeader, keepAttachments: req.keepAttachments };
      await putEditorState(deps().session, session.id, { signMsg: req.signMsg, predefinedText: req.predefinedText, request: null, quote });
      return { sessionId: session.id, frameUrl: frameUrl('compose.html') };
    },

    async pageApiEncrypt({ sessionId, requestId, recipients }, { sender }) {
      const { tabId } = await caller(sender);
      const s = await sessions.get(sessionId);
      if (!s || s.kind !== 'compose' || s.adapter !== PAGE_API_ADAPTER || s.tabId !== tabId) throw gone();
      const state = await getEditorState(deps().session, s.id);
      if (!state) throw gone();
      // The list is shown as parsed in our frame; an address that does not parse stops here.
      const parsed = [...new Set(recipients.map(address))];
      if (parsed.length === 0) throw new CachetError('BAD_REQUEST', 'no recipient');
      // A new request (even one reusing an id) is never covered by an earlier approval (PI-03).
      await putEditorState(deps().session, s.id, { ...state, request: { requestId, recipients: parsed }, approval: null });
      // Only our extension pages receive runtime broadcasts; the notice carries the id only.
      await deps()
        .broadcast({ cachetPageApiFrame: 1, sessionId: s.id })
        .catch(() => undefined);
      return {};
    },

    async pageApiOpenDisplay({ armored, senderAddress }, { sender }) {
      const { tabId, frameId } = await caller(sender);
      const session = await sessions.create(
        {
          kind: 'read',
          tabId,
          frameId,
          adapter: PAGE_API_ADAPTER,
          sender: senderAddress === null ? null : parseAddress(senderAddress),
          readKind: 'pgp-mime-encrypted',
        },
        armored,
      );
      return { sessionId: session.id, frameUrl: frameUrl('read.html') };
    },

    async pageApiOpenSettings(_req, { sender }) {
      await caller(sender);
      await deps().openOptionsPage();
      return {};
    },
  };
}
