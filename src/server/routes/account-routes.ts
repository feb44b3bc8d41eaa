import type { FastifyInstance } from 'fastify';
import type { AccountExport, DeleteAccountRequest, DeviceList } from '../../shared/vault-api.js';
import { authOf, requireApproved, requireAuth, type VaultContext } from '../context.js';
import { deleteAccount, findAccountById } from '../db/accounts-repo.js';
import { listDevices, revokeDevice } from '../db/devices-repo.js';
import { allItems } from '../db/keys-repo.js';
import { VaultHttpError } from '../http-error.js';
import { finishLogin } from './auth-routes.js';
import { object, opaqueMessage, uuid } from './schemas.js';

export function registerAccountRoutes(app: FastifyInstance, ctx: VaultContext): void {
  // Listing devices, signing out OTHER devices, export and deletion need an approved
  // device: a pending one (password only, maybe stolen) must not lock the owner out (VS-05).
  const auth = requireApproved(ctx);

  app.get('/v1/devices', { preHandler: auth }, async (req): Promise<DeviceList> => {
    const { accountId, deviceId } = authOf(req);
    return { devices: await listDevices(ctx.store, accountId, deviceId) };
  });

  app.delete<{ Params: { id: string } }>('/v1/devices/:id', {
    preHandler: requireAuth(ctx),
    schema: { params: object({ id: uuid }) },
  }, async (req, reply) => {
    const who = authOf(req);
    // A pending device may sign out itself only; denying a pending device is this same call from an approved one.
    if (!who.approved && req.params.id !== who.deviceId) {
      throw new VaultHttpError(403, 'device_not_approved', 'a pending device can only sign itself out');
    }
    // Another account's device id answers like an unknown one.
    if (!(await revokeDevice(ctx.store, who.accountId, req.params.id))) {
      throw new VaultHttpError(404, 'not_found', 'no such device');
    }
    return reply.code(204).send();
  });

  app.get('/v1/account/export', { preHandler: auth }, async (req): Promise<AccountExport> => {
    const { accountId, deviceId } = authOf(req);
    const account = await findAccountById(ctx.store, accountId);
    if (!account) throw new VaultHttpError(401, 'unauthorized', 'account gone');
    return {
      account: { id: account.id, email: account.email, createdAt: account.created_at, seq: Number(account.seq) },
      devices: await listDevices(ctx.store, accountId, deviceId),
      keys: await allItems(ctx.store, accountId),
    };
  });

  // Deletion needs a fresh OPAQUE proof (login start, then this instead of
  // login finish): a stolen access token alone cannot erase the account (VS-05).
  app.post<{ Body: DeleteAccountRequest }>('/v1/account/delete', {
    preHandler: auth,
    config: { rateLimit: { max: ctx.config.loginRateLimitPerMinute * 3, timeWindow: 60_000 } },
    schema: { body: object({ loginId: uuid, finishLoginRequest: opaqueMessage }) },
  }, async (req, reply) => {
    const { accountId } = authOf(req);
    const proven = await finishLogin(ctx, req.body.loginId, req.body.finishLoginRequest);
    if (proven !== accountId) throw new VaultHttpError(403, 'forbidden', 'the login proof is for another account');
    await deleteAccount(ctx.store, accountId);
    req.log.info('account deleted');
    return reply.code(204).send();
  });
}
