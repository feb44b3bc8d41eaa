import * as openpgp from 'openpgp';
import { describe, expect, it } from 'vitest';
import { describeKey, sanitizeUserIdText } from '../../../../src/core/keys/describe';
import { pgpConfig } from '../../../../src/core/openpgp-config';
import { testKey } from '../helpers';

describe('sanitizeUserIdText (KM-04)', () => {
  it('leaves ordinary text alone', () => {
    expect(sanitizeUserIdText('Zoë Ĳsselmeer <zoe@example.org>')).toEqual({ text: 'Zoë Ĳsselmeer <zoe@example.org>', sanitized: false });
  });
  it('strips CR/LF and control characters', () => {
    const r = sanitizeUserIdText('Mallory\r\nSigned-by: Alice\u0000\u0007');
    expect(r.sanitized).toBe(true);
    expect(r.text).not.toMatch(/[\r\n\u0000\u0007]/);
  });
  it('removes every bidi override, isolate and mark', () => {
    const hostile = 'a\u202Eb\u202Ac\u202Bd\u202Ce\u202Df\u2066g\u2067h\u2068i\u2069j\u200Ek\u200Fl\u061Cm';
    const r = sanitizeUserIdText(hostile);
    expect(r.text).toBe('abcdefghijklm');
    expect(r.sanitized).toBe(true);
  });
  it('caps at 256 characters', () => {
    const r = sanitizeUserIdText('x'.repeat(6000));
    expect(Array.from(r.text).length).toBe(256);
    expect(r.sanitized).toBe(true);
  });
});

describe('describeKey', () => {
  it('describes a generated ecc key', async () => {
    const g = await testKey();
    const key = await openpgp.readKey({ armoredKey: g.armoredPublic, config: pgpConfig });
    const info = await describeKey(key);
    expect(info.fingerprint).toMatch(/^[0-9A-F]{40}$/);
    expect(info.version).toBe(4);
    expect(info.algorithm).toBe('ed25519');
    expect(info.status).toBe('valid');
    expect(info.hasSecret).toBe(false);
    expect(info.emails).toEqual(['alice@example.org']);
    expect(info.subkeys).toHaveLength(1);
    expect(info.subkeys[0]?.algorithm).toBe('cv25519');
    expect(info.subkeys[0]?.usage).toEqual(['encrypt']);
    expect(info).toEqual(g.info.hasSecret ? { ...g.info, hasSecret: false } : g.info);
  });

  it('reports expired and expiring-soon by date', async () => {
    const g = await testKey('bob@example.org', 'ecc', 10);
    const key = await openpgp.readKey({ armoredKey: g.armoredPublic, config: pgpConfig });
    expect((await describeKey(key)).status).toBe('expiring-soon');
    const later = new Date(Date.now() + 11 * 86_400_000);
    const info = await describeKey(key, later);
    expect(info.status).toBe('expired');
    expect(info.expires).not.toBeNull();
  });

  it('lists a 6 KB user ID with HTML and bidi sanitised and flagged, email lower-cased', async () => {
    const hostileName = `<img src=x onerror=alert(1)>\u202Egnp.exe\u2066${'W'.repeat(6 * 1024)}`;
    const { privateKey } = await openpgp.generateKey({
      type: 'ecc',
      userIDs: [{ name: hostileName, email: 'Evil@Example.ORG' }],
      format: 'object',
      config: pgpConfig,
    });
    const reread = await openpgp.readKey({ armoredKey: privateKey.toPublic().armor(pgpConfig), config: pgpConfig });
    const info = await describeKey(reread);
    expect(info.userIds).toHaveLength(1);
    const uid = info.userIds[0]!;
    expect(uid.sanitized).toBe(true);
    expect(Array.from(uid.userId).length).toBeLessThanOrEqual(256);
    expect(uid.userId).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(uid.userId.startsWith('<img src=x onerror=alert(1)>gnp.exe')).toBe(true);
    expect(info.emails).toEqual(['evil@example.org']);
  });

  it('does not list a user ID without a valid self-certification (KM-03)', async () => {
    const g = await testKey();
    const key = await openpgp.readKey({ armoredKey: g.armoredPublic, config: pgpConfig });
    const packets = key.toPacketList();
    const forged = openpgp.UserIDPacket.fromObject({ name: 'Alice', email: 'ceo@bank.example' });
    // Re-use the genuine self-signature under a different user ID: it must not verify.
    const sig = packets.find((p) => p instanceof openpgp.SignaturePacket && p.signatureType === openpgp.enums.signature.certPositive);
    const out = new openpgp.PacketList<openpgp.AnyPacket>();
    for (const p of packets) out.push(p);
    out.push(forged, sig!);
    const tampered = await openpgp.readKey({ binaryKey: out.write(), config: pgpConfig });
    expect(tampered.getUserIDs()).toContain('Alice <ceo@bank.example>');
    const info = await describeKey(tampered);
    expect(info.userIds.map((u) => u.email)).toEqual(['alice@example.org']);
    expect(info.emails).not.toContain('ceo@bank.example');
  });
});
