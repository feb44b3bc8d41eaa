/** unlockKey, lockAll. */
import { unlockPrivateKey } from '../../core/keys/protect';
import { wipe } from '../../core/keys/parse';
import { CachetError } from '../../core/errors';
import type { HandlerContext, PageGroup } from './context';

export function unlockHandlers(ctx: HandlerContext): PageGroup<'unlockKey' | 'lockAll'> {
  return {
    async unlockKey({ fingerprint, passphrase }) {
      const record = await (await ctx.keystore()).require(fingerprint);
      if (!record.info.hasSecret) throw new CachetError('BAD_REQUEST', 'this is a public key; no secret key stored');
      const unlocked = await unlockPrivateKey(record.armored, passphrase);
      try {
        const until = await ctx.cache.put(fingerprint, unlocked);
        return { until: until ? until.toISOString() : null };
      } finally {
        wipe(unlocked);
      }
    },
    async lockAll() {
      await ctx.cache.lockAll();
      return {};
    },
  };
}
