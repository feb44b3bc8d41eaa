/** listKeys, getKey. */
import type { HandlerContext, PageGroup } from './context';
import { toView, viewOf } from './common';

export function keysReadHandlers(ctx: HandlerContext): PageGroup<'listKeys' | 'getKey'> {
  return {
    async listKeys() {
      const ks = await ctx.keystore();
      const { keys, quarantined } = await ks.list();
      const defaults = await ks.defaults();
      return {
        keys: keys.map((k) => toView(k, defaults)).sort((a, b) => a.addedAt.localeCompare(b.addedAt)),
        quarantined: quarantined.map((q) => ({
          id: q.id,
          fingerprint: q.fingerprint,
          reason: q.reason,
          quarantinedAt: q.at,
        })),
      };
    },
    getKey: async ({ fingerprint }) => ({ key: await viewOf(ctx, fingerprint) }),
  };
}
