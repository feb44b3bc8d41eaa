import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VaultConfig } from './config.js';
import type { Store } from './db/database.js';
import { isDeviceActive } from './db/devices-repo.js';
import { VaultHttpError } from './http-error.js';
import type { VaultSecrets } from './secrets.js';
import { verifyAccessToken } from './auth/tokens.js';

/** What every route module receives: no globals, so tests can build many apps. */
export interface VaultContext {
  config: VaultConfig;
  secrets: VaultSecrets;
  store: Store;
}

export interface AuthInfo { accountId: string; deviceId: string }

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
    if (!claims || !(await isDeviceActive(ctx.store, claims.accountId, claims.deviceId))) {
      throw new VaultHttpError(401, 'unauthorized', 'missing, expired or revoked access token');
    }
    request.auth = { accountId: claims.accountId, deviceId: claims.deviceId };
  };
}

export function authOf(request: FastifyRequest): AuthInfo {
  if (!request.auth) throw new VaultHttpError(401, 'unauthorized', 'not authenticated');
  return request.auth;
}
