import type { Session } from '../../shared/vault-api.js';
import type { VaultContext } from '../context.js';
import { createDevice } from '../db/devices-repo.js';
import { hashToken, newRefreshToken, signAccessToken } from './tokens.js';

export function accessTokenFor(ctx: VaultContext, accountId: string, deviceId: string): { accessToken: string; expiresIn: number } {
  const ttl = ctx.config.accessTokenTtlSeconds;
  const accessToken = signAccessToken(ctx.secrets.tokenKey, {
    accountId,
    deviceId,
    expiresAt: Math.floor(Date.now() / 1000) + ttl,
  });
  return { accessToken, expiresIn: ttl };
}

/** A new device with its first refresh token; pending unless `approved` (the registering device, VS-05). */
export async function openSession(ctx: VaultContext, accountId: string, deviceName: string, approved = false): Promise<Session> {
  const refreshToken = newRefreshToken();
  const deviceId = await createDevice(ctx.store, accountId, deviceName, hashToken(refreshToken), approved);
  return { accountId, deviceId, refreshToken, ...accessTokenFor(ctx, accountId, deviceId) };
}
