/**
 * Machine-readable HKP index (draft-gallagher-openpgp-hkp §5.2, `options=mr`):
 *   info:1:<count>
 *   pub:<fingerprint>:<algo>:<keylen>:<created>:<expires>:<flags>
 *   uid:<escaped uid>:<created>:<expires>:<flags>
 * Times are seconds since the epoch, flags `r` (revoked) and `e` (expired).
 */
import * as openpgp from 'openpgp';
import { pgpConfig } from '../../core/openpgp-config.js';

/** §5.2: the uid is escaped with %XX for ':' '%' and every octet outside printable ASCII. */
export function escapeUid(uid: string): string {
  let out = '';
  for (const byte of Buffer.from(uid, 'utf8')) {
    out += byte > 0x20 && byte < 0x7f && byte !== 0x25 && byte !== 0x3a ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const seconds = (d: Date): string => String(Math.floor(d.getTime() / 1000));

async function keyLines(key: openpgp.PublicKey, now: Date): Promise<string[]> {
  const info = key.getAlgorithmInfo();
  const algo = (openpgp.enums.publicKey as unknown as Record<string, number>)[info.algorithm] ?? '';
  const bits = info.bits ?? (info.curve ? curveBits(info.curve) : '');
  let expires = '';
  let flags = '';
  if (await key.isRevoked(undefined, undefined, now, pgpConfig)) flags += 'r';
  try {
    const exp = await key.getExpirationTime(undefined, pgpConfig);
    if (exp instanceof Date) {
      expires = seconds(exp);
      if (exp <= now) flags += 'e';
    }
  } catch {
    // No valid self-signature to read an expiry from (e.g. a revoked key stripped of user IDs).
  }
  const lines = [`pub:${key.getFingerprint().toUpperCase()}:${algo}:${bits}:${seconds(key.getCreationTime())}:${expires}:${flags}`];
  for (const user of key.users) {
    if (!user.userID) continue;
    const created = user.selfCertifications.reduce<Date | null>((a, s) => (s.created && (!a || s.created > a) ? s.created : a), null);
    const revoked = user.revocationSignatures.length > 0 ? 'r' : '';
    lines.push(`uid:${escapeUid(user.userID.userID)}:${created ? seconds(created) : ''}::${revoked}`);
  }
  return lines;
}

/** Nominal sizes GnuPG prints for the curves OpenPGP.js knows. */
function curveBits(curve: string): string {
  const m = /(\d{3})/.exec(curve);
  if (m?.[1]) return m[1];
  return /25519/.test(curve) ? '255' : /448/.test(curve) ? '448' : '';
}

export async function machineReadableIndex(keys: openpgp.PublicKey[], now = new Date()): Promise<string> {
  const lines = [`info:1:${keys.length}`];
  for (const key of keys) lines.push(...(await keyLines(key, now)));
  return lines.join('\n') + '\n';
}
