/**
 * Applying one vault item to this device: checked first (rollback, pinned fingerprint,
 * protection: core/sync/rollback.ts), then merged with the local copy (core/sync/merge.ts).
 * Tombstones delete the local key unless a local change to it waits to be pushed: an
 * edit made while another device deleted the key wins, so nothing is lost silently.
 */
import { readOneKey } from '../../core/keys/parse';
import { mergeForSync } from '../../core/sync/merge';
import { protectionDigest } from '../../core/sync/protection';
import { checkPulledItem } from '../../core/sync/rollback';
import type { KeyItem } from '../../shared/vault-api';
import type { SyncContext } from './context';
import { samePackets } from './local-keys';
import { testPause } from '../test-hooks';

// Test builds only (e2e pause points, test-hooks.ts); false and dropped in store builds.
declare const __TEST__: boolean;

export interface ApplyOptions {
  /** Queue a push when the local copy holds more than the vault's (false inside a push). */
  enqueue: boolean;
}

export async function applyRemote(ctx: SyncContext, item: KeyItem, o: ApplyOptions = { enqueue: true }): Promise<void> {
  const fingerprint = item.fingerprint.toUpperCase();
  const state = await ctx.store.item(fingerprint);
  const checked = await checkPulledItem(item, fingerprint, state?.highWater ?? null);
  const highWater = Math.max(state?.highWater ?? 0, item.revision);
  if (state?.revision === item.revision && state.deleted === item.deleted) return; // already applied
  const queued = (await ctx.store.queue()).find((q) => q.fingerprint === fingerprint);
  const local = await ctx.local.get(fingerprint);

  if (checked.armored === null || checked.key === null) {
    if (local && queued?.kind !== 'put') await ctx.local.remove(fingerprint);
    // The key is gone from the keyring, the sync state still names it (e2e kill point).
    if (typeof __TEST__ !== 'undefined' && __TEST__) await testPause('sync:pull-tombstone-applied');
    if (queued?.kind === 'delete') await ctx.store.dequeue(fingerprint);
    await ctx.store.putItem({ fingerprint, revision: item.revision, highWater, deleted: true, passphraseChangedAt: null, digest: null });
    return;
  }

  const remote = { armored: checked.armored, passphraseChangedAt: checked.passphraseChangedAt };
  let result = remote;
  if (!local) {
    await ctx.local.store(fingerprint, remote.armored);
    // A local delete raced a remote change: the change wins (see above).
    if (queued?.kind === 'delete') await ctx.store.dequeue(fingerprint);
  } else {
    const merged = await mergeForSync({ armored: local.armored, passphraseChangedAt: state?.passphraseChangedAt ?? null }, remote, fingerprint);
    result = merged;
    if (!(await samePackets(merged.armored, local.armored))) await ctx.local.store(fingerprint, merged.armored);
    if (o.enqueue && !(await samePackets(merged.armored, remote.armored))) {
      await ctx.store.enqueue({ fingerprint, kind: 'put', at: ctx.now().toISOString() });
    }
  }
  // The keyring already holds the vault's version, the sync state not yet (e2e kill point).
  if (typeof __TEST__ !== 'undefined' && __TEST__) await testPause('sync:pull-key-stored');
  await ctx.store.putItem({
    fingerprint,
    revision: item.revision,
    highWater,
    deleted: false,
    passphraseChangedAt: result.passphraseChangedAt,
    digest: await protectionDigest(await readOneKey(result.armored)),
  });
}
