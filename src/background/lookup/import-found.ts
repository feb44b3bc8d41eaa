/**
 * Importing a key a look-up found, once the user confirmed it in the confirmation window
 * (../confirm/handlers.ts). The armored text is parsed again (the key came from the network):
 * it must be exactly `fingerprint`, with a valid user ID for `address`. A different key
 * already stored for the address → KEY_CONFLICT unless `replace`; with `replace` the new key
 * becomes the address's default and the old one stays (the user may delete it).
 */
import { CachetError } from '../../core/errors';
import type { KeyInfo } from '../../core/keys/model';
import { mergeKeys } from '../../core/keys/merge';
import { foundKeys } from '../../core/lookup/found-key';
import { describeArmored } from '../describe-armored';
import type { KeyRecord } from '../keystore/db';
import type { Keystore } from '../keystore/keystore';

export interface FoundKeyCheck {
  armored: string;
  info: KeyInfo;
  /** Other keys stored for the address now. */
  others: string[];
}

/** The one key of `armored`, checked to be `fingerprint` and bound to `address`. */
export async function checkFoundKey(ks: Keystore, address: string, armored: string, fingerprint: string, now: Date): Promise<FoundKeyCheck> {
  const { keys } = await foundKeys(armored, address, now);
  const key = keys.find((k) => k.fingerprint === fingerprint);
  if (!key || keys.length !== 1) throw new CachetError('KEY_INVALID', 'not the confirmed key');
  const others = (await ks.byEmail(address)).filter((r) => r.fingerprint !== fingerprint).map((r) => r.fingerprint);
  return { armored: key.armored, info: key.info, others };
}

export async function importFoundKey(ks: Keystore, address: string, armored: string, fingerprint: string, replace: boolean, now: Date): Promise<string> {
  const { armored: checked, others } = await checkFoundKey(ks, address, armored, fingerprint, now);
  if (others.length > 0 && !replace) throw new CachetError('KEY_CONFLICT', others.join(' '));
  const existing = await ks.get(fingerprint);
  const at = now.toISOString();
  const merged = existing ? await mergeKeys(existing.armored, checked) : checked;
  const record: KeyRecord = { fingerprint, armored: merged, info: await describeArmored(merged), addedAt: existing?.addedAt ?? at, updatedAt: at };
  await ks.apply({ put: [record], ...(others.length > 0 ? { setDefaults: [{ email: address.toLowerCase(), fingerprint }] } : {}) });
  return fingerprint;
}
