/**
 * VKS, the keys.openpgp.org API (https://keys.openpgp.org/about/api): look-ups by
 * fingerprint, key ID and exact address; `upload` answers the per-address status
 * and an upload token; `request-verify` mails a verification link per address.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { VaultContext } from '../context.js';
import { DirectoryError } from './errors.js';
import { MAX_UPLOAD_BYTES, normaliseEmail } from './key-material.js';
import { createToken, mailsSentSince, readToken } from './repo.js';
import { acceptUpload, addressStatus, findKeys, parseQuery, servedKeys, type AddressStatus, type Query } from './service.js';
import { sendVerificationMail } from './verify-mail.js';

/** Answer of upload and request-verify. */
export interface VksStatusResponse { key_fpr: string; status: Record<string, AddressStatus>; token: string }

const keytextBody = {
  type: 'object', additionalProperties: false, required: ['keytext'],
  properties: { keytext: { type: 'string', minLength: 1 } },
} as const;
const verifyBody = {
  type: 'object', additionalProperties: false, required: ['token', 'addresses'],
  properties: {
    token: { type: 'string', minLength: 1, maxLength: 200 },
    addresses: { type: 'array', minItems: 1, maxItems: 20, items: { type: 'string', minLength: 3, maxLength: 254 } },
    locale: { type: 'array', maxItems: 10, items: { type: 'string', maxLength: 35 } },
  },
} as const;

export function registerVksRoutes(app: FastifyInstance, ctx: VaultContext): void {
  // Writes that parse keys or send mail get the login routes' per-IP budget on top of the global limit.
  const writeLimit = { rateLimit: { max: ctx.config.loginRateLimitPerMinute * 3, timeWindow: 60_000 } };
  const serve = async (reply: FastifyReply, query: Query | null, what: string) => {
    const keys = query ? await servedKeys(ctx, await findKeys(ctx, query)) : [];
    if (keys.length === 0) throw new DirectoryError(404, `No key found for ${what}`);
    return reply.type('application/pgp-keys; charset=utf-8').header('access-control-allow-origin', '*').send(keys.map((k) => k.armor()).join('\n'));
  };

  app.get<{ Params: { fpr: string } }>('/vks/v1/by-fingerprint/:fpr', async (req, reply) => {
    const v = req.params.fpr.toLowerCase();
    return serve(reply, /^([0-9a-f]{40}|[0-9a-f]{64})$/.test(v) ? { kind: 'fingerprint', value: v } : null, 'this fingerprint');
  });
  app.get<{ Params: { keyid: string } }>('/vks/v1/by-keyid/:keyid', async (req, reply) => {
    const v = req.params.keyid.toLowerCase();
    return serve(reply, /^[0-9a-f]{16}$/.test(v) ? { kind: 'keyid', value: v } : null, 'this key ID');
  });
  // A wildcard, not `:email`: the router caps named parameters at 100 characters, addresses go to 254.
  app.get<{ Params: { '*': string } }>('/vks/v1/by-email/*', async (req, reply) => {
    const raw = req.params['*'];
    const q = raw.length <= 254 ? parseQuery(raw) : null;
    return serve(reply, q?.kind === 'email' ? q : null, 'this address');
  });

  app.post<{ Body: { keytext: string } }>('/vks/v1/upload', {
    config: writeLimit,
    bodyLimit: MAX_UPLOAD_BYTES + 64 * 1024,
    schema: { body: keytextBody },
  }, async (req): Promise<VksStatusResponse> => {
    const uploaded = await acceptUpload(ctx, req.body.keytext);
    // keys.openpgp.org takes exactly one key per VKS upload.
    if (uploaded.length !== 1 || !uploaded[0]) throw new DirectoryError(400, 'upload exactly one key');
    const fingerprint = uploaded[0].fingerprint;
    const token = await createToken(ctx.store, 'upload', fingerprint, null, ctx.config.directory.tokenTtlSeconds);
    return { key_fpr: fingerprint.toUpperCase(), status: await addressStatus(ctx, fingerprint), token };
  });

  app.post<{ Body: { token: string; addresses: string[]; locale?: string[] } }>('/vks/v1/request-verify', {
    config: writeLimit,
    schema: { body: verifyBody },
  }, async (req): Promise<VksStatusResponse> => {
    const upload = await readToken(ctx.store, req.body.token, 'upload');
    if (!upload) throw new DirectoryError(400, 'unknown or expired upload token: upload the key again');
    const smtp = ctx.config.directory.smtp;
    if (!smtp) throw new DirectoryError(503, 'this vault sends no verification mails (SMTP is not configured)');
    const status = await addressStatus(ctx, upload.fingerprint);
    for (const raw of req.body.addresses) {
      const email = normaliseEmail(raw);
      const current = status[email];
      if (current === undefined) throw new DirectoryError(400, `${raw} is not a user ID of this key`);
      if (current === 'published' || current === 'revoked') continue;
      // A few mails per address per hour: an upload token cannot be used to flood someone's inbox.
      const recent = await mailsSentSince(ctx.store, email, Date.now() - 3600_000);
      if (recent >= ctx.config.directory.mailsPerAddressPerHour) {
        status[email] = 'pending';
        continue;
      }
      const token = await createToken(ctx.store, 'verify', upload.fingerprint, email, ctx.config.directory.tokenTtlSeconds);
      await sendVerificationMail(smtp, { to: email, fingerprint: upload.fingerprint, link: `${baseUrl(ctx, req.socket)}/verify/${token}` });
      status[email] = 'pending';
    }
    return { key_fpr: upload.fingerprint.toUpperCase(), status, token: req.body.token };
  });
}

/**
 * Base of links in mails: PUBLIC_URL, else the address this socket was accepted on.
 * Never the Host header, which the requester chooses (a mail must not point elsewhere).
 */
function baseUrl(ctx: VaultContext, socket: { localAddress?: string | undefined; localPort?: number | undefined }): string {
  if (ctx.config.publicUrl) return ctx.config.publicUrl.replace(/\/+$/, '');
  const host = socket.localAddress?.includes(':') ? `[${socket.localAddress}]` : (socket.localAddress ?? '127.0.0.1');
  return `http://${host}:${socket.localPort ?? ctx.config.port}`;
}
