import type { FastifyInstance } from 'fastify';
import { MAX_ITEM_BYTES, type BatchRequest, type BatchResponse, type KeyItem, type PutKeyRequest } from '../../shared/vault-api.js';
import { authOf, requireApproved, type VaultContext } from '../context.js';
import { applyChanges, getKeyItem, type KeyChange } from '../db/keys-repo.js';
import { VaultHttpError } from '../http-error.js';
import { validateKeyItem } from '../validate-key.js';
import { etag, readPrecondition } from './preconditions.js';
import { armoredKey, fingerprint, object } from './schemas.js';

/** One item plus JSON framing and escaping (armor has no characters JSON escapes but newlines). */
const ITEM_BODY_LIMIT = MAX_ITEM_BYTES + 64 * 1024;
const MAX_BATCH_ITEMS = 100;

const itemBody = object({ publicKey: armoredKey, privateKey: { anyOf: [armoredKey, { type: 'null' }] } });
const fpParams = object({ fingerprint });

export function registerKeyRoutes(app: FastifyInstance, ctx: VaultContext): void {
  // Pending devices get 403 device_not_approved on every key route (VS-05).
  const auth = requireApproved(ctx);

  app.get<{ Params: { fingerprint: string } }>('/v1/keys/:fingerprint', {
    preHandler: auth,
    schema: { params: fpParams },
  }, async (req, reply) => {
    const item = await getKeyItem(ctx.store, authOf(req).accountId, req.params.fingerprint.toLowerCase());
    // Another account's fingerprint answers exactly like one that was never stored.
    if (!item) throw new VaultHttpError(404, 'not_found', 'no such key');
    void reply.header('etag', etag(item.revision));
    if (req.headers['if-none-match'] === etag(item.revision)) return reply.code(304).send();
    return item;
  });

  app.put<{ Params: { fingerprint: string }; Body: PutKeyRequest }>('/v1/keys/:fingerprint', {
    preHandler: auth,
    bodyLimit: ITEM_BODY_LIMIT,
    schema: { params: fpParams, body: itemBody },
  }, async (req, reply) => {
    const fp = req.params.fingerprint.toLowerCase();
    const precondition = readPrecondition(req);
    await validateKeyItem(fp, req.body);
    const item = await applyOne(ctx, authOf(req), { fingerprint: fp, precondition, content: req.body });
    return reply.code(item.revision === 1 ? 201 : 200).header('etag', etag(item.revision)).send(item);
  });

  app.delete<{ Params: { fingerprint: string } }>('/v1/keys/:fingerprint', {
    preHandler: auth,
    schema: { params: fpParams },
  }, async (req, reply) => {
    const fp = req.params.fingerprint.toLowerCase();
    const precondition = readPrecondition(req, true);
    const item = await applyOne(ctx, authOf(req), { fingerprint: fp, precondition, content: null });
    return reply.header('etag', etag(item.revision)).send(item);
  });

  app.post<{ Body: BatchRequest }>('/v1/batch', {
    preHandler: auth,
    bodyLimit: ITEM_BODY_LIMIT * 16,
    schema: {
      body: object({
        items: {
          type: 'array',
          minItems: 1,
          maxItems: MAX_BATCH_ITEMS,
          items: object({ fingerprint, revision: { type: 'integer', minimum: 1 }, publicKey: armoredKey, privateKey: itemBody.properties.privateKey }),
        },
      }),
    },
  }, async (req): Promise<BatchResponse> => {
    const seen = new Set<string>();
    const changes: KeyChange[] = [];
    for (const it of req.body.items) {
      const fp = it.fingerprint.toLowerCase();
      if (seen.has(fp)) throw new VaultHttpError(400, 'bad_request', `fingerprint ${fp} appears twice`);
      seen.add(fp);
      await validateKeyItem(fp, { publicKey: it.publicKey, privateKey: it.privateKey });
      changes.push({ fingerprint: fp, precondition: { kind: 'revision', revision: it.revision }, content: { publicKey: it.publicKey, privateKey: it.privateKey } });
    }
    const r = await applyChanges(ctx.store, authOf(req).accountId, changes, authOf(req).deviceId);
    if (!r.ok) {
      const conflicts = r.conflicts.filter((c): c is KeyItem => c !== null);
      throw new VaultHttpError(412, 'precondition_failed', `stale revision for ${r.fingerprints.join(', ')}; nothing applied`, { conflicts });
    }
    return { items: r.items, seq: r.seq };
  });
}

async function applyOne(ctx: VaultContext, who: { accountId: string; deviceId: string }, change: KeyChange): Promise<KeyItem> {
  const r = await applyChanges(ctx.store, who.accountId, [change], who.deviceId);
  if (r.ok && r.items[0]) return r.items[0];
  const current = r.ok ? null : (r.conflicts[0] ?? null);
  throw new VaultHttpError(412, 'precondition_failed', 'the item changed; merge with `current` and retry', { current });
}
