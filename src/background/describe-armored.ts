/** "Stored armored key → KeyInfo", the keystore's check that a record still parses. */
import { describeKey } from '../core/keys/describe';
import { readOneKey } from '../core/keys/parse';
import type { KeyInfo } from '../core/keys/model';

export async function describeArmored(armored: string): Promise<KeyInfo> {
  return describeKey(await readOneKey(armored));
}
