/**
 * Device approval on this side (VS-05). A device logged in with the vault password alone
 * is pending: the engine asks the vault (`/v1/devices/me`) before any key request and
 * stops there, so nothing is pulled into or pushed from the local keyring until another
 * device of the account approves this one, or the user enters the recovery secret.
 * The verification code each side shows is computed here from ids, not taken from the vault.
 */
import { CachetError } from '../../core/errors';
import type { VaultApprovalView, VaultPendingDevice, VaultTombstoneView } from '../../shared/vault-approval-protocol';
import { deviceVerificationCode } from '../../shared/vault-approval-api';
import type { SyncContext } from './context';
import type { AccountRecord } from './db';
import { VaultError } from './http';

export interface Connected { account: AccountRecord; ctx: SyncContext }

/**
 * Before a sync run: resolves when this device is approved (asking the vault only while
 * the state is unknown or pending), else throws VAULT_DEVICE_NOT_APPROVED.
 */
export async function ensureApproved(c: Connected): Promise<void> {
  if (c.account.approval === 'approved') return;
  await refreshApproval(c);
  if ((await c.ctx.store.account())?.approval !== 'approved') throw new VaultError('VAULT_DEVICE_NOT_APPROVED', undefined, 403, 'device_not_approved');
}

/** Asks the vault for this device's state and keeps it on the account record. */
async function refreshApproval(c: Connected): Promise<boolean | null> {
  const self = await c.ctx.call((t) => c.ctx.client.me(t));
  await setApproval(c, self.device.approved ? 'approved' : 'pending');
  return self.hasRecoverySecret;
}

export async function setApproval(c: Connected, approval: 'approved' | 'pending'): Promise<void> {
  const cur = await c.ctx.store.account();
  // Only the same device's record (a login in between made a new one).
  if (cur && cur.deviceId === c.account.deviceId && cur.approval !== approval) await c.ctx.store.setAccount({ ...cur, approval });
}

/** The page's view; when the vault cannot be asked, the last known state (pending if unknown). */
export async function approvalView(c: Connected): Promise<VaultApprovalView> {
  let hasRecoverySecret: boolean | null = null;
  try {
    hasRecoverySecret = await refreshApproval(c);
  } catch (e) {
    if (!(e instanceof VaultError) || e.code !== 'VAULT_UNREACHABLE') throw e;
  }
  const account = (await c.ctx.store.account()) ?? c.account;
  return {
    state: account.approval === 'approved' ? 'approved' : 'pending',
    deviceId: account.deviceId,
    verificationCode: await deviceVerificationCode(account.accountId, account.deviceId),
    hasRecoverySecret,
    recoverySecret: (await c.ctx.store.recoverySecret()) ?? null,
  };
}

export async function pendingDevices(c: Connected): Promise<VaultPendingDevice[]> {
  const { devices } = await c.ctx.call((t) => c.ctx.client.devices(t));
  const pending = devices.filter((d) => d.approved === false && !d.revoked && !d.current);
  return Promise.all(pending.map(async (d) => ({
    id: d.id,
    name: d.name,
    createdAt: d.createdAt,
    verificationCode: await deviceVerificationCode(c.account.accountId, d.id),
  })));
}

export async function recover(c: Connected, secret: string): Promise<void> {
  const next = await c.ctx.call((t) => c.ctx.client.recover(t, secret));
  // The old secret is spent: keep the new one until the user confirms they wrote it down.
  await c.ctx.store.setRecoverySecret(next);
  await setApproval(c, 'approved');
}

export async function newRecoverySecret(c: Connected): Promise<void> {
  if (c.account.approval !== 'approved') throw new CachetError('VAULT_DEVICE_NOT_APPROVED');
  const next = await c.ctx.call((t) => c.ctx.client.newRecoverySecret(t));
  await c.ctx.store.setRecoverySecret(next);
}

export async function tombstones(c: Connected): Promise<VaultTombstoneView[]> {
  const { tombstones: list } = await c.ctx.call((t) => c.ctx.client.tombstones(t));
  return list.map((t) => ({
    fingerprint: t.fingerprint.toUpperCase(),
    deletedAt: t.deletedAt,
    deviceName: t.deviceName,
    byThisDevice: t.deviceId !== null && t.deviceId === c.account.deviceId,
  }));
}
