/**
 * Pulling changes after the last sequence seen: every item is checked and merged
 * (apply-remote.ts). A `reset` listing (the vault was restored from a backup) re-queues
 * every local key so the vault gets back what this device has.
 */
import { CachetError } from '../../core/errors';
import { applyRemote } from './apply-remote';
import type { SyncContext } from './context';
import { stopsRun } from './push';

/** Bound on pages per run (200 items each): the loop always ends. */
const MAX_PAGES = 100;

export async function pull(ctx: SyncContext): Promise<void> {
  let since = await ctx.store.seq();
  let first: unknown = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await ctx.call((t) => ctx.client.sync(t, since));
    if (res === null) break;
    if (res.reset) {
      for (const k of await ctx.local.all()) {
        await ctx.store.enqueue({ fingerprint: k.fingerprint, kind: 'put', at: ctx.now().toISOString() });
      }
    }
    for (const item of res.items) {
      try {
        await applyRemote(ctx, item);
      } catch (e) {
        if (stopsRun(e)) throw e;
        // One bad item (rollback, someone else's key, weak protection) is refused and
        // reported; the others still apply.
        first ??= e;
      }
    }
    since = res.seq;
    await ctx.store.setSeq(since);
    if (!res.more) break;
  }
  if (first !== null) throw first;
}

/** Local keys the vault has never had are queued (first login, keys made while logged out). */
export async function queueUnsynced(ctx: SyncContext): Promise<void> {
  const queued = new Set((await ctx.store.queue()).map((q) => q.fingerprint));
  for (const k of await ctx.local.all()) {
    if (queued.has(k.fingerprint)) continue;
    const state = await ctx.store.item(k.fingerprint);
    if (!state || state.revision === null || state.deleted) {
      await ctx.store.enqueue({ fingerprint: k.fingerprint, kind: 'put', at: ctx.now().toISOString() });
    }
  }
}

export function notConnected(): CachetError {
  return new CachetError('VAULT_NOT_CONNECTED');
}
