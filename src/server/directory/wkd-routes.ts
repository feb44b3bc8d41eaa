/**
 * WKD (draft-koch-openpgp-webkey-service-18) for the domains in WKD_DOMAINS:
 * advanced `/.well-known/openpgpkey/<domain>/hu/<hash>` and direct
 * `/.well-known/openpgpkey/hu/<hash>` (domain from the Host header, or the only
 * configured domain), plus the policy files. Keys are binary (§3.1) and carry only
 * the published user IDs of the looked-up address. CORS open (§3.1 recommends it).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VaultContext } from '../context.js';
import { DirectoryError } from './errors.js';
import { servable } from './key-material.js';
import { keysByWkdHash } from './repo.js';

const HASH = /^[ybndrfg8ejkmcpqxot1uwisza345h769]{32}$/;

export function registerWkdRoutes(app: FastifyInstance, ctx: VaultContext): void {
  const domains = new Set(ctx.config.directory.wkdDomains);

  /** Direct method: the Host names the domain; behind a proxy that rewrites Host, a single domain still works. */
  const directDomain = (req: FastifyRequest): string => {
    const host = req.hostname.toLowerCase().replace(/:\d+$/, '');
    if (domains.has(host)) return host;
    const [only] = domains;
    if (domains.size === 1 && only) return only;
    throw new DirectoryError(404, 'no WKD for this domain');
  };
  const checkDomain = (d: string): string => {
    const domain = d.toLowerCase();
    if (!domains.has(domain)) throw new DirectoryError(404, 'no WKD for this domain');
    return domain;
  };

  const sendKey = async (reply: FastifyReply, domain: string, hash: string) => {
    if (!HASH.test(hash)) throw new DirectoryError(404, 'not a WKD hash');
    const rows = await keysByWkdHash(ctx.store, domain, hash);
    if (rows.length === 0) throw new DirectoryError(404, 'no key for this address');
    const parts: Uint8Array[] = [];
    for (const r of rows) parts.push((await servable(r.armored, new Set([r.email]))).write());
    return reply.header('access-control-allow-origin', '*').type('application/octet-stream').send(Buffer.concat(parts));
  };
  const sendPolicy = (reply: FastifyReply) =>
    // An empty policy file is valid (§4.5); its presence tells clients the advanced method exists.
    reply.header('access-control-allow-origin', '*').type('text/plain; charset=utf-8').send('');

  app.get<{ Params: { domain: string; hash: string } }>('/.well-known/openpgpkey/:domain/hu/:hash', async (req, reply) =>
    sendKey(reply, checkDomain(req.params.domain), req.params.hash));
  app.get<{ Params: { hash: string } }>('/.well-known/openpgpkey/hu/:hash', async (req, reply) =>
    sendKey(reply, directDomain(req), req.params.hash));
  app.get<{ Params: { domain: string } }>('/.well-known/openpgpkey/:domain/policy', async (req, reply) => {
    checkDomain(req.params.domain);
    return sendPolicy(reply);
  });
  app.get('/.well-known/openpgpkey/policy', async (req, reply) => {
    directDomain(req);
    return sendPolicy(reply);
  });
}
