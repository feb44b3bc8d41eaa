/**
 * KM: hostile key material, through the background's import path (inspectImport /
 * commitImport) and the core key functions, with keys made by OpenPGP.js, GnuPG and Sequoia.
 */
import * as openpgp from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { readKeyMaterial } from '../../src/core/keys/read';
import { describeKey, sanitizeUserIdText, MAX_USER_ID_DISPLAY } from '../../src/core/keys/describe';
import { signerViews } from '../../src/background/mail/signer-view';
import type { SignatureResult } from '../../src/core/messages/signature-result';
import { unlockPrivateKey } from '../../src/core/keys/protect';
import { pgpConfig } from '../../src/core/openpgp-config';
import { GnuPG } from '../interop/tools/gnupg';
import { Sq } from '../interop/tools/sequoia';
import { world, type World } from './fixtures/background';
import { concat, packet, splitPackets } from './fixtures/packets';

const { enums } = openpgp;
let w: World;
beforeAll(async () => {
  w = await world();
}, 180_000);

const importPublic = (text: string) => w.h.page('commitImport', { text, encoding: 'armored', passphrases: {}, newPassphrases: {} });
const fpr = (k: openpgp.Key) => k.getFingerprint().toUpperCase();

describe('KM-01: a new key for a known address never replaces the old one silently', () => {
  it('KM-01: both keys are kept and listed; the recipient keeps the key already in use until the user picks', async () => {
    const before = await w.h.page('resolveRecipients', { addresses: ['bob@example.org'] });
    expect(before.statuses[0]?.key?.fingerprint).toBe(w.k.bobFingerprint);
    for (const source of ['openpgp', 'gpg', 'sq'] as const) {
      let armored: string;
      if (source === 'openpgp') armored = (await openpgp.generateKey({ userIDs: [{ name: 'Bob', email: 'bob@example.org' }], format: 'object' })).publicKey.armor();
      else if (source === 'gpg') {
        const gpg = GnuPG.create();
        try {
          armored = await gpg.exportPublic(await gpg.generate('Bob <bob@example.org>', 'ecc', 'km01 gpg passphrase long'));
        } finally {
          await gpg.close();
        }
      } else {
        const sq = Sq.create();
        try {
          armored = await sq.extractCert((await sq.generate('Bob <bob@example.org>', 'cv25519')).key);
        } finally {
          sq.close();
        }
      }
      const preview = await w.h.page('inspectImport', { text: armored, encoding: 'armored' });
      expect(preview.candidates[0]?.existing).toBe(false);
      const report = await importPublic(armored);
      expect(report.imported).toHaveLength(1);
      const keys = (await w.h.page('listKeys', {})).keys.filter((k) => k.emails.includes('bob@example.org'));
      expect(keys.map((k) => k.fingerprint)).toContain(w.k.bobFingerprint);
      expect(keys.map((k) => k.fingerprint)).toContain(report.imported[0]);
      const after = await w.h.page('resolveRecipients', { addresses: ['bob@example.org'] });
      expect(after.statuses[0]?.key?.fingerprint, source).toBe(w.k.bobFingerprint);
    }
  });
});

