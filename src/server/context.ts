import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VaultConfig } from './config.js';
import type { Store } from './db/database.js';
import { activeDeviceState } from './db/devices-repo.js';
import { VaultHttpError } from './http-error.js';
import type { VaultSecrets } from './secrets.js';
import { verifyAccessToken } from './auth/tokens.js';

/** What every route module receives: no globals, so tests can build many apps. */
export interface VaultContext {
  config: VaultConfig;
  secrets: VaultSecrets;
  store: Store;
}

/** `approved`: false while the device waits for approval (VS-05; see requireApproved). */
export interface AuthInfo { accountId: string; deviceId: string; approved: boolean }

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthInfo | null;
  }
}

/** preHandler: a valid access token of a device that is not revoked, or 401. */
export function requireAuth(ctx: VaultContext) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9._-]{1,1024})$/.exec(header);
    const claims = match?.[1] ? verifyAccessToken(ctx.secrets.tokenKey, match[1], Math.floor(Date.now() / 1000)) : undefined;
    const state = claims ? await activeDeviceState(ctx.store, claims.accountId, claims.deviceId) : undefined;
    if (!claims || !state) {
      throw new VaultHttpError(401, 'unauthorized', 'missing, expired or revoked access token');
    }
    request.auth = { accountId: claims.accountId, deviceId: claims.deviceId, approved: state.approved };
  };
}

/**
 * preHandler of every route that reads or changes keys, devices or the account: a
 * valid token (401 otherwise) of an APPROVED device (403 `device_not_approved`).
 * The state is read from the database on every request, so an approval or a
 * revocation takes effect at once, without new tokens (VS-05).
 */
export function requireApproved(ctx: VaultContext) {
  const auth = requireAuth(ctx);
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    await auth(request, reply);
    if (!request.auth?.approved) {
      throw new VaultHttpError(403, 'device_not_approved', 'this device waits for approval by another device of the account, or the recovery secret');
    }
  };
}

export function authOf(request: FastifyRequest): AuthInfo {
  if (!request.auth) throw new VaultHttpError(401, 'unauthorized', 'not authenticated');
  return request.auth;
}
