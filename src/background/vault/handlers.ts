/** Page handlers for the vault messages; the engine does the work. */
import type { PageHandlers } from '../router';
import type { VaultEngine } from './engine';

type VaultMessage = 'vaultStatus' | 'vaultRegister' | 'vaultLogin' | 'vaultLogout' | 'vaultDevices' | 'vaultRevokeDevice' | 'vaultSyncNow';

export function vaultHandlers(engine: VaultEngine): Pick<PageHandlers, VaultMessage> {
  return {
    vaultStatus: () => engine.status(),
    vaultRegister: ({ url, email, password }) => engine.register(url, email, password),
    vaultLogin: ({ url, email, password }) => engine.login(url, email, password),
    vaultLogout: () => engine.logout(),
    vaultDevices: async () => ({ devices: await engine.devices() }),
    vaultRevokeDevice: async ({ id }) => ({ devices: await engine.revokeDevice(id) }),
    vaultSyncNow: async () => {
      await engine.syncNow();
      return engine.status();
    },
  };
}
