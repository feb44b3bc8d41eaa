/** setDefaultKey: the key used for an address must hold a secret and carry that address. */
import { CachetError } from '../../core/errors';
import type { HandlerContext, PageGroup } from './context';

export function keysDefaultHandlers(ctx: HandlerContext): PageGroup<'setDefaultKey'> {
  return {
    async setDefaultKey({ email, fingerprint }) {
      const ks = await ctx.keystore();
      const record = await ks.require(fingerprint);
      const address = email.toLowerCase();
      if (!record.info.hasSecret) throw new CachetError('BAD_REQUEST', 'a default key needs its secret key');
      if (!record.info.emails.includes(address)) throw new CachetError('BAD_REQUEST', 'the key has no user ID with this address');
      await ks.apply({ setDefaults: [{ email: address, fingerprint }] });
      return {};
    },
  };
}
