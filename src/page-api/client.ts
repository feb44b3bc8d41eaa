/**
 * The page side of the port: queues calls until the bridge connects, then sends them and
 * settles each promise with the bridge's answer.
 */
import { CONNECT, HELLO, type CallName, type WireAnswer } from './wire';

export type Call = (call: CallName, args: Record<string, unknown>) => Promise<unknown>;

/** A Mailvelope-style error: an Error with a `code`. */
export class PageApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PageApiError';
  }
}

export function createClient(win: Window): Call {
  let port: MessagePort | null = null;
  let next = 1;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const queue: Array<{ id: number; call: CallName; args: Record<string, unknown> }> = [];

  const onAnswer = (e: MessageEvent): void => {
    const a = e.data as WireAnswer | null;
    if (typeof a !== 'object' || a === null || typeof a.id !== 'number') return;
    const w = waiting.get(a.id);
    if (!w) return;
    waiting.delete(a.id);
    if (a.ok) w.resolve(a.value);
    else w.reject(new PageApiError(String(a.error?.code ?? 'INTERNAL'), String(a.error?.message ?? 'failed')));
  };

  const onConnect = (e: MessageEvent): void => {
    const d = e.data as { type?: unknown } | null;
    if (port || e.origin !== win.location.origin || typeof d !== 'object' || d === null || d.type !== CONNECT || e.ports.length !== 1) return;
    port = e.ports[0] as MessagePort;
    win.removeEventListener('message', onConnect);
    port.onmessage = onAnswer;
    port.postMessage({ ready: 1 });
    for (const q of queue.splice(0)) port.postMessage(q);
  };
  win.addEventListener('message', onConnect);
  // The bridge may have started first and posted before we listened: ask again.
  win.postMessage({ type: HELLO }, win.location.origin);

  return (call, args) =>
    new Promise((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      const request = { id, call, args };
      if (port) port.postMessage(request);
      else queue.push(request);
    });
}
