import type { Tombstone } from '../../shared/vault-approval-api.js';
import type { Store } from './database.js';

/** How many recent deletions the owner's list shows. */
export const TOMBSTONE_LIST_LIMIT = 50;

/**
 * Deleted keys of the account, newest first, with the device that deleted them
 * (`updated_by`, kept since migration 0003; older tombstones name no device). The
 * tombstone row itself has always been kept (it carries the revision forward, VS-04).
 */
export async function recentTombstones(store: Store, accountId: string): Promise<Tombstone[]> {
  const rows = await store.db
    .selectFrom('key_items')
    .leftJoin('devices', (j) => j.onRef('devices.id', '=', 'key_items.updated_by').onRef('devices.account_id', '=', 'key_items.account_id'))
    .select(['key_items.fingerprint', 'key_items.updated_at', 'key_items.updated_by', 'devices.name'])
    .where('key_items.account_id', '=', accountId)
    .where('key_items.deleted', '=', 1)
    .orderBy('key_items.updated_at', 'desc')
    .limit(TOMBSTONE_LIST_LIMIT)
    .execute();
  return rows.map((r) => ({ fingerprint: r.fingerprint, deletedAt: r.updated_at, deviceId: r.updated_by ?? null, deviceName: r.name ?? null }));
}
