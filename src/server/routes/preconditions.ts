import type { FastifyRequest } from 'fastify';
import type { Precondition } from '../db/keys-repo.js';
import { VaultHttpError } from '../http-error.js';

/**
 * RFC 9110 §13.1: `If-None-Match: *` = create only if absent; `If-Match: "<rev>"`
 * = change only that revision. Writes without either get 428 (RFC 6585 §3) so
 * no client can overwrite blindly. `requireMatch` refuses `If-None-Match`
 * (DELETE of something absent makes no sense).
 */
export function readPrecondition(req: FastifyRequest, requireMatch = false): Precondition {
  const ifMatch = req.headers['if-match'];
  const ifNoneMatch = req.headers['if-none-match'];
  if (typeof ifMatch === 'string') {
    const m = /^\s*(?:W\/)?"([1-9][0-9]{0,9})"\s*$/.exec(ifMatch);
    if (!m?.[1]) throw new VaultHttpError(400, 'bad_request', 'If-Match must be one quoted revision, e.g. "3"');
    return { kind: 'revision', revision: Number(m[1]) };
  }
  if (!requireMatch && typeof ifNoneMatch === 'string') {
    if (ifNoneMatch.trim() !== '*') throw new VaultHttpError(400, 'bad_request', 'If-None-Match must be * on writes');
    return { kind: 'absent' };
  }
  throw new VaultHttpError(428, 'precondition_required', requireMatch ? 'If-Match is required' : 'If-Match or If-None-Match: * is required');
}

export function etag(revision: number): string {
  return `"${revision}"`;
}
