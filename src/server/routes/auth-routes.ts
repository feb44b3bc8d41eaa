import * as opaque from '@serenity-kit/opaque';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type {
  LoginFinishRequest,
  LoginStartRequest,
  LoginStartResponse,
  RefreshRequest,
  RegisterFinishRequest,
  RegisterStartRequest,
  RegisterStartResponse,
  Session,
} from '../../shared/vault-api.js';
import type { RecoverySecretResponse } from '../../shared/vault-approval-api.js';
import { issueRecoverySecret } from '../auth/recovery.js';
import { accessTokenFor, openSession } from '../auth/session.js';
import { emailKey, hashToken, newRefreshToken, normaliseEmail } from '../auth/tokens.js';
import { authOf, requireAuth, type VaultContext } from '../context.js';
import { createAccount, findAccountByEmail, saveLoginAttempt, takeLoginAttempt } from '../db/accounts-repo.js';
import { revokeDevice, rotateRefreshToken } from '../db/devices-repo.js';
import { VaultHttpError } from '../http-error.js';
import { limitAttempts } from './attempt-limit.js';
import { deviceName, email, object, opaqueMessage, uuid } from './schemas.js';

/**
 * OPAQUE (RFC 9807) registration and login. The OPAQUE user identifier is the
 * lower-cased e-mail, so an unknown address gets the same deterministic OPRF
 * key as it would if registered, and the library's fake record (§6.3.2.2)
 * makes the login start answer indistinguishable (VS-06).
 */
export function registerAuthRoutes(app: FastifyInstance, ctx: VaultContext): void {
  const perIp = { rateLimit: { max: ctx.config.loginRateLimitPerMinute * 3, timeWindow: 60_000 } };
  // Per account (keyed hash of the e-mail, never the address), in the database: survives restarts, shared by processes.
  const limitAccount = async (req: FastifyRequest): Promise<void> => {
    const account = emailKey(ctx.secrets.tokenKey, normaliseEmail((req.body as { email: string }).email));
    await limitAttempts(ctx, `acct:${account}`, ctx.config.loginRateLimitPerMinute, 60_000, 'attempts for this account');
  };

  app.post<{ Body: RegisterStartRequest }>('/v1/auth/register/start', {
    config: perIp,
    preHandler: limitAccount,
    schema: { body: object({ email, registrationRequest: opaqueMessage }) },
  }, async (req): Promise<RegisterStartResponse> => {
    if (!ctx.config.allowRegistration) throw new VaultHttpError(403, 'forbidden', 'registration is closed on this vault');
    const { registrationResponse } = opaque.server.createRegistrationResponse({
      serverSetup: ctx.secrets.opaqueServerSetup,
      userIdentifier: normaliseEmail(req.body.email),
      registrationRequest: req.body.registrationRequest,
    });
    return { registrationResponse };
  });

  app.post<{ Body: RegisterFinishRequest }>('/v1/auth/register/finish', {
    config: perIp,
    preHandler: limitAccount,
    schema: { body: object({ email, registrationRecord: opaqueMessage, deviceName }) },
  }, async (req, reply): Promise<Session & RecoverySecretResponse> => {
    if (!ctx.config.allowRegistration) throw new VaultHttpError(403, 'forbidden', 'registration is closed on this vault');
    const account = await createAccount(ctx.store, normaliseEmail(req.body.email), req.body.registrationRecord);
    if (!account) throw new VaultHttpError(409, 'account_exists', 'an account with this e-mail exists');
    reply.code(201);
    // The first device is approved; it also gets the recovery secret, shown to the user once (VS-05).
    const recoverySecret = await issueRecoverySecret(ctx.store, account.id);
    return { ...(await openSession(ctx, account.id, req.body.deviceName, true)), recoverySecret };
  });

  app.post<{ Body: LoginStartRequest }>('/v1/auth/login/start', {
    config: perIp,
    preHandler: limitAccount,
    schema: { body: object({ email, startLoginRequest: opaqueMessage }) },
  }, async (req): Promise<LoginStartResponse> => startLogin(ctx, req.body));

  app.post<{ Body: LoginFinishRequest }>('/v1/auth/login/finish', {
    config: perIp,
    schema: { body: object({ loginId: uuid, finishLoginRequest: opaqueMessage, deviceName }) },
  }, async (req): Promise<Session> => {
    const accountId = await finishLogin(ctx, req.body.loginId, req.body.finishLoginRequest);
    return openSession(ctx, accountId, req.body.deviceName);
  });

  app.post<{ Body: RefreshRequest }>('/v1/auth/refresh', {
    config: perIp,
    schema: { body: object({ refreshToken: { type: 'string', minLength: 1, maxLength: 200 } }) },
  }, async (req): Promise<Session> => {
    const refreshToken = newRefreshToken();
    const r = await rotateRefreshToken(ctx.store, hashToken(req.body.refreshToken), hashToken(refreshToken));
    if (!r.ok) {
      if (r.reused) req.log.warn('refresh token reused: device revoked');
      throw new VaultHttpError(401, 'unauthorized', 'invalid refresh token');
    }
    return { accountId: r.accountId, deviceId: r.deviceId, refreshToken, ...accessTokenFor(ctx, r.accountId, r.deviceId) };
  });

  app.post('/v1/auth/logout', { preHandler: requireAuth(ctx) }, async (req, reply) => {
    const auth = authOf(req);
    await revokeDevice(ctx.store, auth.accountId, auth.deviceId);
    return reply.code(204).send();
  });
}

/** Shared by login and by account deletion (which needs a fresh proof). */
export async function startLogin(ctx: VaultContext, body: LoginStartRequest): Promise<LoginStartResponse> {
  const userIdentifier = normaliseEmail(body.email);
  const account = await findAccountByEmail(ctx.store, userIdentifier);
  let result: { serverLoginState: string; loginResponse: string };
  try {
    result = opaque.server.startLogin({
      serverSetup: ctx.secrets.opaqueServerSetup,
      userIdentifier,
      registrationRecord: account?.registration_record ?? null,
      startLoginRequest: body.startLoginRequest,
    });
  } catch {
    throw new VaultHttpError(400, 'bad_request', 'malformed OPAQUE login request');
  }
  const loginId = await saveLoginAttempt(ctx.store, account?.id ?? null, result.serverLoginState);
  return { loginId, loginResponse: result.loginResponse };
}

/** Returns the account id the proof is for, or throws 401 (one answer for every failure). */
export async function finishLogin(ctx: VaultContext, loginId: string, finishLoginRequest: string): Promise<string> {
  const attempt = await takeLoginAttempt(ctx.store, loginId);
  const fail = new VaultHttpError(401, 'unauthorized', 'login failed');
  if (!attempt) throw fail;
  try {
    opaque.server.finishLogin({ serverLoginState: attempt.serverState, finishLoginRequest });
  } catch {
    throw fail;
  }
  if (!attempt.accountId) throw fail;
  return attempt.accountId;
}
