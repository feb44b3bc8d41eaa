/**
 * Page messages of vault device approval (VS-05): this device's approval state, the
 * account's pending devices (approve / deny), the recovery secret (redeem, shown once,
 * renew), and the recently deleted keys. Options page only; the background checks the
 * sender like every page message.
 */
type Empty = Record<string, never>;

export interface VaultApprovalView {
  /** `pending`: every key and sync request is refused until approval; the local keyring is left alone. */
  state: 'approved' | 'pending';
  deviceId: string;
  /** The code this device shows; the approving device shows the same one (shared/vault-approval-api.ts). */
  verificationCode: string;
  /** null when the vault could not be asked (the state is then the last one known). */
  hasRecoverySecret: boolean | null;
  /** A recovery secret to show ONCE, until the user confirms they wrote it down; else null. */
  recoverySecret: string | null;
}

export interface VaultPendingDevice {
  id: string;
  name: string;
  /** When it logged in (ISO). */
  createdAt: string;
  verificationCode: string;
}

export interface VaultTombstoneView {
  /** Upper-case hex, as in the keyring. */
  fingerprint: string;
  deletedAt: string;
  /** null: the vault does not know (deleted before it recorded devices, or the device row is gone). */
  deviceName: string | null;
  /** Deleted from this browser. */
  byThisDevice: boolean;
}

export interface VaultApprovalPageProtocol {
  vaultApproval: { req: Empty; res: VaultApprovalView };
  vaultPendingDevices: { req: Empty; res: { devices: VaultPendingDevice[] } };
  vaultApproveDevice: { req: { id: string }; res: { devices: VaultPendingDevice[] } };
  /** Signs the pending device out (it must log in again and wait for approval anew). */
  vaultDenyDevice: { req: { id: string }; res: { devices: VaultPendingDevice[] } };
  /** VAULT_RECOVERY_SECRET_INVALID on a wrong or used secret, VAULT_RATE_LIMITED after too many. */
  vaultRecover: { req: { secret: string }; res: VaultApprovalView };
  /** The user wrote the secret down: forget it here. */
  vaultRecoverySecretSaved: { req: Empty; res: VaultApprovalView };
  /** Replaces the account's recovery secret (the old one stops working); shown once. */
  vaultNewRecoverySecret: { req: Empty; res: VaultApprovalView };
  vaultTombstones: { req: Empty; res: { tombstones: VaultTombstoneView[] } };
}
