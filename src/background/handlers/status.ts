/** getStatus, for the popup: the default key, what is unlocked, how many keys. */
import type { HandlerContext, PageGroup } from './context';
import { toView } from './common';

export function statusHandlers(ctx: HandlerContext): PageGroup<'getStatus'> {
  return {
    async getStatus() {
      const ks = await ctx.keystore();
      const [{ keys }, defaults, unlocked] = await Promise.all([ks.list(), ks.defaults(), ctx.cache.list()]);
      // "The" default key: the oldest key that is the default for some address.
      const defaultFprs = new Set(defaults.map((d) => d.fingerprint));
      const first = keys
        .filter((k) => defaultFprs.has(k.fingerprint))
        .sort((a, b) => a.addedAt.localeCompare(b.addedAt))[0];
      return { defaultKey: first ? toView(first, defaults) : null, unlocked, keyCount: keys.length };
    },
  };
}
