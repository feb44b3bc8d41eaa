/**
 * The one message router of the background. Privilege comes from the sender
 * (sender.ts), the message type is looked up only in the map that privilege may use,
 * and the payload is parsed by its schema before the handler runs.
 */
import type { Runtime } from 'webextension-polyfill';
import { CachetError, isCachetError } from '../core/errors';
import type { ContentProtocol, PageProtocol, Reply } from '../shared/protocol';
import type { Schema } from '../shared/schema';
import { classifySender, originOf, type SenderPolicy } from './sender';

/** What a handler learns about its caller (already vetted). */
export interface CallContext {
  sender: Runtime.MessageSender;
}

type HandlerMap<P> = {
  [K in keyof P]: P[K] extends { req: infer Q; res: infer R } ? (req: Q, ctx: CallContext) => Promise<R> : never;
};
type SchemaMap<P> = { [K in keyof P]: P[K] extends { req: infer Q } ? Schema<Q> : never };

export type PageHandlers = HandlerMap<PageProtocol>;
export type ContentHandlers = HandlerMap<ContentProtocol>;

export interface RouterOptions extends SenderPolicy {
  page: { handlers: PageHandlers; schemas: SchemaMap<PageProtocol> };
  content: { handlers: ContentHandlers; schemas: SchemaMap<ContentProtocol> };
  /** Called with the message type and error name of unexpected failures (never the error text). */
  onInternalError?: (type: string, name: string) => void;
}

type AnyHandler = (req: unknown, ctx: CallContext) => Promise<unknown>;
interface Table {
  handlers: Record<string, AnyHandler>;
  schemas: Record<string, Schema<unknown>>;
}

function has(table: Table, type: string): boolean {
  // Own properties only: "constructor", "__proto__", "toString" are not messages.
  return Object.hasOwn(table.handlers, type) && Object.hasOwn(table.schemas, type);
}

function parseEnvelope(message: unknown): { type: string; payload: unknown } {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    throw new CachetError('BAD_REQUEST', 'not an envelope');
  }
  const m = message as Record<string, unknown>;
  const keys = Object.keys(m).sort().join(',');
  if (keys !== 'cachet,payload,type' || m.cachet !== 1 || typeof m.type !== 'string' || m.type.length > 64) {
    throw new CachetError('BAD_REQUEST', 'not an envelope');
  }
  return { type: m.type, payload: m.payload };
}

export interface Router {
  /** Routes one message; never throws, always resolves to a Reply. */
  handle(message: unknown, sender: Runtime.MessageSender): Promise<Reply<unknown>>;
  /** `runtime.onMessage` listener: replies through sendResponse (Chrome and Firefox). */
  listener: (message: unknown, sender: Runtime.MessageSender, sendResponse: (r: unknown) => void) => true;
}

export function createRouter(o: RouterOptions): Router {
  const policy: SenderPolicy = { runtimeId: o.runtimeId, extensionOrigin: originOf(o.extensionOrigin) ?? '\0none' };
  const page = o.page as unknown as Table;
  const content = o.content as unknown as Table;

  async function dispatch(message: unknown, sender: Runtime.MessageSender): Promise<unknown> {
    const privilege = classifySender(sender, policy);
    if (privilege === 'refused') throw new CachetError('FORBIDDEN', 'unknown sender');
    const { type, payload } = parseEnvelope(message);
    const table = privilege === 'page' ? page : content;
    if (!has(table, type)) {
      const elsewhere = has(privilege === 'page' ? content : page, type);
      throw elsewhere
        ? new CachetError('FORBIDDEN', `${type} is not allowed from this context`)
        : new CachetError('UNKNOWN_MESSAGE', type.slice(0, 64));
    }
    const req = (table.schemas[type] as Schema<unknown>).parse(payload, 'payload');
    return (table.handlers[type] as AnyHandler)(req, { sender });
  }

  async function handle(message: unknown, sender: Runtime.MessageSender): Promise<Reply<unknown>> {
    try {
      return { ok: true, value: await dispatch(message, sender) };
    } catch (e) {
      if (isCachetError(e)) {
        return { ok: false, error: e.detail === undefined ? { code: e.code } : { code: e.code, detail: e.detail } };
      }
      // Unknown failures may carry key material or stack traces in their text: drop it.
      const type =
        typeof message === 'object' && message !== null ? String((message as { type?: unknown }).type).slice(0, 64) : '?';
      o.onInternalError?.(type, e instanceof Error ? e.name : typeof e);
      return { ok: false, error: { code: 'INTERNAL' } };
    }
  }

  return {
    handle,
    listener(message, sender, sendResponse) {
      void handle(message, sender).then(sendResponse);
      return true;
    },
  };
}
