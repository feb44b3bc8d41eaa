import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { KeyItem, VaultErrorBody, VaultErrorCode } from '../shared/vault-api.js';

/** A refusal with an HTTP status and a stable code for the client. */
export class VaultHttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: VaultErrorCode,
    message: string,
    readonly extra: { current?: KeyItem | null; conflicts?: KeyItem[] } = {},
  ) {
    super(message);
    this.name = 'VaultHttpError';
  }
}

export function errorBody(code: VaultErrorCode, message: string): VaultErrorBody {
  return { error: { code, message } };
}

/** Maps Fastify's own errors (schema, JSON, size, rate limit) to our error body. */
export function handleError(err: FastifyError | VaultHttpError, request: FastifyRequest, reply: FastifyReply): void {
  if (err instanceof VaultHttpError) {
    void reply.code(err.statusCode).send({ ...errorBody(err.code, err.message), ...err.extra });
    return;
  }
  const status = err.statusCode ?? 500;
  if (err.validation) {
    void reply.code(400).send(errorBody('bad_request', err.message));
  } else if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) {
    void reply.code(413).send(errorBody('payload_too_large', 'request body too large'));
  } else if (status === 429) {
    void reply.code(429).send(errorBody('rate_limited', err.message));
  } else if (status >= 400 && status < 500) {
    void reply.code(status).send(errorBody('bad_request', err.message));
  } else {
    request.log.error({ err }, 'request failed');
    void reply.code(500).send(errorBody('internal', 'internal error'));
  }
}
