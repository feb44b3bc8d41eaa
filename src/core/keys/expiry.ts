/** Changing key and subkey expiry with new self-signatures, no passphrase needed twice. */
import * as openpgp from 'openpgp';
import { CachetError } from '../errors';
import { pgpConfig } from '../openpgp-config';
import { readOneKey, secretPackets, type SecretPacket } from './parse';
import { latestValid, resignWithExpiry } from './self-sign';
import { mergeInto } from './merge';

const { enums } = openpgp;

export interface SetExpiryOptions {
  /** The stored (still protected) armored private key. */
  stored: string;
  /** The same key, unlocked (its secret primary packet signs the new self-signatures). */
  unlocked: openpgp.PrivateKey;
  /** New expiry of the primary key, null = never. */
  expiresAt: Date | null;
  /** Subkeys whose expiry changes; subkeys not listed keep theirs. */
  subkeys: Array<{ fingerprint: string; expiresAt: Date | null }>;
  date?: Date;
}

function primarySecret(unlocked: openpgp.PrivateKey): SecretPacket {
  const packet = secretPackets(unlocked).find((p) => p === unlocked.keyPacket);
  if (!packet || !packet.isDecrypted()) throw new CachetError('PASSPHRASE_REQUIRED', 'primary key is not unlocked');
  return packet;
}

/** New self-signatures carrying the primary key's expiry (§5.2.3.13; v6: the direct-key signature). */
async function primarySignatures(key: openpgp.Key, signer: SecretPacket, expiresAt: Date | null, date: Date): Promise<void> {
  const primary = key.keyPacket;
  const created = primary.getCreationTime();
  // Declared on the class at runtime, missing from the typings.
  const directSignatures = (key as unknown as { directSignatures: openpgp.SignaturePacket[] }).directSignatures;
  const direct = await latestValid(directSignatures, primary, enums.signature.key, { key: primary }, date);
  if (direct) directSignatures.push(await resignWithExpiry(direct, signer, { key: primary }, created, expiresAt, date));
  if (primary.version === 6) {
    if (!direct) throw new CachetError('KEY_INVALID', 'v6 key without a direct-key signature');
    return;
  }
  let any = false;
  for (const user of key.users) {
    if (!user.userID) continue;
    const data = { userID: user.userID, key: primary };
    const cert = await latestValid(user.selfCertifications, primary, enums.signature.certGeneric, data, date);
    if (!cert || (await user.isRevoked(cert, undefined, date, pgpConfig))) continue;
    user.selfCertifications.push(await resignWithExpiry(cert, signer, data, created, expiresAt, date));
    any = true;
  }
  if (!any) throw new CachetError('KEY_INVALID', 'no valid user ID to re-certify');
}

async function subkeySignature(key: openpgp.Key, signer: SecretPacket, fingerprint: string, expiresAt: Date | null, date: Date): Promise<void> {
  const subkey = key.subkeys.find((s) => s.getFingerprint().toUpperCase() === fingerprint.toUpperCase());
  if (!subkey) throw new CachetError('KEY_NOT_FOUND', `subkey ${fingerprint}`);
  const data = { key: key.keyPacket, bind: subkey.keyPacket };
  const binding = await latestValid(subkey.bindingSignatures, key.keyPacket, enums.signature.subkeyBinding, data, date);
  if (!binding) throw new CachetError('KEY_INVALID', `subkey ${fingerprint} has no valid binding`);
  subkey.bindingSignatures.push(await resignWithExpiry(binding, signer, data, subkey.getCreationTime(), expiresAt, date));
}

/**
 * Sets the expiry of the primary key and of the listed subkeys (each on its own) and
 * returns the STORED key, still protected, with the new self-signatures merged in.
 * KEY_REVOKED for a revoked key; BAD_REQUEST for an expiry not after creation.
 */
export async function setExpiry(o: SetExpiryOptions): Promise<string> {
  const date = o.date ?? new Date();
  const stored = await readOneKey(o.stored);
  if (!stored.isPrivate()) throw new CachetError('BAD_REQUEST', 'not a private key');
  if (stored.getFingerprint() !== o.unlocked.getFingerprint()) throw new CachetError('KEY_INVALID', 'unlocked key does not match');
  if (await stored.isRevoked(undefined, undefined, date, pgpConfig)) throw new CachetError('KEY_REVOKED');
  const signer = primarySecret(o.unlocked);
  // Sign on a public copy of the stored key: the result is merged into the stored form.
  const work = await readOneKey(stored.toPublic().armor(pgpConfig));
  const all = [o.expiresAt, ...o.subkeys.map((s) => s.expiresAt)];
  for (const e of all) {
    if (e !== null && !(e instanceof Date && e.getTime() > stored.getCreationTime().getTime())) throw new CachetError('BAD_REQUEST', 'expiresAt');
  }
  await primarySignatures(work, signer, o.expiresAt, date);
  for (const s of o.subkeys) await subkeySignature(work, signer, s.fingerprint, s.expiresAt, date);
  return mergeInto(stored, work, date);
}