describe('KM-02 / KM-03: unbound subkeys and uncertified user IDs', () => {
  it('KM-02: a subkey added without a valid binding, or bound by another key, is ignored', async () => {
    const victim = await openpgp.generateKey({ userIDs: [{ email: 'vic@example.org' }], format: 'object' });
    const attacker = await openpgp.generateKey({ userIDs: [{ email: 'eve@example.org' }], subkeys: [{}], format: 'object' });
    const victimBytes = victim.publicKey.write();
    const evePackets = splitPackets(attacker.publicKey.write());
    const eveSub = evePackets.filter((p) => p.tag === 14).map((p) => p.bytes);
    const eveBinding = evePackets.filter((p) => p.tag === 2).slice(-1).map((p) => p.bytes);
    const forged = [
      concat(victimBytes, ...eveSub), // no binding signature at all
      concat(victimBytes, ...eveSub, ...eveBinding), // a binding made by the attacker's primary
    ];
    for (const bytes of forged) {
      const { keys } = await readKeyMaterial(openpgp.armor(enums.armor.publicKey, bytes));
      const info = keys[0]!.info;
      const eveSubFpr = attacker.publicKey.subkeys[0]!.getFingerprint().toUpperCase();
      expect(info.subkeys.map((s) => s.fingerprint)).not.toContain(eveSubFpr);
      // Nothing would ever be encrypted to it either.
      const key = keys[0]!.key;
      const enc = await key.getEncryptionKey(undefined, new Date(), undefined, pgpConfig);
      expect(enc.getFingerprint().toUpperCase()).not.toBe(eveSubFpr);
    }
  });

  it('KM-03: a user ID without a self-certification, or with one by another key, or revoked, is not shown', async () => {
    const victim = await openpgp.generateKey({ userIDs: [{ email: 'vic@example.org' }], format: 'object' });
    const eve = await openpgp.generateKey({ userIDs: [{ email: 'ceo@example.org' }], format: 'object' });
    const evePackets = splitPackets(eve.publicKey.write());
    const uid = evePackets.find((p) => p.tag === 13)!.bytes;
    const eveCert = evePackets.filter((p) => p.tag === 2)[0]!.bytes;
    const vicPackets = splitPackets(victim.publicKey.write()).map((p) => p.bytes);
    const variants = [concat(...vicPackets, uid), concat(...vicPackets, uid, eveCert)];
    const revoked = await revokeUserId(victim.privateKey, 'old@example.org');
    for (const bytes of variants) {
      const { keys } = await readKeyMaterial(openpgp.armor(enums.armor.publicKey, bytes));
      expect(keys[0]!.info.emails).toEqual(['vic@example.org']);
    }
    const { keys } = await readKeyMaterial(revoked);
    expect(keys[0]!.info.emails).not.toContain('old@example.org');
  });
});

/** A key with a second user ID `email`, that user ID then revoked by its own key. */
async function revokeUserId(key: openpgp.PrivateKey, email: string): Promise<string> {
  const withTwo = await openpgp.reformatKey({ privateKey: key, userIDs: [{ email: 'vic@example.org' }, { email }], format: 'object' });
  const user = withTwo.privateKey.users.find((u) => u.userID?.email === email)!;
  const revoked = await user.revoke(withTwo.privateKey.keyPacket as openpgp.SecretKeyPacket, { flag: enums.reasonForRevocation.userIDInvalid }, new Date(), pgpConfig);
  const k = withTwo.publicKey;
  k.users = k.users.map((u) => (u.userID?.email === email ? revoked : u));
  return k.armor(pgpConfig);
}

