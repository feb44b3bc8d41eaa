/** ContentProtocol handlers: nothing here may return keys, passphrases or plaintext. */
import type { ContentGroup, HandlerContext } from './context';

export function contentHandlers(ctx: HandlerContext): ContentGroup<'ping'> {
  return {
    ping: async () => ({ version: ctx.version }),
  };
}
