/**
 * deleteKey, deleteQuarantined. Deleting is typed-confirmation only: the fingerprint for
 * a public key, the word DELETE for a key with a secret (the UI asks the user to type it).
 */
import { CachetError } from '../../core/errors';
import type { HandlerContext, PageGroup } from './context';

export const DELETE_SECRET_CONFIRMATION = 'DELETE';

export function keysDeleteHandlers(ctx: HandlerContext): PageGroup<'deleteKey' | 'deleteQuarantined'> {
  return {
    async deleteKey({ fingerprint, confirm }) {
      const ks = await ctx.keystore();
      const record = await ks.require(fingerprint);
      const expected = record.info.hasSecret ? DELETE_SECRET_CONFIRMATION : fingerprint;
      if (confirm !== expected) throw new CachetError('CONFIRMATION_MISMATCH');
      await ks.apply({ delete: [fingerprint] });
      await ctx.cache.remove(fingerprint);
      return {};
    },
    async deleteQuarantined({ id }) {
      if (!(await (await ctx.keystore()).deleteQuarantined(id))) throw new CachetError('KEY_NOT_FOUND');
      return {};
    },
  };
}
