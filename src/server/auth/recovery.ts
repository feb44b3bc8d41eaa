import { createHash, randomBytes } from 'node:crypto';
import { formatRecoverySecret, normaliseRecoverySecret, RECOVERY_SECRET_BYTES } from '../../shared/vault-approval-api.js';
import type { Store } from '../db/database.js';

/**
 * Recovery secrets (VS-05). The secret is 160 random bits made here, never chosen by
 * the user, so a single SHA-256 is enough to store it: a slow KDF only helps against
 * guessing low-entropy input, and nobody enumerates 2^160 candidates whatever the hash
 * costs. The account id and a label go into the hash so equal secrets of two accounts
 * (impossible in practice) would not even share a hash. Only the hash is stored.
 */
export function newRecoverySecret(): string {
  return formatRecoverySecret(randomBytes(RECOVERY_SECRET_BYTES));
}

export function recoveryHash(accountId: string, secret: string): string {
  return createHash('sha256').update(`cachet-recovery-v1\u0000${accountId}\u0000${normaliseRecoverySecret(secret)}`).digest('hex');
}

/** Issues a new secret for the account, replacing any earlier one; returns it (shown once). */
export async function issueRecoverySecret(store: Store, accountId: string): Promise<string> {
  const secret = newRecoverySecret();
  await store.db.updateTable('accounts').set({ recovery_hash: recoveryHash(accountId, secret) }).where('id', '=', accountId).execute();
  return secret;
}

export async function hasRecoverySecret(store: Store, accountId: string): Promise<boolean> {
  const row = await store.db.selectFrom('accounts').select('recovery_hash').where('id', '=', accountId).executeTakeFirst();
  return typeof row?.recovery_hash === 'string';
}

/**
 * Consumes `presented` and approves `deviceId` in one transaction: the compare-and-swap
 * on the stored hash lets exactly one of two concurrent uses win, and the device is
 * approved only if the swap happened. Returns the new secret, or undefined when the
 * presented one is wrong or already used.
 */
export async function redeemRecoverySecret(store: Store, accountId: string, deviceId: string, presented: string): Promise<string | undefined> {
  const next = newRecoverySecret();
  return store.writeTx(async (trx) => {
    const swapped = await trx
      .updateTable('accounts')
      .set({ recovery_hash: recoveryHash(accountId, next) })
      .where('id', '=', accountId)
      .where('recovery_hash', '=', recoveryHash(accountId, presented))
      .returning('id')
      .executeTakeFirst();
    if (!swapped) return undefined;
    await trx
      .updateTable('devices')
      .set({ approved: 1, approved_at: new Date().toISOString(), approved_by: 'recovery' })
      .where('id', '=', deviceId)
      .where('account_id', '=', accountId)
      .where('revoked', '=', 0)
      .execute();
    return next;
  });
}
