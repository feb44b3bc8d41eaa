import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { KeyItem } from '../../shared/vault-api.js';
import type { Store } from './database.js';
import type { KeyItemsTable, VaultDatabase } from './schema.js';

export function toKeyItem(r: KeyItemsTable): KeyItem {
  return {
    fingerprint: r.fingerprint,
    revision: r.revision,
    seq: Number(r.seq),
    deleted: r.deleted !== 0,
    publicKey: r.public_key,
    privateKey: r.private_key,
    updatedAt: r.updated_at,
  };
}

/** What a write expects to find: nothing live (`If-None-Match: *`) or this revision (`If-Match`). */
export type Precondition = { kind: 'absent' } | { kind: 'revision'; revision: number };

export interface KeyChange {
  fingerprint: string;
  precondition: Precondition;
  /** null: leave a tombstone. */
  content: { publicKey: string; privateKey: string | null } | null;
}

export type ApplyResult = { ok: true; items: KeyItem[]; seq: number } | { ok: false; conflicts: Array<KeyItem | null>; fingerprints: string[] };

export async function getKeyItem(store: Store, accountId: string, fingerprint: string): Promise<KeyItem | undefined> {
  const row = await store.db
    .selectFrom('key_items')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('fingerprint', '=', fingerprint)
    .executeTakeFirst();
  return row ? toKeyItem(row) : undefined;
}

function satisfied(pre: Precondition, current: KeyItemsTable | undefined): boolean {
  if (pre.kind === 'absent') return current === undefined || current.deleted !== 0;
  return current !== undefined && current.deleted === 0 && current.revision === pre.revision;
}

/**
 * Applies all changes or none (compare-and-swap per item). The first statement
 * bumps the account's change counter: on PostgreSQL that row lock serialises
 * every writer of the account until commit, so the revision checks below
 * cannot race; on SQLite `BEGIN IMMEDIATE` already holds the write lock.
 * Tombstones keep the revision growing so a client never sees it go back.
 */
/** `by`: the device making the change, kept so the owner sees who deleted a key (VS-05). */
export async function applyChanges(store: Store, accountId: string, changes: KeyChange[], by: string | null = null): Promise<ApplyResult> {
  return store.writeTx(async (trx) => {
    const bumped = await trx
      .updateTable('accounts')
      .set({ seq: sql<number>`seq + 1` })
      .where('id', '=', accountId)
      .returning('seq')
      .executeTakeFirst();
    if (!bumped) throw new Error('account vanished');
    const seq = Number(bumped.seq);
    const rows = await currentRows(trx, accountId, changes.map((c) => c.fingerprint));
    const failed = changes.filter((c) => !satisfied(c.precondition, rows.get(c.fingerprint)));
    if (failed.length > 0) {
      throw new CasFailure(failed.map((c) => c.fingerprint), failed.map((c) => {
        const r = rows.get(c.fingerprint);
        return r ? toKeyItem(r) : null;
      }));
    }
    const now = new Date().toISOString();
    const items: KeyItem[] = [];
    for (const change of changes) {
      const cur = rows.get(change.fingerprint);
      const next: KeyItemsTable = {
        account_id: accountId,
        fingerprint: change.fingerprint,
        revision: (cur?.revision ?? 0) + 1,
        seq,
        deleted: change.content ? 0 : 1,
        public_key: change.content?.publicKey ?? null,
        private_key: change.content?.privateKey ?? null,
        updated_at: now,
        updated_by: by,
      };
      if (cur) {
        await trx
          .updateTable('key_items')
          .set({ revision: next.revision, seq, deleted: next.deleted, public_key: next.public_key, private_key: next.private_key, updated_at: now, updated_by: by })
          .where('account_id', '=', accountId)
          .where('fingerprint', '=', change.fingerprint)
          .where('revision', '=', cur.revision)
          .execute();
      } else {
        await trx.insertInto('key_items').values(next).execute();
      }
      items.push(toKeyItem(next));
    }
    return { ok: true as const, items, seq };
  }).catch((e: unknown) => {
    if (e instanceof CasFailure) return { ok: false as const, conflicts: e.current, fingerprints: e.fingerprints };
    throw e;
  });
}

/** Thrown inside the transaction so it rolls back (the seq bump included). */
class CasFailure extends Error {
  constructor(readonly fingerprints: string[], readonly current: Array<KeyItem | null>) {
    super('precondition failed');
  }
}

async function currentRows(trx: Kysely<VaultDatabase>, accountId: string, fingerprints: string[]): Promise<Map<string, KeyItemsTable>> {
  if (fingerprints.length === 0) return new Map();
  const rows = await trx
    .selectFrom('key_items')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('fingerprint', 'in', fingerprints)
    .execute();
  return new Map(rows.map((r) => [r.fingerprint, r]));
}

export async function accountSeq(store: Store, accountId: string): Promise<number | undefined> {
  const row = await store.db.selectFrom('accounts').select('seq').where('id', '=', accountId).executeTakeFirst();
  return row ? Number(row.seq) : undefined;
}

/** Items changed after `since`, oldest change first. */
export async function changesSince(store: Store, accountId: string, since: number, limit: number): Promise<KeyItem[]> {
  const rows = await store.db
    .selectFrom('key_items')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('seq', '>', since)
    .orderBy('seq')
    .orderBy('fingerprint')
    .limit(limit)
    .execute();
  return rows.map(toKeyItem);
}

export async function allItems(store: Store, accountId: string): Promise<KeyItem[]> {
  const rows = await store.db.selectFrom('key_items').selectAll().where('account_id', '=', accountId).orderBy('seq').execute();
  return rows.map(toKeyItem);
}