describe('KM-04: hostile user ID text', () => {
  const hostile = [
    '<img src=x onerror=alert(1)> <evil@example.org>',
    'Bob\r\nX-Injected: yes <bob2@example.org>',
    'Bob \u202Egro.elpmaxe@bob\u202C <b3@example.org>',
    'Bob \u2066\u2067\u2068 isolates\u2069 <b4@example.org>',
    `${'A'.repeat(6000)} <long@example.org>`,
    'Pay\u200Bpal \u0000 zero <z@example.org>',
  ];
  it('KM-04: controls, CR/LF, bidi and invisible characters removed, length capped, flagged', () => {
    for (const text of hostile.slice(1)) {
      const out = sanitizeUserIdText(text);
      expect(out.text).not.toMatch(/[\u0000-\u001f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/);
      expect(Array.from(out.text).length).toBeLessThanOrEqual(MAX_USER_ID_DISPLAY);
      expect(out.sanitized, JSON.stringify(text.slice(0, 40))).toBe(true);
    }
  });

  it('KM-04: a key with hostile user IDs still imports; what is stored for display is sanitised', async () => {
    for (const text of hostile) {
      const [name, email] = text.split(' <');
      const k = await openpgp.generateKey({ userIDs: [{ name: name!, email: email!.slice(0, -1) }], format: 'object', config: { ...pgpConfig, maxUserIDLength: 16 * 1024 } }).catch(() => null);
      if (!k) continue; // OpenPGP.js refuses to even write some of them (e.g. NUL)
      const report = await importPublic(k.publicKey.armor());
      expect(report.imported).toHaveLength(1);
      const view = await w.h.page('getKey', { fingerprint: report.imported[0]! });
      // HTML stays text (rendered as a text node, checked in both browsers by
      // test/e2e/bad-input/import-bad-input.test.ts); nothing else survives.
      expect(JSON.stringify(view.key.userIds)).not.toMatch(/\\r|\\n|\\u0000|[\u202a-\u202e\u2066-\u2069\u200b]/);
    }
  });
});

describe('KM-04: homoglyph user IDs', () => {
  // U+0430 CYRILLIC SMALL LETTER A, U+03BF GREEK SMALL LETTER OMICRON: look exactly like Latin a / o.
  const lookalikes = ['\u0430lice@example.org', 'b\u03bfb@example.org', 'carol@xn--exmple-cua.org'];

  it('KM-04: an imported key whose user ID mixes scripts is flagged in what every page shows; a Latin one is not', async () => {
    for (const email of [...lookalikes, 'plain-latin@example.org']) {
      const k = await openpgp.generateKey({ userIDs: [{ name: 'Look Alike', email }], format: 'object' });
      const report = await importPublic(k.publicKey.armor());
      expect(report.imported, email).toHaveLength(1);
      const view = await w.h.page('getKey', { fingerprint: report.imported[0]! });
      expect(view.key.userIds[0]?.lookalike, email).toBe(email !== 'plain-latin@example.org');
      // A punycode domain also says how it reads once decoded (as browsers and mail clients show it).
      expect(view.key.userIds[0]?.lookalikeReadsAs, email).toBe(email === 'carol@xn--exmple-cua.org' ? 'carol@ex\u00e4mple.org' : undefined);
    }
  });

  it('KM-04: a good signature by "\u0430lice" on a mail from alice is flagged as look-alike AND as not the sender', async () => {
    const k = await openpgp.generateKey({ userIDs: [{ name: 'Alice', email: lookalikes[0]! }], format: 'object' });
    const info = await describeKey(k.publicKey);
    const record = { fingerprint: info.fingerprint, armored: k.publicKey.armor(), info, addedAt: '', updatedAt: '' };
    const result: SignatureResult = { status: 'good', fingerprint: info.fingerprint, keyId: info.keyId, created: new Date().toISOString() };
    const [view] = signerViews([result], [record], 'Alice <alice@example.org>');
    expect(view?.signerLookalike).toBe(true);
    // Never folded to a skeleton: the Cyrillic address is not alice@example.org (SG-04 still fires).
    expect(view?.senderMismatch).toBe(true);
    // A record stored before `lookalike` existed is flagged as well (re-checked from the text).
    const legacy = { ...record, info: { ...info, userIds: info.userIds.map(({ lookalike: _drop, ...u }) => u) } };
    expect(signerViews([result], [legacy], null)[0]?.signerLookalike).toBe(true);
  });
});

describe('KM-05: keys are identified by full fingerprint', () => {
  it('KM-05: every operation takes a 40-hex fingerprint; key IDs and short forms are refused by the schema', async () => {
    const longId = w.k.bobFingerprint.slice(-16);
    for (const fingerprint of [longId, w.k.bobFingerprint.slice(-8), `0x${longId}`, `${w.k.bobFingerprint.slice(0, 39)}`]) {
      expect(await w.h.codeOf(w.h.page('getKey', { fingerprint }))).toMatch(/BAD_REQUEST|KEY_NOT_FOUND/);
      expect(await w.h.codeOf(w.h.page('exportKey', { fingerprint, kind: 'public', passphrase: null }))).toMatch(/BAD_REQUEST|KEY_NOT_FOUND/);
      expect(await w.h.codeOf(w.h.page('deleteKey' as 'getKey', { fingerprint, confirmation: 'DELETE' } as never))).toMatch(/BAD_REQUEST|KEY_NOT_FOUND/);
    }
  });
});

describe('KM-06: key overwriting', () => {
  it('KM-06: a secret key whose public parameters were overwritten fails after unlock', async () => {
    const g = await openpgp.generateKey({ userIDs: [{ email: 'kow@example.org' }], passphrase: 'km06 passphrase long enough', format: 'object' });
    const bytes = g.privateKey.write();
    const packets = splitPackets(bytes);
    // Overwrite a byte of the public point (version, time, algorithm, curve OID, MPI header:
    // byte 26 of the body is inside the point) of the primary (tag 5) and the subkey (tag 7).
    for (const which of [5, 7]) {
      const p = packets.find((x) => x.tag === which)!;
      const tampered = bytes.slice();
      tampered[p.bytes.byteOffset - bytes.byteOffset + p.bodyStart + 26]! ^= 0x01;
      const armored = openpgp.armor(enums.armor.privateKey, tampered);
      const code = await unlockPrivateKey(armored, 'km06 passphrase long enough').then(() => 'ok', (e: { code?: string }) => e.code ?? 'thrown');
      expect(code).not.toBe('ok');
    }
  });
});

describe('KM-07: weak keys and weak protection', () => {
  it('KM-07: RSA-1024 (gpg) and DSA/ElGamal (gpg) are refused for use', async () => {
    const gpg = GnuPG.create();
    try {
      const refusedOf = async (algo: string) => {
        const made = await gpg.gpgOk(['--quick-gen-key', `W ${algo} <w-${algo}@example.org>`, algo, 'default', 'never'], { passphrase: 'km07 passphrase long enough' });
        const fp = made.status.find((s) => s[0] === 'KEY_CREATED')?.[2] ?? '';
        return (await readKeyMaterial(await gpg.exportPublic(fp))).refused;
      };
      expect(await refusedOf('rsa1024')).toEqual([expect.objectContaining({ code: 'WEAK_KEY' })]);
      expect(await refusedOf('dsa2048')).toEqual([expect.objectContaining({ code: 'WEAK_KEY' })]);
    } finally {
      await gpg.close();
    }
  });

  it('KM-07: a v3 key packet is refused', async () => {
    const v3 = packet(6, concat(Uint8Array.of(3, 0, 0, 0, 0, 0, 0, 1), Uint8Array.of(0x04, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), Uint8Array.of(0, 17, 1, 0, 1)));
    const uid = packet(13, new TextEncoder().encode('old <v3@example.org>'));
    const code = await readKeyMaterial(openpgp.armor(enums.armor.publicKey, concat(v3, uid))).then(
      (r) => (r.keys.length === 0 ? r.refused[0]?.code : 'accepted'),
      (e: { code?: string }) => e.code,
    );
    expect(code).toMatch(/WEAK_KEY|MALFORMED_ARMOR/);
  });

  it('KM-07: a gpg key with simple/iterated S2K is re-protected with Argon2id + AEAD on import', async () => {
    const gpg = GnuPG.create();
    const PASS = 'km07 s2k passphrase long enough';
    try {
      const fp = await gpg.generate('S2K <s2k@example.org>', 'ecc', PASS);
      const secret = (await gpg.gpgOk(['--armor', '--s2k-count', '1024', '--s2k-digest-algo', 'SHA1', '--export-secret-keys', fp], { passphrase: PASS })).stdout;
      const { keys } = await readKeyMaterial(secret);
      expect(keys[0]).toMatchObject({ secret: 'protected', needsReprotect: true });
      const report = await w.h.page('commitImport', { text: secret, encoding: 'armored', passphrases: { [fp]: PASS }, newPassphrases: {} });
      expect(report.imported).toEqual([fp]);
      const stored = await w.h.page('exportKey', { fingerprint: fp, kind: 'private', passphrase: null });
      const again = await readKeyMaterial(stored.armored);
      expect(again.keys[0]).toMatchObject({ secret: 'protected', needsReprotect: false });
    } finally {
      await gpg.close();
    }
  });
});

describe('KM-08: wrong passphrase and corrupted secret material', () => {
  it('KM-08: wrong passphrase, flipped AEAD tag / checksum: a clear failure, never a half-unlocked key', async () => {
    const { armored } = await w.h.page('exportKey', { fingerprint: w.k.alice.fingerprint, kind: 'private', passphrase: null });
    expect(await unlockPrivateKey(armored, 'not the passphrase at all').then(() => 'ok', (e: { code?: string }) => e.code)).toBe('WRONG_PASSPHRASE');
    const bytes = (await openpgp.unarmor(armored)).data as Uint8Array;
    const secretPackets = splitPackets(bytes).filter((p) => p.tag === 5 || p.tag === 7);
    for (const p of secretPackets) {
      for (const back of [1, 8, 20]) {
        const end = p.bytes.byteOffset - bytes.byteOffset + p.bytes.length;
        const t = bytes.slice();
        t[end - back]! ^= 0x01;
        const code = await unlockPrivateKey(openpgp.armor(enums.armor.privateKey, t), 'orbit-lantern-velvet-42-quartz').then(() => 'ok', (e: { code?: string }) => e.code ?? 'thrown');
        expect(code).toMatch(/WRONG_PASSPHRASE|KEY_INVALID|MALFORMED_ARMOR/);
      }
    }
  });
});
