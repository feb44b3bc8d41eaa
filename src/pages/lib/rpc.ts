/**
 * Typed client for PageProtocol over `runtime.sendMessage`, using the wire envelope
 * from src/shared/protocol.ts. Errors come back as `RpcError` carrying an ErrorCode the
 * UI translates; anything unexpected (no reply, transport failure) becomes INTERNAL.
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

/** Anything the page can throw, as an RpcError (unknown failures become INTERNAL). */
export function toRpcError(e: unknown): RpcError {
  if (e instanceof RpcError) return e;
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
  } catch {
    // "Could not establish connection" and the like: nothing the user can act on but retry.
    throw new RpcError('INTERNAL', 'the background did not answer');
  }
  return unwrapReply<Res<T>>(reply);
}
