/**
 * VS: what the extension accepts from a vault and what the vault accepts from a client,
 * in plain Node: the client-side checks (src/core/sync, src/background/vault/url.ts) and
 * the server's key validation (src/server/validate-key.ts) in-process. The HTTP-level rows
 * (OPAQUE, enumeration, rate limits, isolation) run against the real server in
 * test/server (see README.md).
 */
import * as openpgp from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { normaliseVaultUrl } from '../../src/background/vault/url';
import { generateKey, type GeneratedKey } from '../../src/core/keys/generate';
import { loadPassphraseDictionary, passphraseStrength } from '../../src/core/keys/passphrase-strength';
import { assertVaultProtection, checkPulledItem, checkRevision } from '../../src/core/sync';
import { pgpConfig } from '../../src/core/openpgp-config';
import { validateKeyItem } from '../../src/server/validate-key';
import { PASSPHRASE, sharedKey, weaklyProtected } from '../unit/sync/keys';
import { splitPackets } from './fixtures/packets';

const { enums } = openpgp;
let mine: GeneratedKey;
let other: GeneratedKey;
beforeAll(async () => {
  mine = await sharedKey();
  other = await generateKey({ name: 'Other', emails: ['other@example.org'], passphrase: PASSPHRASE, profile: 'ecc', expiresInDays: null });
}, 180_000);

const fprOf = async (armored: string) => (await openpgp.readKey({ armoredKey: armored })).getFingerprint().toUpperCase();
const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string; status?: number; error?: string }) => e.code ?? e.error ?? String(e.status));

async function unprotected(stored: string): Promise<string> {
  const k = await openpgp.decryptKey({ privateKey: await openpgp.readPrivateKey({ armoredKey: stored }), passphrase: PASSPHRASE });
  return k.armor(pgpConfig);
}

describe('VS-01: a leaked database gives only strongly protected blobs; weaker parameters are refused', () => {
  it('VS-01: keys Cachet makes are Argon2id + AEAD with 64 MiB; unprotected, iterated, small-Argon2 copies are refused', async () => {
    assertVaultProtection(await openpgp.readPrivateKey({ armoredKey: mine.armoredPrivate }));
    for (const weak of [await weaklyProtected(mine.armoredPrivate, 'iterated'), await weaklyProtected(mine.armoredPrivate, 'small-argon2'), await unprotected(mine.armoredPrivate)]) {
      const key = await openpgp.readPrivateKey({ armoredKey: weak });
      expect(() => assertVaultProtection(key)).toThrow(expect.objectContaining({ code: 'WEAK_KEY' }));
      const fpr = await fprOf(weak);
      const item = { fingerprint: fpr, revision: 2, deleted: false, publicKey: mine.armoredPublic, privateKey: weak };
      expect(await codeOf(checkPulledItem(item, fpr, 1))).toBe('WEAK_KEY');
    }
  });

  it('VS-01: a weak passphrase is refused before anything is protected with it', async () => {
    // Dictionary-shaped ones pass a per-character estimate; the floor consults zxcvbn's lists.
    for (const p of ['password', '1234567890', 'aaaaaaaaaaaaaaaa', 'qwertyuiop', 'short', 'Summer2024!', 'Password123!', 'iloveyou2023', 'P@ssw0rd2024', '1qaz2wsx3edc4rfv']) {
      expect(passphraseStrength(p, await loadPassphraseDictionary()).acceptable, p).toBe(false);
      expect(await codeOf(generateKey({ name: 'W', emails: ['w@example.org'], passphrase: p, profile: 'ecc', expiresInDays: null }))).toBe('PASSPHRASE_TOO_WEAK');
    }
  });
});

