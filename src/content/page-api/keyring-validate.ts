/**
 * Checks the page's keyring requests that validate.ts hands over (key-generation container):
 * rebuilt field by field with caps; anything else is dropped. Pure (unit-tested).
 */
export const KEYRING_LIMITS = { userIds: 5, address: 320, name: 128, handle: 64 } as const;

export type KeyringBridgeRequest =
  | { id: number; call: 'openKeyGen'; selector: string; userIds: Array<{ email: string; fullName: string }>; keySize: number | null }
  | { id: number; call: 'generateKey'; generatorId: string; confirmRequired: boolean }
  | { id: number; call: 'decideKeyGen'; generatorId: string; confirm: boolean };

const str = (v: unknown, max: number, min = 0): string | null => (typeof v === 'string' && v.length <= max && v.length >= min ? v : null);

function userIds(v: unknown): Array<{ email: string; fullName: string }> | null {
  if (!Array.isArray(v) || v.length < 1 || v.length > KEYRING_LIMITS.userIds) return null;
  const out: Array<{ email: string; fullName: string }> = [];
  for (const u of v as unknown[]) {
    if (typeof u !== 'object' || u === null) return null;
    const r = u as Record<string, unknown>;
    const email = str(r.email, KEYRING_LIMITS.address, 1);
    // Roundcube sends '' when the identity has no name; a missing name is the same.
    const fullName = r.fullName === undefined || r.fullName === null ? '' : str(r.fullName, KEYRING_LIMITS.name);
    if (email === null || fullName === null) return null;
    out.push({ email, fullName });
  }
  return out;
}

/** The keyring request `call`, rebuilt from checked `args`, or null. */
export function parseKeyringRequest(id: number, call: KeyringBridgeRequest['call'], args: Record<string, unknown>): KeyringBridgeRequest | null {
  switch (call) {
    case 'openKeyGen': {
      const selector = str(args.selector, 256, 1);
      const ids = userIds(args.userIds);
      const size = args.keySize;
      const keySize = typeof size === 'number' && Number.isInteger(size) && size >= 0 && size <= 16384 ? size : null;
      return selector === null || ids === null ? null : { id, call, selector, userIds: ids, keySize };
    }
    case 'generateKey': {
      const generatorId = str(args.generatorId, KEYRING_LIMITS.handle, 1);
      return generatorId === null ? null : { id, call, generatorId, confirmRequired: args.confirmRequired === true };
    }
    case 'decideKeyGen': {
      const generatorId = str(args.generatorId, KEYRING_LIMITS.handle, 1);
      return generatorId === null || typeof args.confirm !== 'boolean' ? null : { id, call, generatorId, confirm: args.confirm };
    }
    default:
      return null;
  }
}
