/**
 * The page-API bridge (isolated world, only on sites where the user turned the page API on):
 * hands the page script a private MessagePort, checks every request on it (validate.ts), rate
 * limits, and relays to the background. Back to the page go only ciphertext, handles and
 * public key metadata; container frames are Cachet's own pages.
 */
import { ext } from '../../shared/api';
import { sendContent } from '../../shared/messaging';
import type { PageApiPush } from '../../shared/page-api-protocol';
import { CONNECT, HELLO, type AnswerBody } from '../../page-api/wire';
import { findContainer, mountContainerFrame } from './container';
import { createKeyringBridge } from './keyring-bridge';
import { createRateLimit, parseRequest, type BridgeRequest } from './validate';

const EDITOR_HEIGHT = 420;
const DISPLAY_HEIGHT = 300;
const MAX_OFFERS = 5;
const RUN_FLAG = '__cachetPageApiBridge';
const EXTENSION_ORIGIN = new URL(ext.runtime.getURL('/')).origin;

type Pending = { answer: (a: AnswerBody) => void; requestId: string };

function errorOf(e: unknown): { code: string; message: string } {
  const code = typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : 'INTERNAL';
  return { code, message: e instanceof Error ? e.message.slice(0, 300) : 'failed' };
}

const randomId = (): string => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

