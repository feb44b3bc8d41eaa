import { FINGERPRINT_PATTERN } from '../../shared/vault-api.js';

/** OPAQUE messages are base64url strings of a few hundred bytes at most. */
export const opaqueMessage = { type: 'string', minLength: 1, maxLength: 4096, pattern: '^[A-Za-z0-9_-]+={0,2}$' } as const;
export const email = { type: 'string', minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+$' } as const;
export const deviceName = { type: 'string', minLength: 1, maxLength: 100 } as const;
export const uuid = { type: 'string', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' } as const;
export const fingerprint = { type: 'string', pattern: FINGERPRINT_PATTERN } as const;
/** Armored keys; the 1 MiB item cap is checked in validate-key.ts (413, not 400). */
export const armoredKey = { type: 'string', minLength: 1 } as const;

export function object(properties: Record<string, unknown>, required = Object.keys(properties)) {
  return { type: 'object', additionalProperties: false, properties, required } as const;
}

export const errorResponse = object({
  error: object({ code: { type: 'string' }, message: { type: 'string' } }),
});
