/** Payload schemas of vault-approval-protocol.ts, spread into schemas.ts's page map. */
import type { VaultApprovalPageProtocol } from './vault-approval-protocol';
import { empty, object, string, type Schema } from './schema';

const deviceId = string({ max: 64, min: 1, pattern: /^[0-9a-f-]{1,64}$/, patternName: 'device id' });
/** 32 base32 characters plus separators; generous for spaces the user typed. */
const recoverySecret = string({ max: 200, min: 1 });

export const vaultApprovalPageSchemas: { [K in keyof VaultApprovalPageProtocol]: Schema<VaultApprovalPageProtocol[K]['req']> } = {
  vaultApproval: empty(),
  vaultPendingDevices: empty(),
  vaultApproveDevice: object({ id: deviceId }),
  vaultDenyDevice: object({ id: deviceId }),
  vaultRecover: object({ secret: recoverySecret }),
  vaultRecoverySecretSaved: empty(),
  vaultNewRecoverySecret: empty(),
  vaultTombstones: empty(),
};
