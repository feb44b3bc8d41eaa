import Fastify, { LogController, type FastifyInstance, type FastifyReply } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { VaultConfig } from './config.js';
import type { VaultContext } from './context.js';
import { openStore } from './db/database.js';
import { errorBody, handleError, VaultHttpError } from './http-error.js';
import { loadSecrets, type VaultSecrets } from './secrets.js';
import { registerAuthRoutes } from './routes/auth-routes.js';
import { registerAccountRoutes } from './routes/account-routes.js';
import { registerKeyRoutes } from './routes/key-routes.js';
import { registerSyncRoutes } from './routes/sync-routes.js';
import { registerApprovalRoutes } from './routes/approval-routes.js';
import { registerDirectory } from './directory/index.js';

/** Default body limit; key routes raise it to fit one 1 MiB item. */
const BODY_LIMIT = 64 * 1024;

/** Never logged: tokens, OPAQUE messages, key material (VS-01). */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.refreshToken',
  '*.accessToken',
  '*.privateKey',
  '*.registrationRecord',
  '*.finishLoginRequest',
  '*.serverState',
];

/**
 * Builds the vault: opens (and migrates) the database, loads or creates the
 * secrets, registers every route. Does not listen; `main.ts` does, tests use
 * `app.inject` or `listen({ port: 0 })`. Closing the app closes the database.
 */
export async function buildApp(config: VaultConfig, secrets?: VaultSecrets): Promise<FastifyInstance> {
  const resolvedSecrets = secrets ?? (await loadSecrets(config));
  const store = await openStore(config);
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel, redact: { paths: REDACT, censor: '[redacted]' } },
    bodyLimit: BODY_LIMIT,
    trustProxy: config.trustProxy,
    // Unknown properties are refused (additionalProperties: false), not stripped.
    ajv: { customOptions: { removeAdditional: false, allErrors: false } },
    return503OnClosing: true,
    // Router-level refusals (a path parameter over maxParamLength, a malformed %-escape) bypass
    // setErrorHandler: answer them in our error format too, without echoing the path (found by test/fuzz).
    frameworkErrors: (err, _req, reply) => {
      const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
      void (reply as FastifyReply).code(tooLong ? 414 : 400).send(errorBody('bad_request', tooLong ? 'path parameter too long' : 'malformed request'));
    },
    // One log line per request halves the throughput of the hot sync path (docs/benchmarks.md);
    // request lines are kept for LOG_LEVEL=debug/trace, errors are always logged.
    // (Fastify 5.12 deprecates the top-level disableRequestLogging for this LogController form.)
    logController: new LogController({ disableRequestLogging: !['debug', 'trace'].includes(config.logLevel) }),
  });
  app.addHook('onClose', async () => store.close());
  app.decorateRequest('auth', null);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((_req, reply) => reply.code(404).send(errorBody('not_found', 'no such route')));

  await app.register(rateLimit, {
    global: true,
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    errorResponseBuilder: (_req, ctx) => new VaultHttpError(429, 'rate_limited', `rate limit exceeded, retry in ${ctx.after}`),
  });

  const ctx: VaultContext = { config, secrets: resolvedSecrets, store };

  app.get('/health', { config: { rateLimit: false } as never }, async (_req, reply) => {
    const ok = await store.ping();
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'database_unreachable', database: store.dialect });
  });

  registerAuthRoutes(app, ctx);
  registerAccountRoutes(app, ctx);
  registerKeyRoutes(app, ctx);
  registerSyncRoutes(app, ctx);
  registerApprovalRoutes(app, ctx);
  await registerDirectory(app, ctx);
  return app;
}
