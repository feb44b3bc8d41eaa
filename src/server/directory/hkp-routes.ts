/**
 * HKP (draft-gallagher-openpgp-hkp): `GET /pks/lookup` with `op=get` and
 * `op=index`/`op=vindex` (machine-readable only), `POST /pks/add`. What
 * `gpg --keyserver hkp://HOST:PORT --send-keys/--recv-keys/--search-keys/--refresh-keys` uses.
 */
import type { FastifyInstance } from 'fastify';
import type { VaultContext } from '../context.js';
import { DirectoryError } from './errors.js';
import { formatHkpIndex, hkpIndexEntryOf } from '../../core/lookup/hkp-index.js';
import { MAX_UPLOAD_BYTES } from './key-material.js';
import { createToken } from './repo.js';
import { acceptUpload, findKeys, parseQuery, servedKeys } from './service.js';

/** Form encoding turns `+`, `/`, `=` and newlines of the armor into three characters each. */
const FORM_BODY_LIMIT = MAX_UPLOAD_BYTES * 3 + 1024;

interface LookupQuery { op?: string; search?: string; options?: string; exact?: string }

export function registerHkpRoutes(app: FastifyInstance, ctx: VaultContext): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_req, body, done) => {
    done(null, new URLSearchParams(body as string));
  });

  app.get<{ Querystring: LookupQuery }>('/pks/lookup', async (req, reply) => {
    const { op, search } = req.query;
    if (op !== 'get' && op !== 'index' && op !== 'vindex') throw new DirectoryError(501, 'op not implemented: get, index and vindex are');
    if (typeof search !== 'string' || search === '') throw new DirectoryError(400, 'search= is required');
    const query = parseQuery(search);
    // Names, substrings and short key IDs are never searched (exact look-ups only).
    if (!query) throw new DirectoryError(404, 'No keys found: search by exact address, fingerprint or 16-digit key ID');
    const keys = await servedKeys(ctx, await findKeys(ctx, query));
    if (keys.length === 0) throw new DirectoryError(404, 'No keys found');
    void reply.header('cache-control', 'no-cache');
    if (op === 'get') {
      return reply.type('application/pgp-keys; charset=utf-8').send(keys.map((k) => k.armor()).join('\n'));
    }
    return reply.type('text/plain; charset=utf-8').send(formatHkpIndex(await Promise.all(keys.map((k) => hkpIndexEntryOf(k)))));
  });

  app.post<{ Body: URLSearchParams }>('/pks/add', {
    bodyLimit: FORM_BODY_LIMIT,
    config: { rateLimit: { max: ctx.config.loginRateLimitPerMinute * 3, timeWindow: 60_000 } },
  }, async (req, reply) => {
    if (!(req.body instanceof URLSearchParams)) throw new DirectoryError(415, 'send keytext= as application/x-www-form-urlencoded');
    const keytext = req.body.get('keytext');
    if (!keytext) throw new DirectoryError(400, 'keytext= is required');
    const uploaded = await acceptUpload(ctx, keytext);
    const lines: string[] = [];
    for (const u of uploaded) {
      const token = await createToken(ctx.store, 'upload', u.fingerprint, null, ctx.config.directory.tokenTtlSeconds);
      lines.push(`${u.isNew ? 'Uploaded' : 'Updated'} ${u.fingerprint.toUpperCase()}; upload token: ${token}`);
    }
    lines.push('Addresses are published only once verified: POST /vks/v1/request-verify {"token", "addresses"}.');
    return reply.type('text/plain; charset=utf-8').send(lines.join('\n') + '\n');
  });
}
