/**
 * The vault as a public key directory (docs/vault-directory.md): HKP, VKS, the
 * verification link and WKD, in one Fastify scope with its own error shapes
 * (VKS: `{"error": "…"}` JSON as keys.openpgp.org; elsewhere plain text).
 * Endpoints are always on; nothing is published unless its owner verifies it.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import type { VaultContext } from '../context.js';
import { DirectoryError } from './errors.js';
import { registerHkpRoutes } from './hkp-routes.js';
import { registerVerifyRoutes } from './verify-routes.js';
import { registerVksRoutes } from './vks-routes.js';
import { registerWkdRoutes } from './wkd-routes.js';

export async function registerDirectory(app: FastifyInstance, ctx: VaultContext): Promise<void> {
  await app.register(async (scope) => {
    scope.setErrorHandler((err: FastifyError | DirectoryError, req, reply) => {
      let status: number;
      let message: string;
      if (err instanceof DirectoryError) {
        status = err.statusCode;
        message = err.message;
      } else if (err.validation) {
        status = 400;
        message = err.message;
      } else if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.statusCode === 413) {
        status = 413;
        message = 'request body too large';
      } else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
        status = err.statusCode;
        message = err.message;
      } else {
        req.log.error({ err }, 'directory request failed');
        status = 500;
        message = 'internal error';
      }
      if (req.url.startsWith('/vks/')) return reply.code(status).send({ error: message });
      return reply.code(status).type('text/plain; charset=utf-8').header('access-control-allow-origin', '*').send(message + '\n');
    });
    registerHkpRoutes(scope, ctx);
    registerVksRoutes(scope, ctx);
    registerVerifyRoutes(scope, ctx);
    registerWkdRoutes(scope, ctx);
  });
}
