import type { FastifyInstance } from 'fastify';
import type { KeyItem, SyncResponse } from '../../shared/vault-api.js';
import { authOf, requireApproved, type VaultContext } from '../context.js';
import { accountSeq, changesSince } from '../db/keys-repo.js';
import { VaultHttpError } from '../http-error.js';
import { object } from './schemas.js';

const MAX_LIMIT = 1000;

export function registerSyncRoutes(app: FastifyInstance, ctx: VaultContext): void {
  app.get<{ Querystring: { since: number; limit?: number } }>('/v1/sync', {
    preHandler: requireApproved(ctx), // 403 device_not_approved while pending (VS-05)
    schema: {
      querystring: object(
        { since: { type: 'integer', minimum: 0 }, limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT } },
        ['since'],
      ),
    },
  }, async (req, reply) => {
    const { accountId } = authOf(req);
    const seq = await accountSeq(ctx.store, accountId);
    if (seq === undefined) throw new VaultHttpError(401, 'unauthorized', 'account gone');
    const { since } = req.query;
    // Ajv's query coercion lets "1e999" through as Infinity ("integer", and the maximum
    // check does not catch it); SQLite then fails with a 500. Found by test/fuzz.
    if (!Number.isSafeInteger(since) || (req.query.limit !== undefined && !Number.isSafeInteger(req.query.limit))) {
      throw new VaultHttpError(400, 'bad_request', 'since and limit must be safe integers');
    }
    if (since === seq) return reply.code(304).send();
    // A client ahead of the server means the database was restored from a
    // backup: hand out everything and let the client's rollback check decide (VS-04).
    const reset = since > seq;
    const from = reset ? 0 : since;
    const limit = req.query.limit ?? 200;
    const page = await pageFrom(ctx, accountId, from, limit);
    const body: SyncResponse = { items: page.items, seq: page.more ? page.lastSeq : seq, more: page.more, reset };
    return body;
  });
}

/**
 * A batch gives many items one seq, so a page must never end inside a seq
 * group or `since = lastSeq` would skip the rest of it.
 */
async function pageFrom(ctx: VaultContext, accountId: string, since: number, limit: number): Promise<{ items: KeyItem[]; more: boolean; lastSeq: number }> {
  const rows = await changesSince(ctx.store, accountId, since, limit + 1);
  if (rows.length <= limit) return { items: rows, more: false, lastSeq: rows.at(-1)?.seq ?? since };
  const boundary = rows[limit]?.seq ?? since;
  let items = rows.slice(0, limit).filter((r) => r.seq < boundary);
  if (items.length === 0) {
    // One group larger than the page: send the whole group.
    items = (await changesSince(ctx.store, accountId, since, Number.MAX_SAFE_INTEGER)).filter((r) => r.seq === boundary);
    const after = await changesSince(ctx.store, accountId, boundary, 1);
    return { items, more: after.length > 0, lastSeq: boundary };
  }
  return { items, more: true, lastSeq: items.at(-1)?.seq ?? since };
}
