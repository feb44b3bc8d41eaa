import { randomUUID } from 'node:crypto';
import { deviceVerificationCode, type ApprovalDevice } from '../../shared/vault-approval-api.js';
import type { Store } from './database.js';
import type { DevicesTable } from './schema.js';

/** `approved`: only the account's first device (registration) starts approved (VS-05). */
export async function createDevice(store: Store, accountId: string, name: string, refreshHash: string, approved = false): Promise<string> {
  const id = randomUUID();
  const now = new Date().toISOString();
  await store.db
    .insertInto('devices')
    .values({
      id, account_id: accountId, name, refresh_hash: refreshHash, prev_refresh_hash: null, created_at: now, last_used_at: now, revoked: 0,
      approved: approved ? 1 : 0, approved_at: approved ? now : null, approved_by: null,
    })
    .execute();
  return id;
}

/** undefined: no such device of this account, or revoked. */
export async function activeDeviceState(store: Store, accountId: string, deviceId: string): Promise<{ approved: boolean } | undefined> {
  const row = await store.db
    .selectFrom('devices')
    .select(['revoked', 'approved'])
    .where('id', '=', deviceId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return row !== undefined && row.revoked === 0 ? { approved: row.approved !== 0 } : undefined;
}

export async function isDeviceActive(store: Store, accountId: string, deviceId: string): Promise<boolean> {
  return (await activeDeviceState(store, accountId, deviceId)) !== undefined;
}

export type RotateResult =
  | { ok: true; accountId: string; deviceId: string }
  | { ok: false; reused: boolean };

/**
 * Rotates a refresh token: the conditional UPDATE succeeds for exactly one of
 * two concurrent callers. A token that was already rotated away is evidence of
 * theft (one of the two holders is not the user), so the device is revoked
 * (OAuth 2.0 Security BCP, RFC 9700 §4.14.2).
 */
export async function rotateRefreshToken(store: Store, oldHash: string, newHash: string): Promise<RotateResult> {
  const now = new Date().toISOString();
  const row = await store.db
    .updateTable('devices')
    .set({ refresh_hash: newHash, prev_refresh_hash: oldHash, last_used_at: now })
    .where('refresh_hash', '=', oldHash)
    .where('revoked', '=', 0)
    .returning(['id', 'account_id'])
    .executeTakeFirst();
  if (row) return { ok: true, accountId: row.account_id, deviceId: row.id };
  const reused = await store.db
    .updateTable('devices')
    .set({ revoked: 1 })
    .where('prev_refresh_hash', '=', oldHash)
    .returning('id')
    .executeTakeFirst();
  return { ok: false, reused: reused !== undefined };
}

export async function touchDevice(store: Store, deviceId: string): Promise<void> {
  await store.db.updateTable('devices').set({ last_used_at: new Date().toISOString() }).where('id', '=', deviceId).execute();
}

export async function listDevices(store: Store, accountId: string, currentId: string | null): Promise<ApprovalDevice[]> {
  const rows = await store.db.selectFrom('devices').selectAll().where('account_id', '=', accountId).orderBy('created_at').execute();
  return Promise.all(rows.map((r) => toDevice(r, currentId)));
}

export async function getDevice(store: Store, accountId: string, deviceId: string): Promise<ApprovalDevice | undefined> {
  const row = await store.db.selectFrom('devices').selectAll().where('id', '=', deviceId).where('account_id', '=', accountId).executeTakeFirst();
  return row ? toDevice(row, deviceId) : undefined;
}

/**
 * Approves a pending, not revoked device of this account. The conditional UPDATE
 * makes it race-safe; false when there is no such pending device (another
 * account's id answers like an unknown one).
 */
export async function approveDevice(store: Store, accountId: string, deviceId: string, by: string): Promise<boolean> {
  const res = await store.db
    .updateTable('devices')
    .set({ approved: 1, approved_at: new Date().toISOString(), approved_by: by })
    .where('id', '=', deviceId)
    .where('account_id', '=', accountId)
    .where('revoked', '=', 0)
    .where('approved', '=', 0)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Returns false when the device is not this account's (no cross-account revocation). */
export async function revokeDevice(store: Store, accountId: string, deviceId: string): Promise<boolean> {
  const res = await store.db
    .updateTable('devices')
    .set({ revoked: 1 })
    .where('id', '=', deviceId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

async function toDevice(r: DevicesTable, currentId: string | null): Promise<ApprovalDevice> {
  return {
    id: r.id,
    name: r.name,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revoked: r.revoked !== 0,
    current: r.id === currentId,
    approved: r.approved !== 0,
    approvedAt: r.approved_at,
    verificationCode: await deviceVerificationCode(r.account_id, r.id),
  };
}
