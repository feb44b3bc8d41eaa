/**
 * Typed client for PageProtocol over `runtime.sendMessage`, using the wire envelope
 * from src/shared/protocol.ts. Errors come back as `RpcError` carrying an ErrorCode the
 * UI translates; a reply lost because the background stopped (Chrome service worker stopped,
 * Firefox event page suspended) becomes BACKGROUND_RESTARTED; anything else unexpected
 * becomes INTERNAL.
 */
import { ERROR_CODES, type ErrorCode } from '../../core/errors';
import type { Envelope, PageMessageType, PageProtocol, Reply } from '../../shared/protocol';
import { ext } from './ext';

export class RpcError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'RpcError';
  }
}

export type Req<T extends PageMessageType> = PageProtocol[T]['req'];
export type Res<T extends PageMessageType> = PageProtocol[T]['res'];

/**
 * What `runtime.sendMessage` rejects with when the background went away owing the reply or
 * was being torn down as we sent: Chromium ("The message port closed before a response was
 * received", "...message channel closed before a response was received", "Could not establish
 * connection. Receiving end does not exist") and Firefox (the same "Receiving end" text,
 * "Message manager disconnected", "Promised response from onMessage listener went out of scope").
 */
const LOST_BACKGROUND =
  /message port closed|message channel closed|Receiving end does not exist|Could not establish connection|Message manager disconnected|went out of scope|worker (?:gone|stopped|terminated)/i;

/** True when a transport failure means the background stopped mid-request (retrying is safe). */
export function isLostBackground(e: unknown): boolean {
  return LOST_BACKGROUND.test(errorMessage(e));
}

/**
 * The message of an Error, including one from another realm: Firefox ESR 153 rejects an
 * extension frame's sendMessage with an Error that is not `instanceof` the frame's Error (the
 * lost-background case showed INTERNAL there, test/e2e/faults/background-killed-mail.test.ts),
 * so the brand is checked with Object.prototype.toString. A plain object is not an error.
 */
function errorMessage(e: unknown): string {
  if (typeof e === 'string') return e;
  if (!(e instanceof Error) && Object.prototype.toString.call(e) !== '[object Error]') return '';
  const m = (e as { message?: unknown }).message;
  return typeof m === 'string' ? m : '';
}

/** Anything the page can throw, as an RpcError (a lost background becomes BACKGROUND_RESTARTED, other unknown failures INTERNAL). */
export function toRpcError(e: unknown): RpcError {
  if (e instanceof RpcError) return e;
  if (isLostBackground(e)) return new RpcError('BACKGROUND_RESTARTED');
  return new RpcError('INTERNAL');
}

function isErrorCode(x: unknown): x is ErrorCode {
  return typeof x === 'string' && (ERROR_CODES as readonly string[]).includes(x);
}

/** Checks the wire shape of a reply; returns the value or throws an RpcError. */
export function unwrapReply<R>(reply: unknown): R {
  if (typeof reply !== 'object' || reply === null || !('ok' in reply)) {
    throw new RpcError('INTERNAL', 'no reply from the background');
  }
  const r = reply as Reply<R>;
  if (r.ok) return r.value;
  const code = isErrorCode(r.error?.code) ? r.error.code : 'INTERNAL';
  const detail = typeof r.error?.detail === 'string' ? r.error.detail : undefined;
  throw new RpcError(code, detail);
}

/** Sends one PageProtocol request to the background and returns its typed result. */
export async function call<T extends PageMessageType>(type: T, payload: Req<T>): Promise<Res<T>> {
  const envelope: Envelope<T, Req<T>> = { cachet: 1, type, payload };
  let reply: unknown;
  try {
    reply = await ext().runtime.sendMessage(envelope);
  } catch (e) {
    // The background stopped while it owed us the reply (or as we sent): tell the user plainly
    // that Cachet restarted and a retry is safe, rather than a bare INTERNAL.
    if (isLostBackground(e)) throw new RpcError('BACKGROUND_RESTARTED');
    throw new RpcError('INTERNAL', 'the background did not answer');
  }
  return unwrapReply<Res<T>>(reply);
}
