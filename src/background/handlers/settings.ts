/** getSettings, setSettings (a shorter cache time applies to keys already unlocked). */
import type { HandlerContext, PageGroup } from './context';

export function settingsHandlers(ctx: HandlerContext): PageGroup<'getSettings' | 'setSettings'> {
  return {
    getSettings: () => ctx.settings.get(),
    async setSettings(req) {
      const saved = await ctx.settings.set(req);
      await ctx.cache.applySettings(saved.passphraseCacheMinutes);
      return saved;
    },
  };
}