function main(): void {
  const w = window as unknown as Record<string, unknown>;
  if (w[RUN_FLAG]) return;
  w[RUN_FLAG] = true;

  const allow = createRateLimit(60, 10_000);
  const keyring = createKeyringBridge(EXTENSION_ORIGIN);
  const editors = new Map<string, string>(); // editorId (page handle) → sessionId
  const frames = new Map<string, HTMLIFrameElement>(); // sessionId → frame
  const pendingEncrypt = new Map<string, Pending>(); // sessionId → the page's waiting encrypt()
  let port: MessagePort | null = null;
  let offers = 0;

  const handle = async (r: BridgeRequest): Promise<unknown> => {
    switch (r.call) {
      case 'validKeys':
        return sendContent('pageApiValidKeys', { addresses: r.addresses });
      case 'hasPrivateKey':
        return sendContent('pageApiHasPrivateKey', { fingerprint: r.fingerprint });
      case 'exportOwnKey':
        return sendContent('pageApiExportOwnKey', { address: r.address });
      case 'autocrypt':
        return sendContent('pageApiAutocrypt', { from: r.from });
      case 'openSettings':
        return sendContent('pageApiOpenSettings', {});
      case 'importPublicKey':
      case 'openKeyGen':
      case 'generateKey':
      case 'decideKeyGen':
        // Keys enter the keyring only with the user: a confirmation window, a click in our frame.
        return keyring.handle(r);
      case 'openEditor': {
        const container = findContainer(document, r.selector);
        if (!container) throw Object.assign(new Error('container not found'), { code: 'BAD_REQUEST' });
        const { sessionId, frameUrl } = await sendContent('pageApiOpenEditor', {
          signMsg: r.signMsg,
          predefinedText: r.predefinedText,
          quotedMail: r.quotedMail,
          quotedMailIndent: r.quotedMailIndent,
          quotedMailHeader: r.quotedMailHeader,
          keepAttachments: r.keepAttachments,
        });
        frames.set(sessionId, mountContainerFrame(container, frameUrl, EDITOR_HEIGHT, sessionId));
        const editorId = randomId();
        editors.set(editorId, sessionId);
        return { editorId };
      }
      case 'openDisplay': {
        const container = findContainer(document, r.selector);
        if (!container) throw Object.assign(new Error('container not found'), { code: 'BAD_REQUEST' });
        const { sessionId, frameUrl } = await sendContent('pageApiOpenDisplay', { armored: r.armored, senderAddress: r.senderAddress });
        frames.set(sessionId, mountContainerFrame(container, frameUrl, DISPLAY_HEIGHT, sessionId));
        return {};
      }
      case 'encrypt':
        throw new Error('unreachable');
    }
  };

  const onRequest = (data: unknown): void => {
    const r = parseRequest(data);
    if (!r || !port) return;
    const p = port;
    const answer = (a: AnswerBody): void => p.postMessage({ id: r.id, ...a });
    if (!allow()) return answer({ ok: false, error: { code: 'FORBIDDEN', message: 'too many requests' } });
    if (r.call === 'encrypt') {
      const sessionId = editors.get(r.editorId);
      if (!sessionId) return answer({ ok: false, error: { code: 'BAD_REQUEST', message: 'unknown editor' } });
      if (pendingEncrypt.has(sessionId)) return answer({ ok: false, error: { code: 'BAD_REQUEST', message: 'an encryption is already waiting' } });
      const requestId = randomId();
      pendingEncrypt.set(sessionId, { answer, requestId });
      // Answered by the `encrypted`/`refused` push after the user decides in our frame.
      sendContent('pageApiEncrypt', { sessionId, requestId, recipients: r.recipients }).then(
        // Wake our frame: Firefox ESR 153 delivers neither the background's runtime broadcast
        // nor storage.session changes to an extension frame inside a web page. The notice names
        // the session only; the frame asks the background for the request itself.
        () => frames.get(sessionId)?.contentWindow?.postMessage({ cachetPageApiWake: sessionId }, EXTENSION_ORIGIN),
        (e: unknown) => {
          pendingEncrypt.delete(sessionId);
          answer({ ok: false, error: errorOf(e) });
        },
      );
      return;
    }
    handle(r).then(
      (value) => answer({ ok: true, value }),
      (e: unknown) => answer({ ok: false, error: errorOf(e) }),
    );
  };

  const offer = (): void => {
    if (port || offers >= MAX_OFFERS) return;
    offers++;
    const ch = new MessageChannel();
    ch.port1.onmessage = (e: MessageEvent) => {
      if (port === ch.port1) return onRequest(e.data);
      const d = e.data as { ready?: unknown } | null;
      if (port === null && typeof d === 'object' && d !== null && d.ready === 1) port = ch.port1;
      else ch.port1.close();
    };
    window.postMessage({ type: CONNECT }, location.origin, [ch.port2]);
  };

  window.addEventListener('message', (e: MessageEvent) => {
    const d = e.data as { type?: unknown } | null;
    if (e.source === window && e.origin === location.origin && typeof d === 'object' && d !== null && d.type === HELLO) offer();
  });

  ext.runtime.onMessage.addListener((message: unknown, sender: { id?: string; tab?: unknown }) => {
    // Only our background (our id, no tab) pushes; only for sessions this bridge opened.
    if (!sender || sender.id !== ext.runtime.id || sender.tab !== undefined) return;
    if (typeof message !== 'object' || message === null) return;
    const m = message as Record<string, unknown>;
    const p = m.payload as Record<string, unknown> | null;
    if (typeof p !== 'object' || p === null || typeof p.sessionId !== 'string') return;
    if (m.cachetPush === 1 && m.type === 'frameHeight' && typeof p.height === 'number') {
      const f = frames.get(p.sessionId);
      if (f) f.style.height = `${Math.round(Math.min(8000, Math.max(40, p.height)))}px`;
      return;
    }
    if (m.cachetPageApiPush !== 1 || (m.type !== 'encrypted' && m.type !== 'refused')) return;
    const pending = pendingEncrypt.get(p.sessionId);
    if (!pending || p.requestId !== pending.requestId) return;
    pendingEncrypt.delete(p.sessionId);
    if (m.type === 'encrypted' && typeof p.armored === 'string') {
      const armored = (p as unknown as PageApiPush['encrypted']).armored;
      pending.answer({ ok: true, value: { armored } });
    } else {
      pending.answer({ ok: false, error: { code: 'REFUSED', message: 'the user did not confirm the encryption' } });
    }
  });

  offer();
}

main();
