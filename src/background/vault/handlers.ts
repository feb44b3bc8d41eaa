/** Page handlers for the vault messages; the engine does the work. */
import type { PageHandlers } from '../router';
import type { VaultApprovalPageProtocol } from '../../shared/vault-approval-protocol';
import type { VaultEngine } from './engine';

type VaultMessage = 'vaultStatus' | 'vaultRegister' | 'vaultLogin' | 'vaultLogout' | 'vaultDevices' | 'vaultRevokeDevice' | 'vaultSyncNow'
  | keyof VaultApprovalPageProtocol;

export function vaultHandlers(engine: VaultEngine): Pick<PageHandlers, VaultMessage> {
  return {
    vaultStatus: () => engine.status(),
    vaultRegister: ({ url, email, password }) => engine.register(url, email, password),
    vaultLogin: ({ url, email, password }) => engine.login(url, email, password),
    vaultLogout: () => engine.logout(),
    vaultDevices: async () => ({ devices: await engine.devices() }),
    vaultRevokeDevice: async ({ id }) => ({ devices: await engine.revokeDevice(id) }),
    vaultApproval: () => engine.approval(),
    vaultPendingDevices: async () => ({ devices: await engine.pendingDevices() }),
    vaultApproveDevice: async ({ id }) => ({ devices: await engine.approveDevice(id) }),
    vaultDenyDevice: async ({ id }) => ({ devices: await engine.denyDevice(id) }),
    vaultRecover: ({ secret }) => engine.recover(secret),
    vaultRecoverySecretSaved: () => engine.recoverySecretSaved(),
    vaultNewRecoverySecret: () => engine.newRecoverySecret(),
    vaultTombstones: async () => ({ tombstones: await engine.tombstones() }),
    vaultSyncNow: async () => {
      await engine.syncNow();
      return engine.status();
    },
  };
}
