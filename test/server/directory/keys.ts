/** Keys for the directory tests, built with OpenPGP.js. */
import * as openpgp from 'openpgp';

export interface DirKey { fingerprint: string; keyId: string; object: openpgp.PrivateKey; publicKey: string }

export async function dirKey(userIDs: openpgp.UserID[]): Promise<DirKey> {
  const { privateKey } = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs, format: 'object' });
  return { fingerprint: privateKey.getFingerprint(), keyId: privateKey.getKeyID().toHex(), object: privateKey, publicKey: privateKey.toPublic().armor() };
}

/**
 * The public key with what the directory must never serve: a third-party
 * certification on every user ID (by `signer`) and a user attribute (a photo-ID
 * shaped packet, RFC 9580 §5.12.1).
 */
export async function withThirdPartyAndPhoto(key: DirKey, signer: openpgp.PrivateKey): Promise<string> {
  const list = key.object.toPublic().toPacketList();
  const photo = new openpgp.UserAttributePacket();
  (photo as unknown as { attributes: string[] }).attributes = ['\x01\x10\x00\x01\x01' + '\x00'.repeat(12) + 'JPEG'];
  list.splice(list.findIndex((p) => p instanceof openpgp.PublicSubkeyPacket), 0, photo);
  const parsed = await openpgp.readKey({ binaryKey: list.write() });
  return (await parsed.signAllUsers([signer])).armor();
}

export async function revoked(key: DirKey): Promise<string> {
  const { publicKey } = await openpgp.revokeKey({ key: key.object, format: 'armored' });
  return publicKey;
}

export async function read(armored: string): Promise<openpgp.PublicKey> {
  return openpgp.readKey({ armoredKey: armored }) as Promise<openpgp.PublicKey>;
}
