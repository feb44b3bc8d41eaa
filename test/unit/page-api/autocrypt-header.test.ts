import { enums, generateKey, readKey, readPrivateKey } from 'openpgp';
import { describe, expect, it } from 'vitest';
import { autocryptHeader } from '../../../src/background/page-api/autocrypt-header';

describe('Autocrypt header (Autocrypt Level 1 §2.1)', () => {
  it('addr, prefer-encrypt and a minimal public key: primary, one user ID, one encryption subkey', async () => {
    const { privateKey } = await generateKey({
      type: 'ecc',
      curve: 'curve25519Legacy',
      userIDs: [{ name: 'Alice', email: 'alice@example.test' }, { email: 'alice@other.test' }],
      passphrase: 'correct horse battery',
      subkeys: [{}, { sign: true }],
      format: 'armored',
    });
    const key = await readPrivateKey({ armoredKey: privateKey });
    const header = await autocryptHeader(key, 'alice@other.test', true);
    const m = /^addr=alice@other\.test; prefer-encrypt=mutual; keydata=([A-Za-z0-9+/=]+)$/.exec(header);
    expect(m).not.toBeNull();
    const bytes = Uint8Array.from(atob(m![1]!), (c) => c.charCodeAt(0));
    const min = await readKey({ binaryKey: bytes });
    expect(min.isPrivate()).toBe(false);
    expect(min.getFingerprint()).toBe(key.getFingerprint());
    expect(min.users.map((u) => u.userID?.email)).toEqual(['alice@other.test']);
    expect(min.subkeys).toHaveLength(1);
    expect(min.subkeys[0]!.keyPacket.algorithm).toBe(enums.publicKey.ecdh);
    await expect(min.getEncryptionKey()).resolves.toBeDefined();
    expect(await autocryptHeader(key, 'alice@example.test', false)).toMatch(/^addr=alice@example\.test; keydata=/);
  });
});
