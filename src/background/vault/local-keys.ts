/**
 * The keyring as the sync engine sees it. Writes are made with origin 'sync' so the
 * keystore's change listener does not push them straight back.
 */
import { CachetError } from '../../core/errors';
import { readOneKey } from '../../core/keys/parse';
import { pgpConfig } from '../../core/openpgp-config';
import { withPassphraseChangedAt } from '../../core/sync/item-meta';
import { describeArmored } from '../describe-armored';
import type { KeyRecord } from '../keystore/db';
import type { Keystore } from '../keystore/keystore';

export interface LocalKeys {
  get(fingerprint: string): Promise<KeyRecord | null>;
  all(): Promise<KeyRecord[]>;
  /** Stores `armored` (a checked pull or a merge) under its pinned fingerprint. */
  store(fingerprint: string, armored: string): Promise<void>;
  remove(fingerprint: string): Promise<void>;
}

export function localKeys(keystore: () => Promise<Keystore>, now: () => Date): LocalKeys {
  return {
    async get(fingerprint) {
      return (await keystore()).get(fingerprint);
    },
    async all() {
      return (await keystore()).list().then((l) => l.keys);
    },
    async store(fingerprint, armored) {
      const ks = await keystore();
      // Our sync header stays on the vault; the keyring keeps plain armor.
      const clean = withPassphraseChangedAt(armored, null);
      const info = await describeArmored(clean);
      if (info.fingerprint !== fingerprint) throw new CachetError('KEY_INVALID', 'fingerprint changed');
      const existing = await ks.get(fingerprint);
      const at = now().toISOString();
      await ks.apply({ put: [{ fingerprint, armored: clean, info, addedAt: existing?.addedAt ?? at, updatedAt: at }] }, 'sync');
    },
    async remove(fingerprint) {
      await (await keystore()).apply({ delete: [fingerprint] }, 'sync');
    },
  };
}

/** The public half of a stored key, armored (what the vault's `publicKey` field holds). */
export async function publicArmor(armored: string): Promise<string> {
  const key = await readOneKey(armored);
  return (key.isPrivate() ? key.toPublic() : key).armor(pgpConfig);
}

/** True when both armored keys carry exactly the same packets. */
export async function samePackets(a: string, b: string): Promise<boolean> {
  const [x, y] = [(await readOneKey(a)).write(), (await readOneKey(b)).write()];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}
