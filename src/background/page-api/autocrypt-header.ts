/**
 * The `Autocrypt:` header value for outgoing mail (Autocrypt Level 1 §2.1): `addr`, optional
 * `prefer-encrypt=mutual`, and `keydata` = base64 of a minimal transferable public key — the
 * primary key, one user ID with its self-certification, one encryption subkey with its binding
 * signature (§2.1.1 "SHOULD contain … exactly these packets"). Built here because the shared
 * `core/lookup/autocrypt.ts` did not exist yet when the page API was written.
 */
import { PacketList, PublicKey, type Key } from 'openpgp';
import { CachetError } from '../../core/errors';
import { toBase64 } from '../../core/keys/armor';

export async function minimalPublicKey(key: Key, address: string, now = new Date()): Promise<Uint8Array> {
  const pub = key.toPublic();
  const user = pub.users.find((u) => u.userID?.email.toLowerCase() === address) ?? (await pub.getPrimaryUser(now)).user;
  const { selfCertification } = await pub.getPrimaryUser(now, user.userID ?? undefined);
  const enc = await pub.getEncryptionKey(undefined, now);
  if (!user.userID) throw new CachetError('KEY_NOT_FOUND', 'no user ID');
  const packets = new PacketList();
  packets.push(pub.keyPacket, user.userID, selfCertification);
  if (enc !== pub) {
    const sub = pub.subkeys.find((s) => s.getFingerprint() === enc.getFingerprint());
    const binding = sub?.bindingSignatures.slice().sort((a, b) => (b.created?.getTime() ?? 0) - (a.created?.getTime() ?? 0))[0];
    if (!sub || !binding) throw new CachetError('KEY_NOT_FOUND', 'no encryption subkey');
    packets.push(sub.keyPacket, binding);
  }
  return new PublicKey(packets).write();
}

/** `addr=…; prefer-encrypt=mutual; keydata=…` (the header value, without the field name). */
export async function autocryptHeader(key: Key, address: string, preferEncrypt: boolean): Promise<string> {
  const keydata = toBase64(await minimalPublicKey(key, address));
  return `addr=${address};${preferEncrypt ? ' prefer-encrypt=mutual;' : ''} keydata=${keydata}`;
}
