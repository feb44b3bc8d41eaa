/** generateKey: the core makes the key, the keystore files it (first secret key → default). */
import { generateKey } from '../../core/keys/generate';
import type { HandlerContext, PageGroup } from './context';
import { toView } from './common';

export function keysGenerateHandlers(ctx: HandlerContext): PageGroup<'generateKey'> {
  return {
    async generateKey(req) {
      const made = await generateKey({ ...req, date: ctx.now() });
      const at = ctx.now().toISOString();
      const record = { fingerprint: made.info.fingerprint, armored: made.armoredPrivate, info: made.info, addedAt: at, updatedAt: at };
      const ks = await ctx.keystore();
      await ks.apply({ put: [record] });
      // The certificate is handed to the user once (to save offline) and not kept here.
      return { key: toView(record, await ks.defaults()), revocationCertificate: made.revocationCertificate };
    },
  };
}
