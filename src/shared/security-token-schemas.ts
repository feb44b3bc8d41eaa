/** Payload schemas of security-token-protocol.ts, spread into schemas.ts. */
import { empty, type Schema } from './schema';
import type { SecurityTokenPageProtocol } from './security-token-protocol';

export const securityTokenPageSchemas = {
  getSecurityToken: empty(),
  regenerateSecurityToken: empty(),
} satisfies { [K in keyof SecurityTokenPageProtocol]: Schema<SecurityTokenPageProtocol[K]['req']> };
