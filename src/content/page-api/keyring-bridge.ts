/**
 * The bridge's keyring calls: `importPublicKey` (answered when the user decides in our
 * confirmation window: a `keyImport` push) and the key-generation container (our frame at
 * the page's selector; `generate()` is answered by a `keyGen` push after the user's click in
 * it). The page gets a status string, a generator handle and, at the end, the PUBLIC key.
 */
import { ext } from '../../shared/api';
import { sendContent } from '../../shared/messaging';
import type { PageApiImportStatus } from '../../shared/page-api-keyring-protocol';
import { OWN_ATTR } from '../dom/own';
import { deliverFrameClaims } from '../overlay/frame-claim';
import { findContainer } from './container';
import type { KeyringBridgeRequest } from './keyring-validate';

/** Roundcube gives the container 245px (app.js mailvelope_show_keygen_container); our frame scrolls inside. */
const KEYGEN_HEIGHT = 245;

type Waiter<T> = { resolve: (v: T) => void; reject: (e: Error) => void };

const randomId = (): string => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
const fail = (code: string, message: string): Error => Object.assign(new Error(message), { code });

/** The frame gets its session by a claim posted into it after each load (PI-03), never by its URL. */
async function issueKeyGenClaim(sessionId: string): Promise<string> {
  return (await sendContent('pageApiKeyGenClaim', { sessionId })).token;
}

function mountKeyGenFrame(container: Element, frameUrl: string, sessionId: string): HTMLIFrameElement {
  const iframe = container.ownerDocument.createElement('iframe');
  iframe.setAttribute(OWN_ATTR, 'page-api-frame');
  deliverFrameClaims(iframe, sessionId, issueKeyGenClaim);
  iframe.src = frameUrl;
  iframe.setAttribute('allow', '');
  iframe.referrerPolicy = 'no-referrer';
  iframe.setAttribute('title', 'Cachet');
  iframe.style.cssText = `display:block;width:100%;height:${KEYGEN_HEIGHT}px;border:0;margin:0;padding:0;background:transparent;`;
  container.appendChild(iframe);
  return iframe;
}

export function createKeyringBridge(extensionOrigin: string) {
  const imports = new Map<string, Waiter<{ status: PageApiImportStatus }>>(); // requestId → page's importPublicKey()
  const generators = new Map<string, { sessionId: string; frame: HTMLIFrameElement }>(); // page handle → our session
  const generating = new Map<string, { requestId: string } & Waiter<{ armored: string }>>(); // sessionId → page's generate()

  ext.runtime.onMessage.addListener((message: unknown, sender: { id?: string; tab?: unknown }) => {
    // Only our background (our id, no tab) pushes; only answers to requests this bridge made.
    if (!sender || sender.id !== ext.runtime.id || sender.tab !== undefined) return;
    if (typeof message !== 'object' || message === null) return;
    const m = message as Record<string, unknown>;
    const p = m.payload as Record<string, unknown> | null;
    if (m.cachetPageApiPush !== 1 || typeof p !== 'object' || p === null || typeof p.requestId !== 'string') return;
    if (m.type === 'keyImport' && typeof p.status === 'string') {
      const w = imports.get(p.requestId);
      imports.delete(p.requestId);
      w?.resolve({ status: p.status as PageApiImportStatus });
    } else if (m.type === 'keyGen' && typeof p.sessionId === 'string' && typeof p.armoredPublic === 'string') {
      const w = generating.get(p.sessionId);
      if (!w || w.requestId !== p.requestId) return;
      generating.delete(p.sessionId);
      w.resolve({ armored: p.armoredPublic });
    }
  });

  const generatorOf = (generatorId: string) => {
    const g = generators.get(generatorId);
    if (!g) throw fail('BAD_REQUEST', 'unknown generator');
    return g;
  };

  async function handle(r: (KeyringBridgeRequest | { id: number; call: 'importPublicKey'; armored: string })): Promise<unknown> {
    switch (r.call) {
      case 'importPublicKey': {
        // One prompt at a time per tab and a rate limit are the background's (it knows the windows).
        const requestId = randomId();
        const answer = new Promise<{ status: PageApiImportStatus }>((resolve, reject) => imports.set(requestId, { resolve, reject }));
        try {
          await sendContent('pageApiImportKey', { requestId, armored: r.armored });
        } catch (e) {
          imports.delete(requestId);
          throw e;
        }
        return answer;
      }
      case 'openKeyGen': {
        const container = findContainer(document, r.selector);
        if (!container) throw fail('BAD_REQUEST', 'container not found');
        const { sessionId, frameUrl } = await sendContent('pageApiOpenKeyGen', { userIds: r.userIds, keySize: r.keySize });
        const generatorId = randomId();
        generators.set(generatorId, { sessionId, frame: mountKeyGenFrame(container, frameUrl, sessionId) });
        return { generatorId };
      }
      case 'generateKey': {
        const { sessionId, frame } = generatorOf(r.generatorId);
        if (generating.has(sessionId)) throw fail('BAD_REQUEST', 'generate() is already waiting');
        const requestId = randomId();
        const answer = new Promise<{ armored: string }>((resolve, reject) => generating.set(sessionId, { requestId, resolve, reject }));
        try {
          await sendContent('pageApiGenerateKey', { sessionId, requestId, confirmRequired: r.confirmRequired });
        } catch (e) {
          generating.delete(sessionId);
          throw e;
        }
        // Wake our frame (Firefox does not deliver the background's broadcast to an extension
        // frame in a web page); the notice names the session only, the frame asks the background.
        frame.contentWindow?.postMessage({ cachetPageApiWake: sessionId }, extensionOrigin);
        return answer;
      }
      case 'decideKeyGen': {
        const { sessionId } = generatorOf(r.generatorId);
        await sendContent('pageApiDecideKeyGen', { sessionId, confirm: r.confirm });
        return {};
      }
    }
  }

  return { handle };
}
