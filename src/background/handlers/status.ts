/**
 * getStatus, for the popup: the default key, what is unlocked, how many keys. The popup
 * opens often, so only the default candidates are parsed, not the whole keyring.
 */
import type { KeyRecord } from '../keystore/db';
import type { HandlerContext, PageGroup } from './context';
import { toView } from './common';

export function statusHandlers(ctx: HandlerContext): PageGroup<'getStatus'> {
  return {
    async getStatus() {
      const ks = await ctx.keystore();
      const defaults = await ks.defaults();
      // "The" default key: the oldest key that is the default for some address.
      const candidates: KeyRecord[] = [];
      for (const fpr of new Set(defaults.map((d) => d.fingerprint))) {
        const record = await ks.get(fpr);
        if (record) candidates.push(record);
      }
      const first = candidates.sort((a, b) => a.addedAt.localeCompare(b.addedAt))[0];
      // Counted after loading: a default that had to be quarantined is no longer counted.
      const [keyCount, unlocked, latestDefaults] = await Promise.all([ks.count(), ctx.cache.list(), ks.defaults()]);
      return { defaultKey: first ? toView(first, latestDefaults) : null, unlocked, keyCount };
    },
  };
}
