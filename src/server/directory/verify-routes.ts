/**
 * The link of a verification mail. As on keys.openpgp.org, GET only shows a
 * confirmation form and POST publishes: mail scanners that fetch every link
 * must not publish an address on their own.
 */
import type { FastifyInstance } from 'fastify';
import type { VaultContext } from '../context.js';
import { DirectoryError } from './errors.js';
import { publishAddress, readToken } from './repo.js';
import { addressStatus } from './service.js';
import { splitEmail, wkdHash } from './wkd-hash.js';

const TOKEN = /^[A-Za-z0-9_-]{16,100}$/;

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">`
    + `<title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

async function liveVerifyToken(ctx: VaultContext, token: string): Promise<{ fingerprint: string; email: string }> {
  const row = TOKEN.test(token) ? await readToken(ctx.store, token, 'verify') : undefined;
  if (!row?.email) throw new DirectoryError(404, 'This link is unknown, was used already, or has expired.');
  return { fingerprint: row.fingerprint, email: row.email };
}

export function registerVerifyRoutes(app: FastifyInstance, ctx: VaultContext): void {
  const headers = { 'content-security-policy': "default-src 'none'; form-action 'self'", 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY' };

  app.get<{ Params: { token: string } }>('/verify/:token', async (req, reply) => {
    const { fingerprint, email } = await liveVerifyToken(ctx, req.params.token);
    const form = `<p>Publish <b>${escapeHtml(email)}</b> with the key <code>${fingerprint.toUpperCase()}</code>?</p>`
      + `<form method="post" action="/verify/${req.params.token}"><button type="submit">Publish</button></form>`;
    return reply.headers(headers).type('text/html; charset=utf-8').send(page('Verify your address', form));
  });

  app.post<{ Params: { token: string } }>('/verify/:token', async (req, reply) => {
    const { fingerprint, email } = await liveVerifyToken(ctx, req.params.token);
    // The user ID may have been revoked since the mail was sent.
    const state = (await addressStatus(ctx, fingerprint))[email];
    if (state === undefined || state === 'revoked') {
      throw new DirectoryError(409, `${email} is no longer a valid user ID of this key.`);
    }
    const { local, domain } = splitEmail(email);
    if (!(await publishAddress(ctx.store, req.params.token, { fingerprint, email, domain, wkdHash: wkdHash(local) }))) {
      throw new DirectoryError(404, 'This link was used already.');
    }
    const body = `<p><b>${escapeHtml(email)}</b> is now published with <code>${fingerprint.toUpperCase()}</code>.</p>`;
    return reply.headers(headers).type('text/html; charset=utf-8').send(page('Address published', body));
  });
}
