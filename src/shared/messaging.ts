/**
 * Client side of the message protocol, used by extension pages and content scripts.
 * Replies come back as `Reply<R>`; failures are re-thrown as CachetError so callers
 * handle one error type and translate `code` (public/_locales, `error_<CODE>`).
 */
import { CachetError, ERROR_CODES, type ErrorCode } from '../core/errors';
import { ext } from './api';
import type { ContentProtocol, Envelope, PageProtocol, Reply } from './protocol';

export type Transport = (envelope: Envelope) => Promise<unknown>;

function isErrorCode(v: unknown): v is ErrorCode {
  return typeof v === 'string' && (ERROR_CODES as readonly string[]).includes(v);
}

/** Turns a raw reply into the value, or throws the CachetError it carries. */
export function unwrapReply<R>(raw: unknown): R {
  if (typeof raw === 'object' && raw !== null && 'ok' in raw) {
    const reply = raw as Reply<R>;
    if (reply.ok) return reply.value;
    const { code, detail } = reply.error ?? {};
    throw new CachetError(isErrorCode(code) ? code : 'INTERNAL', typeof detail === 'string' ? detail : undefined);
  }
  // No listener answered (background not reachable) or a foreign reply.
  throw new CachetError('INTERNAL', 'no reply from the background');
}

export interface Messenger {
  sendPage<K extends keyof PageProtocol>(type: K, payload: PageProtocol[K]['req']): Promise<PageProtocol[K]['res']>;
  sendContent<K extends keyof ContentProtocol>(
    type: K,
    payload: ContentProtocol[K]['req'],
  ): Promise<ContentProtocol[K]['res']>;
}

export function createMessenger(transport: Transport): Messenger {
  async function send<R>(type: string, payload: unknown): Promise<R> {
    let raw: unknown;
    try {
      raw = await transport({ cachet: 1, type, payload });
    } catch (e) {
      // "Receiving end does not exist" and friends: the message never reached a handler.
      throw new CachetError('INTERNAL', e instanceof Error ? e.message.slice(0, 200) : 'message not delivered');
    }
    return unwrapReply<R>(raw);
  }
  return {
    sendPage: (type, payload) => send(type, payload),
    sendContent: (type, payload) => send(type, payload),
  };
}

const defaultMessenger = createMessenger((envelope) => ext.runtime.sendMessage(envelope));

/** Sends a privileged request from an extension page (options, popup, our frames). */
export const sendPage = defaultMessenger.sendPage;
/** Sends a request from a content script (ContentProtocol only). */
export const sendContent = defaultMessenger.sendContent;
