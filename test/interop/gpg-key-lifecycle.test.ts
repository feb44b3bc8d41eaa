/**
 * Key changes made by Cachet (expiry, revocation, revocation certificate) as gpg 2.2 sees
 * them, and gpg's own revocation certificate applied in Cachet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyRevocationCertificate,
  makeRevocationCertificate,
  readKeyMaterial,
  revokeKey,
  setExpiry,
} from '../../src/core';
import { PASSPHRASE, cachetKey, fpr, type CachetKey } from './tools/cachet';
import { GnuPG, hasStatus, primaryRow } from './tools/gnupg';

const DAY = 86_400_000;

describe('Cachet key changes seen by gpg 2.2', () => {
  let key: CachetKey;
  let id: string;

  beforeAll(async () => {
    key = await cachetKey('ecc', 'Lifecycle User', 'lifecycle@example.org');
    id = fpr(key.publicKey);
  });

  /** Imports `armored` into a fresh home and returns gpg's view of the primary key. */
  async function gpgView(armored: string[], at?: Date): Promise<ReturnType<typeof primaryRow>> {
    const gpg = GnuPG.create();
    try {
      for (const a of armored) {
        const r = await gpg.importKeys(a);
        expect(r.code, r.stderr).toBe(0);
      }
      return primaryRow(await gpg.listKey(id, at));
    } finally {
      await gpg.close();
    }
  }

  it('a fresh key is valid and does not expire', async () => {
    const v = await gpgView([key.armoredPublic]);
    expect(v.expires).toBeNull();
    // Not revoked, expired or invalid; '-'/'q'/'u' only reflect owner trust in this fresh home.
    expect(['r', 'e', 'i']).not.toContain(v.validity);
  });

  it('a changed expiry shows in gpg --list-keys, and past it gpg lists the key as expired', async () => {
    const expiresAt = new Date(Math.floor((Date.now() + 400 * DAY) / 1000) * 1000);
    const subkeys = key.info.subkeys.map((s) => ({ fingerprint: s.fingerprint, expiresAt }));
    const stored = await setExpiry({ stored: key.armoredPrivate, unlocked: key.unlocked, expiresAt, subkeys });
    const { keys } = await readKeyMaterial(stored);
    const pub = keys[0]!.key.toPublic().armor();
    const now = await gpgView([pub]);
    expect(now.expires).toBe(expiresAt.getTime() / 1000);
    expect(now.validity).not.toBe('e');
    // gpg's clock moved past the expiry instead of waiting for it.
    const later = await gpgView([pub], new Date(expiresAt.getTime() + DAY));
    expect(later.validity).toBe('e');
  });

  it('a key revoked by Cachet is revoked for gpg', async () => {
    const stored = await revokeKey({ stored: key.armoredPrivate, unlocked: key.unlocked, reason: 'retired', message: 'moving on' });
    const { keys } = await readKeyMaterial(stored);
    expect(keys[0]!.info.revoked).toBe(true);
    const v = await gpgView([keys[0]!.key.toPublic().armor()]);
    expect(v.validity).toBe('r');
  });

  it("Cachet's revocation certificate, imported on top of the key, revokes it in gpg", async () => {
    const cert = await makeRevocationCertificate({ unlocked: key.unlocked, reason: 'compromised', message: 'lost laptop' });
    const v = await gpgView([key.armoredPublic, cert]);
    expect(v.validity).toBe('r');
  });

  it('the revocation certificate made at generation revokes it in gpg', async () => {
    const v = await gpgView([key.armoredPublic, key.revocationCertificate]);
    expect(v.validity).toBe('r');
  });
});

describe("gpg 2.2's revocation certificate applied in Cachet", () => {
  let gpg: GnuPG;
  let id: string;
  let otherId: string;
  let publicArmored: string;

  beforeAll(async () => {
    gpg = GnuPG.create();
    id = await gpg.generate('Revoked User <revoked@example.org>', 'ecc', PASSPHRASE);
    otherId = await gpg.generate('Other User <other@example.org>', 'ecc', PASSPHRASE);
    publicArmored = await gpg.exportPublic(id);
  });

  afterAll(async () => {
    await gpg?.close();
  });

  it('the certificate from openpgp-revocs.d revokes the key', async () => {
    const revoked = await applyRevocationCertificate(publicArmored, gpg.storedRevocationCertificate(id));
    const { keys } = await readKeyMaterial(revoked);
    expect(keys[0]!.info.fingerprint).toBe(id);
    expect(keys[0]!.info.revoked).toBe(true);
    expect(keys[0]!.info.status).toBe('revoked');
  });

  it('a certificate from `gpg --gen-revoke` revokes the key', async () => {
    const cert = await gpg.genRevoke(id, 1, PASSPHRASE);
    const revoked = await applyRevocationCertificate(publicArmored, cert);
    const { keys } = await readKeyMaterial(revoked);
    expect(keys[0]!.info.revoked).toBe(true);
    expect(keys[0]!.info.revocationReason).toBe('compromised');
  });

  it("another key's certificate is refused with NOT_A_REVOCATION", async () => {
    await expect(applyRevocationCertificate(publicArmored, gpg.storedRevocationCertificate(otherId))).rejects.toMatchObject({
      code: 'NOT_A_REVOCATION',
    });
  });

  it('gpg agrees the key is revoked once Cachet exports it', async () => {
    const revoked = await applyRevocationCertificate(publicArmored, gpg.storedRevocationCertificate(id));
    const fresh = GnuPG.create();
    try {
      const imp = await fresh.importKeys(revoked);
      expect(imp.code, imp.stderr).toBe(0);
      expect(hasStatus(imp.status, 'IMPORT_OK')).toBe(true);
      expect(primaryRow(await fresh.listKey(id)).validity).toBe('r');
    } finally {
      await fresh.close();
    }
  });
});
