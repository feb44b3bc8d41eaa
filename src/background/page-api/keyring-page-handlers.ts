/**
 * Requests of our import window and key-generation frame (extension origin; the router has
 * checked that). Each is bound to its instance: the import window must be our
 * page-api-import.html carrying exactly that import id, in the window we opened for it (the
 * page is not web-accessible, so no web page can frame it: PI-03); the keygen frame (which
 * IS web-accessible, so a page could frame a copy) must be page-api-keygen.html without query
 * or fragment, in the tab that opened the container, and the very frame document that spent
 * the claim token the bridge posted into our iframe (claimPageApiKeyGen; as mail frames do).
 */
import type { Runtime } from 'webextension-polyfill';
import { CachetError } from '../../core/errors';
import type { PageApiKeyringPageProtocol } from '../../shared/page-api-keyring-protocol';
import type { HandlerContext, PageGroup } from '../handlers/context';
import { gone } from '../mail/binding';
import { isWindowPage } from '../extension-window';
import { claimValid, documentIdOf, isBoundFrame, isOurSubframe } from '../mail/claim-token';
import { applyImport } from './key-import';
import { generateForPage } from './keygen';
import { IMPORT_PAGE, KEYGEN_PAGE } from './keyring-content-handlers';
import type { PageApiKeyringDeps } from './keyring-deps';
import { pushKeyImport, pushToBridge } from './keyring-push';
import { dropImport, getImport, getKeyGen, putKeyGen } from './keyring-state';

type Group = PageGroup<keyof PageApiKeyringPageProtocol>;

export function pageApiKeyringPageHandlers(ctx: HandlerContext, deps: () => PageApiKeyringDeps): Group {
  const importFor = async (sender: Runtime.MessageSender, importId: string) => {
    const p = await getImport(deps().session, importId);
    if (!p || !isWindowPage(sender, IMPORT_PAGE, importId, p.windowId)) throw gone();
    return p;
  };
  const keygenFor = async (sender: Runtime.MessageSender, sessionId: string) => {
    const s = await getKeyGen(deps().session, sessionId);
    if (!s || !isOurSubframe(sender, `/${KEYGEN_PAGE}`, s.tabId) || !isBoundFrame(sender, s.bound)) throw gone();
    return s;
  };

  return {
    async getPageApiImport({ importId }, { sender }) {
      return (await importFor(sender, importId)).prompt;
    },

    async decidePageApiImport({ importId, accept, replace }, { sender }) {
      const p = await importFor(sender, importId);
      const d = deps();
      // Dropped first: a second click (or a second window) cannot import twice.
      await dropImport(d.session, p);
      const status = accept ? await applyImport(await ctx.keystore(), { armored: p.armored, prompt: p.prompt }, replace, ctx.now()) : 'REJECTED';
      await pushKeyImport(d, p, status);
      if (p.windowId !== null) await d.closeWindow(p.windowId).catch(() => undefined);
      return { status };
    },

    async claimPageApiKeyGen({ sessionId, token }, { sender }) {
      const d = deps();
      const s = await getKeyGen(d.session, sessionId);
      if (!s || !isOurSubframe(sender, `/${KEYGEN_PAGE}`, s.tabId) || !claimValid(s.pending, token, ctx.now().getTime())) throw gone();
      await putKeyGen(d.session, sessionId, { ...s, pending: null, bound: { tabId: s.tabId, frameId: sender.frameId as number, documentId: documentIdOf(sender) } });
      return {};
    },

    async getPageApiKeyGen({ sessionId }, { sender }) {
      const s = await keygenFor(sender, sessionId);
      return { origin: s.origin, userIds: s.userIds, step: s.step, requestId: s.requestId, fingerprint: s.fingerprint };
    },

    async generatePageApiKey({ sessionId, requestId, passphrase }, { sender }) {
      const s = await keygenFor(sender, sessionId);
      // PI-04: the page's generate() armed us and the user clicked here; both are needed.
      if (s.step !== 'armed' || s.requestId !== requestId) throw new CachetError('BAD_REQUEST', 'the webmail has not asked for a key');
      const made = await generateForPage(await ctx.keystore(), sessionId, s, passphrase, ctx.now());
      await putKeyGen(deps().session, sessionId, { ...s, step: s.confirmRequired ? 'generated' : 'confirmed', requestId: null, fingerprint: made.fingerprint });
      await pushToBridge(deps(), s.tabId, s.frameId, 'keyGen', { sessionId, requestId, armoredPublic: made.armoredPublic });
      return { fingerprint: made.fingerprint };
    },
  };
}
