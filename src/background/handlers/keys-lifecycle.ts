/**
 * Passphrase change, expiry, revocation and revocation certificates. Each result is the
 * STORED form (still passphrase-protected) written back in one transaction.
 */
import { CachetError, isCachetError } from '../../core/errors';
import { setExpiry } from '../../core/keys/expiry';
import { changePassphrase } from '../../core/keys/protect';
import { applyRevocationCertificate, makeRevocationCertificate, revokeKey } from '../../core/keys/revoke';
import type { KeyRecord } from '../keystore/db';
import type { HandlerContext, PageGroup } from './context';
import { saveUpdated, updatedRecord, toView, withUnlocked } from './common';

type Group = PageGroup<
  'changePassphrase' | 'setExpiry' | 'revokeKey' | 'makeRevocationCertificate' | 'importRevocationCertificate'
>;

export function keysLifecycleHandlers(ctx: HandlerContext): Group {
  const load = async (fingerprint: string): Promise<KeyRecord> => (await ctx.keystore()).require(fingerprint);

  return {
    async changePassphrase({ fingerprint, oldPassphrase, newPassphrase }) {
      const record = await load(fingerprint);
      if (!record.info.hasSecret) throw new CachetError('BAD_REQUEST', 'this is a public key; no secret key stored');
      // The core checks the new passphrase's strength (PASSPHRASE_TOO_WEAK) and the old one.
      return { key: await saveUpdated(ctx, record, await changePassphrase(record.armored, oldPassphrase, newPassphrase)) };
    },

    async setExpiry({ fingerprint, passphrase, expiresAt, subkeys }) {
      const record = await load(fingerprint);
      const armored = await withUnlocked(ctx, record, passphrase, (unlocked) =>
        setExpiry({
          stored: record.armored,
          unlocked,
          expiresAt: expiresAt === null ? null : new Date(expiresAt),
          subkeys: subkeys.map((s) => ({ fingerprint: s.fingerprint, expiresAt: s.expiresAt === null ? null : new Date(s.expiresAt) })),
          date: ctx.now(),
        }),
      );
      return { key: await saveUpdated(ctx, record, armored) };
    },

    async revokeKey({ fingerprint, passphrase, reason, message }) {
      const record = await load(fingerprint);
      const armored = await withUnlocked(ctx, record, passphrase, (unlocked) =>
        revokeKey({ stored: record.armored, unlocked, reason, message, date: ctx.now() }),
      );
      return { key: await saveUpdated(ctx, record, armored) };
    },

    async makeRevocationCertificate({ fingerprint, passphrase, reason, message }) {
      const record = await load(fingerprint);
      const armored = await withUnlocked(ctx, record, passphrase, (unlocked) =>
        makeRevocationCertificate({ unlocked, reason, message, date: ctx.now() }),
      );
      // gpg names its certificates <FINGERPRINT>.rev (openpgp-revocs.d).
      return { armored, fileName: `${fingerprint}.rev` };
    },

    async importRevocationCertificate({ armored }) {
      // The request names no key: the certificate says which one it revokes, and only that
      // key accepts it (the core verifies the signature), so try each stored key.
      const ks = await ctx.keystore();
      for (const record of (await ks.list()).keys) {
        let revoked: string;
        try {
          revoked = await applyRevocationCertificate(record.armored, armored);
        } catch (e) {
          if (isCachetError(e) && e.code === 'NOT_A_REVOCATION') continue;
          throw e;
        }
        const next = await updatedRecord(ctx, record, revoked);
        await ks.apply({ put: [next] });
        return { key: toView(next, await ks.defaults()) };
      }
      throw new CachetError('NOT_A_REVOCATION', 'no stored key is revoked by this certificate');
    },
  };
}
