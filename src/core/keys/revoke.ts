/** Key revocation (RFC 9580 §5.2.1.11, reason §5.2.3.31) and revocation certificates. */
import * as openpgp from 'openpgp';
import { CachetError } from '../errors';
import { pgpConfig } from '../openpgp-config';
import type { RevocationReason } from './model';
import { readOneKey } from './parse';

const { enums } = openpgp;

const FLAGS: Record<RevocationReason, openpgp.enums.reasonForRevocation> = {
  'no-reason': enums.reasonForRevocation.noReason,
  superseded: enums.reasonForRevocation.keySuperseded,
  compromised: enums.reasonForRevocation.keyCompromised,
  retired: enums.reasonForRevocation.keyRetired,
};

const MAX_MESSAGE = 1000;

export interface RevocationCertificateOptions {
  unlocked: openpgp.PrivateKey;
  reason: RevocationReason;
  message: string;
  date?: Date;
}

/**
 * An armored key-revocation signature, the way gpg writes one (a lone signature packet
 * in a PUBLIC KEY BLOCK, "This is a revocation certificate"); gpg imports it, and so does
 * `applyRevocationCertificate`. The key itself is not changed.
 */
export async function makeRevocationCertificate(o: RevocationCertificateOptions): Promise<string> {
  const flag = FLAGS[o.reason];
  if (flag === undefined) throw new CachetError('BAD_REQUEST', 'reason');
  if (!o.unlocked.keyPacket.isDecrypted()) throw new CachetError('PASSPHRASE_REQUIRED');
  const date = o.date ?? new Date();
  try {
    const revoked = await o.unlocked.revoke({ flag, string: o.message.slice(0, MAX_MESSAGE) }, date, pgpConfig);
    const cert = await revoked.getRevocationCertificate(date, pgpConfig);
    if (typeof cert !== 'string') throw new Error('no certificate');
    return cert;
  } catch (e) {
    throw new CachetError('INTERNAL', e instanceof Error ? e.message : undefined);
  }
}

/**
 * Applies a revocation certificate to a stored key (public or still-protected private);
 * NOT_A_REVOCATION unless it is a valid key revocation made by this key.
 */
export async function applyRevocationCertificate(stored: string, certificate: string): Promise<string> {
  const key = await readOneKey(stored);
  let revoked: openpgp.Key;
  try {
    const r = key.isPrivate()
      ? await openpgp.revokeKey({ key, revocationCertificate: certificate, format: 'object', config: pgpConfig })
      : await openpgp.revokeKey({ key, revocationCertificate: certificate, format: 'object', config: pgpConfig });
    revoked = r.privateKey ?? r.publicKey;
  } catch (e) {
    throw new CachetError('NOT_A_REVOCATION', e instanceof Error ? e.message : undefined);
  }
  return revoked.armor(pgpConfig);
}

/** Revokes a stored key; returns the stored form (protection unchanged), now revoked. */
export async function revokeKey(o: RevocationCertificateOptions & { stored: string }): Promise<string> {
  const stored = await readOneKey(o.stored);
  if (stored.getFingerprint() !== o.unlocked.getFingerprint()) throw new CachetError('KEY_INVALID', 'unlocked key does not match');
  const cert = await makeRevocationCertificate(o);
  return applyRevocationCertificate(o.stored, cert);
}
