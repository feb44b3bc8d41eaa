/** Reading one stored key from armor, with parse failures mapped to Cachet error codes. */
import * as openpgp from 'openpgp';
import { CachetError } from '../errors';
import { pgpConfig } from '../openpgp-config';

/** Parses exactly one armored key (public or private). MALFORMED_ARMOR if it does not parse. */
export async function readOneKey(armored: string): Promise<openpgp.Key> {
  if (typeof armored !== 'string' || armored.length === 0) throw new CachetError('BAD_REQUEST', 'empty key');
  try {
    return await openpgp.readKey({ armoredKey: armored, config: pgpConfig });
  } catch (e) {
    throw new CachetError('MALFORMED_ARMOR', e instanceof Error ? e.message : undefined);
  }
}

/** Parses exactly one armored private key. BAD_REQUEST if it is only a public key. */
export async function readOnePrivateKey(armored: string): Promise<openpgp.PrivateKey> {
  const key = await readOneKey(armored);
  if (!key.isPrivate()) throw new CachetError('BAD_REQUEST', 'not a private key');
  return key;
}

/** The secret key packets of a key that hold real material (gnu-dummy stubs skipped). */
export function secretPackets(key: openpgp.PrivateKey): SecretPacket[] {
  const out: SecretPacket[] = [];
  for (const { keyPacket } of key.getKeys()) {
    if (keyPacket instanceof openpgp.SecretKeyPacket || keyPacket instanceof openpgp.SecretSubkeyPacket) {
      if (!keyPacket.isDummy()) out.push(keyPacket);
    }
  }
  return out;
}

export type SecretPacket = openpgp.SecretKeyPacket | openpgp.SecretSubkeyPacket;

/**
 * Fields OpenPGP.js has at runtime but does not declare (RFC 9580 §5.5.3 S2K usage,
 * §3.7 S2K specifier), and `decrypt` with its config argument so our Argon2 cap applies.
 */
export interface SecretPacketInternals {
  s2kUsage: number;
  s2k: { type: string; c?: number; algorithm?: number } | null;
  version: number;
  decrypt(passphrase: string, config: openpgp.Config): Promise<void>;
}

/** Access to the undeclared runtime fields of a secret key packet. */
export function internals(p: SecretPacket): SecretPacketInternals {
  return p as unknown as SecretPacketInternals;
}

/** Zeroes and drops the decrypted private parameters of every packet (best effort in JS). */
export function wipe(key: openpgp.PrivateKey): void {
  for (const p of secretPackets(key)) {
    if (p.isDecrypted()) (p as unknown as { clearPrivateParams(): void }).clearPrivateParams();
  }
}
