import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DeviceSelf, RecoverRequest, RecoverySecretResponse, TombstoneList } from '../../shared/vault-approval-api.js';
import { hasRecoverySecret, issueRecoverySecret, redeemRecoverySecret } from '../auth/recovery.js';
import { authOf, requireApproved, requireAuth, type VaultContext } from '../context.js';
import { approveDevice, getDevice } from '../db/devices-repo.js';
import { recentTombstones } from '../db/tombstones-repo.js';
import { VaultHttpError } from '../http-error.js';
import { limitAttempts } from './attempt-limit.js';
import { object, uuid } from './schemas.js';

/** Recovery attempts allowed per account per window; counted in the database (attempt-limit.ts), like the login limits. */
export const RECOVERY_ATTEMPTS = 5;
export const RECOVERY_WINDOW_MS = 15 * 60_000;

/**
 * Device approval (VS-05): a device's own state (allowed while pending), approval of a
 * pending device by an approved one, redemption of the recovery secret by a pending
 * one, a new recovery secret, and the tombstones the owner can review. Denying a
 * pending device is `DELETE /v1/devices/:id` (account-routes.ts).
 */
export function registerApprovalRoutes(app: FastifyInstance, ctx: VaultContext): void {
  const auth = requireAuth(ctx);
  const approved = requireApproved(ctx);

  app.get('/v1/devices/me', { preHandler: auth }, async (req): Promise<DeviceSelf> => {
    const { accountId, deviceId } = authOf(req);
    const device = await getDevice(ctx.store, accountId, deviceId);
    if (!device) throw new VaultHttpError(401, 'unauthorized', 'device gone');
    return { device, hasRecoverySecret: await hasRecoverySecret(ctx.store, accountId) };
  });

  app.post<{ Params: { id: string } }>('/v1/devices/:id/approve', {
    preHandler: approved,
    schema: { params: object({ id: uuid }) },
  }, async (req, reply) => {
    const { accountId, deviceId } = authOf(req);
    // Only a pending, not revoked device of this account; another account's id answers like an unknown one.
    if (!(await approveDevice(ctx.store, accountId, req.params.id, deviceId))) {
      throw new VaultHttpError(404, 'not_found', 'no such pending device');
    }
    req.log.info('device approved');
    return reply.code(204).send();
  });

  app.post<{ Body: RecoverRequest }>('/v1/devices/recover', {
    preHandler: [auth, async (req: FastifyRequest) => {
      await limitAttempts(ctx, `recover:${authOf(req).accountId}`, RECOVERY_ATTEMPTS, RECOVERY_WINDOW_MS, 'recovery attempts');
    }],
    schema: { body: object({ recoverySecret: { type: 'string', minLength: 1, maxLength: 200 } }) },
  }, async (req): Promise<RecoverySecretResponse> => {
    const { accountId, deviceId, approved: isApproved } = authOf(req);
    if (isApproved) throw new VaultHttpError(409, 'conflict', 'this device is already approved');
    const next = await redeemRecoverySecret(ctx.store, accountId, deviceId, req.body.recoverySecret);
    if (!next) throw new VaultHttpError(403, 'recovery_secret_invalid', 'wrong or already used recovery secret');
    req.log.info('device approved with the recovery secret; a new one was issued');
    return { recoverySecret: next };
  });

  app.post('/v1/account/recovery-secret', { preHandler: approved }, async (req): Promise<RecoverySecretResponse> => {
    return { recoverySecret: await issueRecoverySecret(ctx.store, authOf(req).accountId) };
  });

  app.get('/v1/tombstones', { preHandler: approved }, async (req): Promise<TombstoneList> => {
    return { tombstones: await recentTombstones(ctx.store, authOf(req).accountId) };
  });
}
