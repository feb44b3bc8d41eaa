import { randomUUID } from 'node:crypto';
import type { Store } from './database.js';
import type { AccountsTable } from './schema.js';

export type AccountRow = AccountsTable;

export async function findAccountByEmail(store: Store, email: string): Promise<AccountRow | undefined> {
  return store.db.selectFrom('accounts').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function findAccountById(store: Store, id: string): Promise<AccountRow | undefined> {
  return store.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Returns undefined when the e-mail is taken (unique constraint, race-safe). */
export async function createAccount(store: Store, email: string, registrationRecord: string): Promise<AccountRow | undefined> {
  const row: AccountRow = {
    id: randomUUID(),
    email,
    registration_record: registrationRecord,
    seq: 0,
    created_at: new Date().toISOString(),
  };
  try {
    await store.db.insertInto('accounts').values(row).execute();
    return row;
  } catch (e) {
    if (isUniqueViolation(e)) return undefined;
    throw e;
  }
}

/** Removes the account; devices, key items and login attempts go by ON DELETE CASCADE. */
export async function deleteAccount(store: Store, id: string): Promise<void> {
  await store.writeTx(async (trx) => {
    // Lock the account row first, like every key write, so the lock order is
    // the same everywhere (no deadlock on PostgreSQL).
    await trx.updateTable('accounts').set({ seq: 0 }).where('id', '=', id).execute();
    await trx.deleteFrom('key_items').where('account_id', '=', id).execute();
    await trx.deleteFrom('devices').where('account_id', '=', id).execute();
    await trx.deleteFrom('login_attempts').where('account_id', '=', id).execute();
    await trx.deleteFrom('accounts').where('id', '=', id).execute();
  });
}

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string };
  return err.code === '23505' || err.code === 'SQLITE_CONSTRAINT_UNIQUE' || err.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

// ---- pending OPAQUE logins (in the database so any vault process can finish them) ----

export const LOGIN_ATTEMPT_TTL_MS = 2 * 60 * 1000;

export async function saveLoginAttempt(store: Store, accountId: string | null, serverState: string): Promise<string> {
  const id = randomUUID();
  const now = Date.now();
  await store.db.deleteFrom('login_attempts').where('expires_at', '<', now).execute();
  await store.db
    .insertInto('login_attempts')
    .values({ id, account_id: accountId, server_state: serverState, expires_at: now + LOGIN_ATTEMPT_TTL_MS })
    .execute();
  return id;
}

/** Single use: the attempt is deleted whether or not the proof that follows is valid. */
export async function takeLoginAttempt(
  store: Store,
  id: string,
): Promise<{ accountId: string | null; serverState: string } | undefined> {
  const row = await store.db.deleteFrom('login_attempts').where('id', '=', id).returningAll().executeTakeFirst();
  if (!row || Number(row.expires_at) < Date.now()) return undefined;
  return { accountId: row.account_id, serverState: row.server_state };
}
