/**
 * exportKey. `public` needs nothing; `private` returns the stored form, still protected
 * by the key's passphrase (so no passphrase is asked); `private-gnupg` re-protects with
 * iterated S2K for gpg 2.2 and therefore needs the passphrase itself (the cache holds an
 * unlocked key, not the passphrase).
 */
import { CachetError } from '../../core/errors';
import { readOneKey } from '../../core/keys/parse';
import { exportForGnuPG } from '../../core/keys/protect';
import { pgpConfig } from '../../core/openpgp-config';
import type { HandlerContext, PageGroup } from './context';

export function keysExportHandlers(ctx: HandlerContext): PageGroup<'exportKey'> {
  return {
    async exportKey({ fingerprint, kind, passphrase }) {
      const record = await (await ctx.keystore()).require(fingerprint);
      if (kind === 'public') {
        const key = await readOneKey(record.armored);
        return { armored: key.toPublic().armor(pgpConfig), fileName: `${fingerprint}-public.asc` };
      }
      if (!record.info.hasSecret) throw new CachetError('BAD_REQUEST', 'this is a public key; no secret key stored');
      if (kind === 'private') return { armored: record.armored, fileName: `${fingerprint}-private.asc` };
      if (passphrase === null) throw new CachetError('PASSPHRASE_REQUIRED');
      return { armored: await exportForGnuPG(record.armored, passphrase), fileName: `${fingerprint}-private-gnupg.asc` };
    },
  };
}
