import * as openpgp from 'openpgp';

export interface TestKey { fingerprint: string; publicKey: string; privateKey: string }

/** A v4 ed25519/cv25519 key, its private part protected as vault copies must be: Argon2 + AEAD. */
export async function makeKey(email: string, passphrase = 'correct horse battery staple'): Promise<TestKey & { unprotected: string; object: openpgp.PrivateKey }> {
  const { privateKey } = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email }], format: 'object' });
  const protectedKey = await openpgp.encryptKey({
    privateKey,
    passphrase,
    config: { s2kType: openpgp.enums.s2k.argon2, aeadProtect: true },
  });
  return {
    fingerprint: privateKey.getFingerprint(),
    publicKey: privateKey.toPublic().armor(),
    privateKey: protectedKey.armor(),
    unprotected: privateKey.armor(),
    object: privateKey,
  };
}

/** Same key re-protected under another passphrase (what a passphrase change uploads). */
export async function reprotect(key: openpgp.PrivateKey, passphrase: string): Promise<string> {
  const k = await openpgp.encryptKey({ privateKey: key, passphrase, config: { s2kType: openpgp.enums.s2k.argon2, aeadProtect: true } });
  return k.armor();
}
