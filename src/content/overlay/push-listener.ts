/**
 * Pushes from the background (`{cachetPush: 1, type, payload}` over runtime.onMessage).
 * Accepted only from this extension's background — `sender.id` is ours and there is no
 * `sender.tab` (our own frames sit in a tab, pages and other extensions have another id) —
 * and only for sessions this content script opened. Payloads are checked field by field.
 */
import type { ContentPush, SessionId, WireFile } from '../../shared/mail-protocol';

export interface PushSender {
  id?: string;
  tab?: unknown;
}

export type PushHandlers = { [K in keyof ContentPush]: (payload: ContentPush[K]) => void };

const isString = (v: unknown): v is string => typeof v === 'string';

function isWireFile(v: unknown): v is WireFile {
  if (typeof v !== 'object' || v === null) return false;
  const f = v as Record<string, unknown>;
  return isString(f.name) && isString(f.mimeType) && isString(f.base64) && f.name.length <= 255;
}

function valid<K extends keyof ContentPush>(type: K, p: Record<string, unknown>): boolean {
  if (!isString(p.sessionId)) return false;
  switch (type) {
    case 'composeResult':
      return isString(p.armored) && Array.isArray(p.attachments) && p.attachments.every(isWireFile);
    case 'frameHeight':
      return typeof p.height === 'number' && Number.isFinite(p.height);
    case 'composeClosed':
      return true;
    default:
      return false;
  }
}

/** Builds the `runtime.onMessage` listener. Returns true when the push was accepted (for tests). */
export function createPushListener(
  runtimeId: string,
  isOwnSession: (id: SessionId) => boolean,
  handlers: PushHandlers,
): (message: unknown, sender: PushSender) => boolean {
  return (message, sender) => {
    if (!sender || sender.id !== runtimeId || sender.tab !== undefined) return false;
    if (typeof message !== 'object' || message === null) return false;
    const m = message as Record<string, unknown>;
    if (m.cachetPush !== 1 || !isString(m.type) || !Object.hasOwn(handlers, m.type)) return false;
    const type = m.type as keyof ContentPush;
    const payload = m.payload;
    if (typeof payload !== 'object' || payload === null) return false;
    const p = payload as Record<string, unknown>;
    if (!valid(type, p) || !isOwnSession(p.sessionId as string)) return false;
    (handlers[type] as (payload: unknown) => void)(payload);
    return true;
  };
}