describe('VS-03: the vault returns the wrong key', () => {
  it('VS-03: someone else’s key, a private key swapped in, secret material in the public field, an overwritten key', async () => {
    const fpr = await fprOf(mine.armoredPublic);
    const base = { fingerprint: fpr, revision: 3, deleted: false };
    const overwritten = await (async () => {
      const bytes = (await openpgp.unarmor(mine.armoredPrivate)).data as Uint8Array;
      const p = splitPackets(bytes).find((x) => x.tag === 7)!;
      const t = bytes.slice();
      t[p.bytes.byteOffset - bytes.byteOffset + p.bodyStart + 26]! ^= 0x01;
      return openpgp.armor(enums.armor.privateKey, t);
    })();
    const cases = {
      'item for another fingerprint': { ...base, fingerprint: await fprOf(other.armoredPublic), publicKey: other.armoredPublic, privateKey: null },
      'another public key under my fingerprint': { ...base, publicKey: other.armoredPublic, privateKey: null },
      'another private key under my fingerprint': { ...base, publicKey: mine.armoredPublic, privateKey: other.armoredPrivate },
      'secret key in the public field': { ...base, publicKey: mine.armoredPrivate, privateKey: null },
      'public key in the private field': { ...base, publicKey: mine.armoredPublic, privateKey: mine.armoredPublic },
    };
    for (const [name, item] of Object.entries(cases)) {
      expect(await codeOf(checkPulledItem(item, fpr, 1)), name).toBe('KEY_INVALID');
    }
    // Key overwriting (a public parameter of the subkey changed): either refused on pull, or
    // the key no longer unlocks — never a usable key with attacker-chosen parameters.
    const pulled = await codeOf(checkPulledItem({ ...base, publicKey: mine.armoredPublic, privateKey: overwritten }, fpr, 1));
    if (pulled === 'ok') {
      const { unlockPrivateKey } = await import('../../src/core/keys/protect');
      expect(await codeOf(unlockPrivateKey(overwritten, PASSPHRASE))).not.toBe('ok');
    } else expect(pulled).toMatch(/KEY_INVALID|WEAK_KEY/);
    expect(await codeOf(checkPulledItem({ ...base, publicKey: mine.armoredPublic, privateKey: mine.armoredPrivate }, fpr, 1))).toBe('ok');
  });
});

describe('VS-04: rollbacks', () => {
  it('VS-04: a revision below the high-water mark is refused; equal is the same version; junk revisions refused', async () => {
    expect(() => checkRevision(4, 5)).toThrow(expect.objectContaining({ code: 'VAULT_ROLLBACK' }));
    expect(() => checkRevision(1, 1000)).toThrow(expect.objectContaining({ code: 'VAULT_ROLLBACK' }));
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => checkRevision(bad, null), String(bad)).toThrow(expect.objectContaining({ code: 'VAULT_ROLLBACK' }));
    expect(() => checkRevision(5, 5)).not.toThrow();
    expect(() => checkRevision(6, 5)).not.toThrow();
    const fpr = await fprOf(mine.armoredPublic);
    const item = { fingerprint: fpr, revision: 2, deleted: true, publicKey: null, privateKey: null };
    // A tombstone is a revision like any other: an old one cannot delete a newer key.
    expect(await codeOf(checkPulledItem(item, fpr, 3))).toBe('VAULT_ROLLBACK');
  });
});

describe('VS-07: what the vault server stores', () => {
  it('VS-07: unprotected or weakly protected secret keys, secret keys in the public field, wrong fingerprints are rejected', async () => {
    const fprLower = (await openpgp.readKey({ armoredKey: mine.armoredPublic })).getFingerprint();
    const cases = {
      unprotected: { publicKey: mine.armoredPublic, privateKey: await unprotected(mine.armoredPrivate) },
      iterated: { publicKey: mine.armoredPublic, privateKey: await weaklyProtected(mine.armoredPrivate, 'iterated') },
      'small argon2': { publicKey: mine.armoredPublic, privateKey: await weaklyProtected(mine.armoredPrivate, 'small-argon2') },
      'secret in the public field': { publicKey: mine.armoredPrivate, privateKey: null },
      'another key': { publicKey: other.armoredPublic, privateKey: null },
      'another private key': { publicKey: mine.armoredPublic, privateKey: other.armoredPrivate },
    };
    for (const [name, item] of Object.entries(cases)) {
      expect(await codeOf(validateKeyItem(fprLower, item as never)), name).not.toBe('ok');
    }
    expect(await codeOf(validateKeyItem(fprLower, { publicKey: mine.armoredPublic, privateKey: mine.armoredPrivate } as never))).toBe('ok');
  });
});

describe('VS-08: transport', () => {
  it('VS-08: HTTPS required outside loopback; look-alike loopback hosts and credentials refused', () => {
    for (const ok of ['https://vault.example.org', 'http://127.0.0.1:8787', 'http://localhost:8787/', 'http://[::1]:8787', 'http://127.1.2.3']) {
      expect(() => normaliseVaultUrl(ok), ok).not.toThrow();
    }
    for (const bad of ['http://vault.example.org', 'http://127.0.0.1.evil.example', 'http://localhost.evil.example', 'http://0.0.0.0:8787', 'ftp://vault.example.org', 'javascript:alert(1)', 'http://192.168.1.2']) {
      expect(() => normaliseVaultUrl(bad), bad).toThrow();
    }
    for (const bad of ['https://user:pw@vault.example.org', 'https://vault.example.org/?token=x', 'https://vault.example.org/#x']) {
      expect(() => normaliseVaultUrl(bad), bad).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
    }
  });
});
