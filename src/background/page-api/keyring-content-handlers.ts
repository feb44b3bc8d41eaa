/**
 * Keyring requests of the bridge (the web page's side: hostile). `importPublicKey` opens our
 * confirmation window and answers later (push); the key-generation container is a frame of
 * ours, armed by the page's generate() but generating only on the user's click in it (PI-04).
 * Back to the page go a status string and public keys only.
 */
import { CachetError } from '../../core/errors';
import { parseAddress } from '../mail/addresses';
import { gone } from '../mail/binding';
import type { PageApiKeyringContentProtocol } from '../../shared/page-api-keyring-protocol';
import type { ContentGroup, HandlerContext } from '../handlers/context';
import type { PageApiDeps } from './deps';
import { pageApiCaller } from './guard';
import { readOfferedKey } from './key-import';
import { CLAIM_TTL_MS, newToken } from '../mail/claim-token';
import { decideGenerated } from './keygen';
import type { PageApiKeyringDeps } from './keyring-deps';
import { dropImport, getKeyGen, importOfTab, importOfWindow, putImport, putKeyGen } from './keyring-state';
import { pushKeyImport } from './keyring-push';

type Group = ContentGroup<keyof PageApiKeyringContentProtocol>;

/** PI-03/PI-04: at most this many confirmation windows per tab per minute, one at a time. */
export const PROMPTS = { max: 3, windowMs: 60_000 } as const;
const prompts = new Map<number, number[]>();

export const IMPORT_PAGE = 'page-api-import.html';
export const KEYGEN_PAGE = 'page-api-keygen.html';

/**
 * Registered when the handlers are built (the background's start, so the event wakes it):
 * the user closing our confirmation window answers the page REJECTED. Outside a browser
 * (unit tests building every handler) there is no window API: nothing to watch.
 */
function watchWindows(deps: () => PageApiKeyringDeps): void {
  try {
    const d = deps();
    d.onWindowRemoved?.((windowId) => {
      void importOfWindow(d.session, windowId)
        .then(async (p) => {
          if (!p) return;
          await dropImport(d.session, p);
          await pushKeyImport(d, p, 'REJECTED');
        })
        .catch(() => undefined);
    });
  } catch {
    // No extension API here (Node): nothing to watch.
  }
}

export function pageApiKeyringContentHandlers(ctx: HandlerContext, pageDeps: () => PageApiDeps, deps: () => PageApiKeyringDeps): Group {
  const caller = (sender: Parameters<Group['pageApiImportKey']>[1]['sender']) => pageApiCaller(pageDeps(), sender, ctx.now().getTime());

  watchWindows(deps);

  /** The keygen container `sessionId`, opened by this tab. */
  const keygenOf = async (sessionId: string, tabId: number) => {
    const s = await getKeyGen(deps().session, sessionId);
    if (!s || s.tabId !== tabId) throw gone();
    return s;
  };

  return {
    async pageApiImportKey({ requestId, armored }, { sender }) {
      const { tabId, frameId, origin } = await caller(sender);
      const d = deps();
      const open = await importOfTab(d.session, tabId);
      if (open) {
        // A prompt whose window the user closed is a refusal; one still open blocks the tab.
        if (open.windowId !== null && (await d.windowExists(open.windowId))) throw new CachetError('FORBIDDEN', 'a key import is already waiting for the user');
        await dropImport(d.session, open);
        await pushKeyImport(d, open, 'REJECTED');
      }
      const now = ctx.now().getTime();
      const times = (prompts.get(tabId) ?? []).filter((t) => t > now - PROMPTS.windowMs);
      if (times.length >= PROMPTS.max) throw new CachetError('FORBIDDEN', 'too many key import requests; wait a moment');
      const offered = await readOfferedKey(await ctx.keystore(), armored, origin, ctx.now());
      times.push(now);
      prompts.set(tabId, times);
      const importId = newToken();
      const pending = { importId, tabId, frameId, requestId, armored: offered.armored, prompt: offered.prompt, windowId: null };
      await putImport(d.session, pending);
      const windowId = await d.openWindow(`${IMPORT_PAGE}#${importId}`);
      await putImport(d.session, { ...pending, windowId });
      return {};
    },

    async pageApiOpenKeyGen({ userIds }, { sender }) {
      const { tabId, frameId, origin } = await caller(sender);
      if (userIds.length === 0) throw new CachetError('BAD_REQUEST', 'no user id');
      const ids = userIds.map((u) => {
        const email = parseAddress(u.email);
        if (email === null) throw new CachetError('BAD_REQUEST', 'not an e-mail address');
        return { email, name: u.fullName.trim() };
      });
      const sessionId = crypto.randomUUID();
      await putKeyGen(deps().session, sessionId, { tabId, frameId, origin, userIds: ids, step: 'idle', requestId: null, confirmRequired: false, fingerprint: null, pending: null, bound: null });
      // PI-03: no session id in the URL; the bridge hands the frame a claim after each load.
      return { sessionId, frameUrl: deps().pageUrl(KEYGEN_PAGE) };
    },

    async pageApiKeyGenClaim({ sessionId }, { sender }) {
      const { tabId, frameId } = await caller(sender);
      const s = await keygenOf(sessionId, tabId);
      if (s.frameId !== frameId) throw gone();
      const token = newToken();
      await putKeyGen(deps().session, sessionId, { ...s, pending: { token, expiresAt: ctx.now().getTime() + CLAIM_TTL_MS } });
      return { token };
    },

    async pageApiGenerateKey({ sessionId, requestId, confirmRequired }, { sender }) {
      const { tabId } = await caller(sender);
      const s = await keygenOf(sessionId, tabId);
      if (s.step !== 'idle' && s.step !== 'armed') throw new CachetError('BAD_REQUEST', 'this container already made its key');
      await putKeyGen(deps().session, sessionId, { ...s, step: 'armed', requestId, confirmRequired });
      await deps()
        .broadcast({ cachetPageApiFrame: 1, sessionId })
        .catch(() => undefined);
      return {};
    },

    async pageApiDecideKeyGen({ sessionId, confirm }, { sender }) {
      const { tabId } = await caller(sender);
      const s = await keygenOf(sessionId, tabId);
      if (s.step !== 'generated' || !s.confirmRequired) throw new CachetError('BAD_REQUEST', 'nothing to confirm');
      await decideGenerated(await ctx.keystore(), sessionId, confirm);
      await putKeyGen(deps().session, sessionId, { ...s, step: confirm ? 'confirmed' : 'rejected' });
      return {};
    },
  };
}
