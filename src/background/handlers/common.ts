/** Helpers shared by the key handlers: views, secret-key access, updating a stored key. */
import type { PrivateKey } from 'openpgp';
import { CachetError } from '../../core/errors';
import { unlockPrivateKey } from '../../core/keys/protect';
import { wipe } from '../../core/keys/parse';
import type { KeyView } from '../../shared/protocol';
import { describeArmored } from '../describe-armored';
import type { DefaultRecord, KeyRecord } from '../keystore/db';
import type { HandlerContext } from './context';

export function toView(record: KeyRecord, defaults: DefaultRecord[]): KeyView {
  return {
    ...record.info,
    defaultFor: defaults.filter((d) => d.fingerprint === record.fingerprint).map((d) => d.email).sort(),
    addedAt: record.addedAt,
    updatedAt: record.updatedAt,
  };
}

export async function viewOf(ctx: HandlerContext, fingerprint: string): Promise<KeyView> {
  const ks = await ctx.keystore();
  return toView(await ks.require(fingerprint), await ks.defaults());
}

/**
 * Runs `op` with the unlocked secret key: from `passphrase` when given (and then
 * cached per the user's setting), else from the cache, else PASSPHRASE_REQUIRED.
 * The unlocked object is wiped afterwards; only the cache's serialized form remains.
 */
export async function withUnlocked<T>(
  ctx: HandlerContext,
  record: KeyRecord,
  passphrase: string | null,
  op: (unlocked: PrivateKey) => Promise<T>,
): Promise<T> {
  if (!record.info.hasSecret) throw new CachetError('BAD_REQUEST', 'this is a public key; no secret key stored');
  let unlocked: PrivateKey | null;
  if (passphrase !== null) {
    unlocked = await unlockPrivateKey(record.armored, passphrase);
    await ctx.cache.put(record.fingerprint, unlocked);
  } else {
    unlocked = await ctx.cache.get(record.fingerprint);
    if (!unlocked) throw new CachetError('PASSPHRASE_REQUIRED');
  }
  try {
    return await op(unlocked);
  } finally {
    wipe(unlocked);
  }
}

/**
 * Builds the record for a new armored form of a stored key. The fingerprint stays
 * pinned: a result describing another key is an internal error, never stored.
 */
export async function updatedRecord(ctx: HandlerContext, record: KeyRecord, armored: string): Promise<KeyRecord> {
  const info = await describeArmored(armored);
  if (info.fingerprint !== record.fingerprint) throw new CachetError('KEY_INVALID', 'fingerprint changed');
  return { ...record, armored, info, updatedAt: ctx.now().toISOString() };
}

/** Stores a new armored form of a stored key and returns its view. */
export async function saveUpdated(ctx: HandlerContext, record: KeyRecord, armored: string): Promise<KeyView> {
  const next = await updatedRecord(ctx, record, armored);
  const ks = await ctx.keystore();
  await ks.apply({ put: [next] });
  return toView(next, await ks.defaults());
}
