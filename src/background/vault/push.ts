/**
 * Draining the offline queue: each queued fingerprint is pushed as the keyring holds it
 * NOW (so queued operations coalesce and survive a worker restart). A stale revision
 * (412) is merged with the vault's current copy and retried, a bounded number of times.
 * Several queued updates go as one atomic batch (a passphrase change of every key).
 */
import { CachetError } from '../../core/errors';
import { withPassphraseChangedAt } from '../../core/sync/item-meta';
import { checkRevision } from '../../core/sync/rollback';
import type { BatchRequest, KeyItem, PutKeyRequest } from '../../shared/vault-api';
import type { KeyRecord } from '../keystore/db';
import { applyRemote } from './apply-remote';
import type { Precondition } from './client';
import type { SyncContext } from './context';
import type { ItemState, QueueEntry } from './db';
import { VaultError } from './http';
import { publicArmor } from './local-keys';
import { testPause } from '../test-hooks';

// Test builds only (e2e pause points, test-hooks.ts); false and dropped in store builds.
declare const __TEST__: boolean;

const MAX_MERGE_ROUNDS = 3;

/** Errors that stop the whole run (the vault is away or we are not allowed in). */
export function stopsRun(e: unknown): boolean {
  return e instanceof CachetError && ['VAULT_UNREACHABLE', 'VAULT_AUTH_FAILED', 'VAULT_NOT_CONNECTED'].includes(e.code);
}

async function bodyFor(local: KeyRecord, state: ItemState | undefined): Promise<PutKeyRequest> {
  return {
    publicKey: await publicArmor(local.armored),
    privateKey: local.info.hasSecret ? withPassphraseChangedAt(local.armored, state?.passphraseChangedAt ?? null) : null,
  };
}

function preconditionOf(state: ItemState | undefined): Precondition {
  return state && !state.deleted && state.revision !== null ? state.revision : 'create';
}

/** Records the vault's answer to our own write; a revision going backwards is refused (VS-04). */
async function recordOwn(ctx: SyncContext, item: KeyItem, state: ItemState | undefined, fingerprint: string): Promise<void> {
  checkRevision(item.revision, state?.highWater ?? null);
  await ctx.store.putItem({
    fingerprint,
    revision: item.revision,
    highWater: Math.max(state?.highWater ?? 0, item.revision),
    deleted: item.deleted,
    passphraseChangedAt: state?.passphraseChangedAt ?? null,
    digest: state?.digest ?? null,
  });
}

/** Brings the 412's `current` into local state before the next attempt. */
async function absorbConflict(ctx: SyncContext, fingerprint: string, current: KeyItem | null): Promise<void> {
  const state = await ctx.store.item(fingerprint);
  if (current === null) {
    if (state) await ctx.store.putItem({ ...state, revision: null, deleted: false });
    return;
  }
  await applyRemote(ctx, current, { enqueue: false });
}

export async function pushOne(ctx: SyncContext, entry: QueueEntry): Promise<void> {
  const fingerprint = entry.fingerprint;
  for (let round = 0; round < MAX_MERGE_ROUNDS; round++) {
    const state = await ctx.store.item(fingerprint);
    const local = await ctx.local.get(fingerprint);
    try {
      if (local) {
        const body = await bodyFor(local, state);
        const item = await ctx.call((t) => ctx.client.putKey(t, fingerprint, body, preconditionOf(state)));
        if (typeof __TEST__ !== 'undefined' && __TEST__) await testPause('sync:push-answered');
        await recordOwn(ctx, item, state, fingerprint);
      } else if (state && !state.deleted && state.revision !== null) {
        const revision = state.revision;
        const item = await ctx.call((t) => ctx.client.deleteKey(t, fingerprint, revision));
        await recordOwn(ctx, item, state, fingerprint);
      }
      await ctx.store.dequeue(fingerprint, entry.at);
      return;
    } catch (e) {
      if (!(e instanceof VaultError) || e.status !== 412) throw e;
      await absorbConflict(ctx, fingerprint, e.current);
      // A delete that met a newer remote change: the change was kept locally; stop here.
      if (!local) {
        await ctx.store.dequeue(fingerprint, entry.at);
        return;
      }
    }
  }
  throw new CachetError('VAULT_CONFLICT', fingerprint);
}

/**
 * Several updates of keys already on the vault: one batch, all or nothing. False when
 * the batch does not apply (a stale revision): the caller pushes them one by one, merging.
 */
async function pushBatch(ctx: SyncContext, entries: QueueEntry[]): Promise<boolean> {
  const items: BatchRequest['items'] = [];
  const states = new Map<string, ItemState | undefined>();
  for (const e of entries) {
    const state = await ctx.store.item(e.fingerprint);
    const local = await ctx.local.get(e.fingerprint);
    const pre = preconditionOf(state);
    if (!local || pre === 'create') return false;
    states.set(e.fingerprint, state);
    items.push({ fingerprint: e.fingerprint.toLowerCase(), revision: pre, ...(await bodyFor(local, state)) });
  }
  try {
    const res = await ctx.call((t) => ctx.client.batch(t, items));
    for (const item of res.items) {
      const fingerprint = item.fingerprint.toUpperCase();
      await recordOwn(ctx, item, states.get(fingerprint), fingerprint);
    }
  } catch (e) {
    if (e instanceof VaultError && e.status === 412) return false;
    throw e;
  }
  for (const e of entries) await ctx.store.dequeue(e.fingerprint, e.at);
  return true;
}

/**
 * Pushes the whole queue. Stops at the first error that concerns the vault as a whole;
 * an error about one key is remembered and thrown after the others were tried.
 */
export async function drain(ctx: SyncContext): Promise<void> {
  const entries = await ctx.store.queue();
  const puts = entries.filter((e) => e.kind === 'put');
  if (puts.length >= 2 && (await pushBatch(ctx, puts))) {
    entries.splice(0, entries.length, ...entries.filter((e) => e.kind !== 'put'));
  }
  let first: unknown = null;
  for (const entry of entries) {
    try {
      await pushOne(ctx, entry);
    } catch (e) {
      if (stopsRun(e)) throw e;
      first ??= e;
    }
  }
  if (first !== null) throw first;
}
