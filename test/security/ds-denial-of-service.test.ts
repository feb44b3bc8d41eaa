/**
 * DS: hostile sizes and shapes. Each case must fail closed with one clear error, within a
 * time bound, and the background must still answer afterwards.
 */
import { openDB } from 'idb';
import * as openpgp from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { findArmoredBlocks, MAX_BLOCKS } from '../../src/core/armor';
import { readKeyMaterial } from '../../src/core/keys/read';
import { unlockPrivateKey } from '../../src/core/keys/protect';
import { decryptMessage } from '../../src/core/messages/decrypt';
import { parseMime } from '../../src/core/mime';
import { pgpConfig } from '../../src/core/openpgp-config';
import { mailHarness, PASS } from '../unit/mail-background/harness';
import { readAs, readError, world, type World } from './fixtures/background';
import { armorMessage, handMessage, pkesk } from './fixtures/messages';
import { CIPHERS, compressed, concat, literal, newLength, packet, seipdV1Body, sessionKey, splitPackets, TAG } from './fixtures/packets';

const { enums } = openpgp;
let w: World;
beforeAll(async () => {
  w = await world();
}, 180_000);

/** Runs `fn`, returns its error code (or 'ok') and how long it took. */
async function timed(fn: () => Promise<unknown>): Promise<{ code: string; ms: number }> {
  const t = Date.now();
  const code = await fn().then(
    () => 'ok',
    (e: { code?: string }) => e.code ?? `not a CachetError: ${String(e)}`,
  );
  return { code, ms: Date.now() - t };
}

async function stillAlive(): Promise<void> {
  expect((await w.h.page('getStatus', {})).keyCount).toBeGreaterThan(0);
}

const sealInner = async (inner: Uint8Array) => armorMessage(await handMessage(w.k.alicePublic, { cipher: 'aes256', integrity: 'seipd-good', inner }));

describe('DS-01: decompression bombs', () => {
  it('DS-01: 100 MiB of zeros in ZIP, ZLIB and two nested layers abort at the cap', async () => {
    const zeros = new Uint8Array(100 * 1024 * 1024);
    const bombs = [compressed(literal(zeros, 'b'), 1), compressed(literal(zeros, 'b'), 2), compressed(compressed(literal(zeros, 'b'), 1), 2)];
    for (const bomb of bombs) {
      expect(bomb.length).toBeLessThan(1024 * 1024);
      const r = await timed(async () => readAs(w, 'message', await sealInner(bomb)));
      expect(r.code).toBe('DECRYPT_FAILED');
      expect(r.ms).toBeLessThan(60_000);
    }
    await stillAlive();
  }, 240_000);

  it('DS-01: compression nested 1,000 deep fails closed, no stack overflow', async () => {
    let x = literal('deep');
    for (let i = 0; i < 1000; i++) x = compressed(x, i % 2 === 0 ? 0 : 1);
    const r = await timed(async () => readAs(w, 'message', await sealInner(x)));
    expect(r.code).toBe('DECRYPT_FAILED');
    await stillAlive();
  });
});

describe('DS-02: S2K parameters asking for huge memory or time', () => {
  it('DS-02: a password message whose Argon2 S2K wants 2^22..2^31 KiB is refused at once', async () => {
    const key = sessionKey('aes256');
    for (const m of [22, 26, 31]) {
      // SKESK v4 (RFC 9580 §5.3.1) with an Argon2 S2K (§3.7.1.4): t=1, p=1, m as given.
      const skesk = packet(TAG.skesk, concat(Uint8Array.of(4, CIPHERS.aes256.id, 4), crypto.getRandomValues(new Uint8Array(16)), Uint8Array.of(1, 1, m)));
      const body = packet(TAG.seipd, seipdV1Body('aes256', key, literal('x')));
      const r = await timed(() => decryptMessage({ binary: concat(skesk, body), decryptionKeys: [], verificationKeys: [], passwords: ['password'] }));
      expect(r.code).toBe('DECRYPT_FAILED');
      expect(r.ms).toBeLessThan(5_000);
    }
  });

  it('DS-02: a secret key whose Argon2 memory exponent was raised is refused before any work', async () => {
    const { armored } = await w.h.page('exportKey', { fingerprint: w.k.alice.fingerprint, kind: 'private', passphrase: null });
    const bytes = (await openpgp.unarmor(armored)).data as Uint8Array;
    for (const m of [22, 30, 31]) {
      const t = bytes.slice();
      let changed = 0;
      for (const p of splitPackets(bytes).filter((x) => x.tag === 5 || x.tag === 7)) {
        const start = p.bytes.byteOffset - bytes.byteOffset;
        // S2K usage 253, AES-256, OCB, Argon2: salt(16), t, p, m follow (RFC 9580 §5.5.3, §3.7.1.4).
        for (let i = start; i < start + p.bytes.length - 4; i++) {
          if (t[i] === 253 && t[i + 1] === 9 && t[i + 2] === 2 && t[i + 3] === 4) {
            t[i + 4 + 16 + 2] = m;
            changed++;
            break;
          }
        }
      }
      expect(changed).toBeGreaterThan(0);
      const r = await timed(() => unlockPrivateKey(openpgp.armor(enums.armor.privateKey, t), PASS));
      expect(r.code).not.toBe('ok');
      expect(r.ms).toBeLessThan(5_000);
    }
  });
});

describe('DS-03: huge inputs and counts', () => {
  it('DS-03: a 50 MB armored block is refused at the boundary', async () => {
    const big = `-----BEGIN PGP MESSAGE-----\n\n${'A'.repeat(50 * 1024 * 1024)}\n-----END PGP MESSAGE-----\n`;
    const r = await timed(() => readAs(w, 'message', big));
    expect(r.code).toMatch(/BAD_REQUEST|TOO_LARGE/);
    expect(r.ms).toBeLessThan(10_000);
  });

  it(`DS-03: 2,000 armored blocks in one mail: at most ${MAX_BLOCKS} found, quickly`, () => {
    const block = '-----BEGIN PGP MESSAGE-----\n\nwcBMA5Zz\n=AAAA\n-----END PGP MESSAGE-----\n';
    const t = Date.now();
    const found = findArmoredBlocks(block.repeat(2000));
    expect(found.length).toBeLessThanOrEqual(MAX_BLOCKS);
    expect(Date.now() - t).toBeLessThan(5_000);
  });

  it('DS-03: thousands of session-key packets, and thousands of signatures, stay bounded', async () => {
    const key = sessionKey('aes256');
    const one = await pkesk(w.k.bobPublic, 'aes256', key);
    const mine = await pkesk(w.k.alicePublic, 'aes256', key);
    const many = concat(...Array.from({ length: 3000 }, () => one), mine, packet(TAG.seipd, seipdV1Body('aes256', key, literal('found me'))));
    const r = await timed(() => readAs(w, 'message', armorMessage(many)));
    expect(r.code).toBe('TOO_LARGE');
    expect(r.ms).toBeLessThan(10_000);

    const sig = (await openpgp.unarmor(await openpgp.sign({ message: await openpgp.createMessage({ text: 'x' }), signingKeys: w.k.bobPrivate, detached: true }))).data as Uint8Array;
    const manySigs = openpgp.armor(enums.armor.signature, concat(...Array.from({ length: 3000 }, () => sig)));
    const raw = `From: bob@example.org\r\nMIME-Version: 1.0\r\nContent-Type: multipart/signed; protocol="application/pgp-signature"; micalg=pgp-sha512; boundary="s"\r\n\r\n--s\r\nContent-Type: text/plain\r\n\r\nx\r\n--s\r\nContent-Type: application/pgp-signature\r\n\r\n${manySigs}\r\n--s--\r\n`;
    const s = await timed(() => readAs(w, 'pgp-mime-signed', raw, 'bob@example.org'));
    expect(s.code).toBe('TOO_LARGE');
    expect(s.ms).toBeLessThan(10_000);
    const clear = await openpgp.sign({ message: await openpgp.createCleartextMessage({ text: 'x' }), signingKeys: w.k.bobPrivate });
    const sigBlock = /-----BEGIN PGP SIGNATURE-----[\s\S]*/.exec(clear)![0];
    const clearMany = clear.replace(sigBlock, manySigs);
    expect((await timed(() => readAs(w, 'cleartext-signed', clearMany, 'bob@example.org'))).code).toBe('TOO_LARGE');
    await stillAlive();
  });
});

describe('DS-04: oversize keys', () => {
  it('DS-04: a key with > 1,000 user IDs or > 10,000 certifications is refused; a 10 MB paste too', async () => {
    const { publicKey } = await openpgp.generateKey({ userIDs: [{ email: 'big@example.org' }], format: 'object' });
    const packets = splitPackets(publicKey.write());
    const primary = packets[0]!.bytes;
    const uid = packets.find((p) => p.tag === 13)!.bytes;
    const cert = packets.find((p) => p.tag === 2)!.bytes;
    const rest = packets.slice(1).map((p) => p.bytes);
    const manyUids = concat(primary, ...Array.from({ length: 1500 }, (_, i) => packet(13, new TextEncoder().encode(`u${i} <u${i}@example.org>`))), ...rest);
    const manyCerts = concat(primary, uid, ...Array.from({ length: 10_500 }, () => cert), ...rest.slice(2));
    for (const bytes of [manyUids, manyCerts]) {
      const r = await timed(() => readKeyMaterial(openpgp.armor(enums.armor.publicKey, bytes)));
      expect(r.code).toBe('TOO_LARGE');
      expect(r.ms).toBeLessThan(30_000);
    }
    expect((await timed(() => readKeyMaterial('x'.repeat(10 * 1024 * 1024)))).code).toBe('TOO_LARGE');
  });

  it('DS-04: an RSA-16384 public key packet (random modulus, forged self-signature) fails fast', async () => {
    const n = crypto.getRandomValues(new Uint8Array(2048));
    n[0]! |= 0x80;
    const keyBody = concat(Uint8Array.of(4, 0x60, 0, 0, 0, 1), Uint8Array.of(0x40, 0x00), n, Uint8Array.of(0x00, 0x11, 0x01, 0x00, 0x01));
    const fake = concat(packet(6, keyBody), packet(13, new TextEncoder().encode('huge <huge@example.org>')));
    const t = Date.now();
    const r = await readKeyMaterial(openpgp.armor(enums.armor.publicKey, fake)).catch((e: { code: string }) => e.code);
    if (typeof r !== 'string') {
      expect(r.keys).toEqual([]);
      expect(r.refused.length).toBe(1);
    }
    expect(Date.now() - t).toBeLessThan(10_000);
  });
});

describe('DS-05: malformed input fails closed, fast, with one clear error', () => {
  it('DS-05: broken armor, CRC, base64 and packet lengths', async () => {
    const good = armorMessage(await handMessage(w.k.alicePublic, { cipher: 'aes256', integrity: 'seipd-good', text: 'fine' }));
    const lines = good.split('\n');
    const body = lines.findIndex((l) => l === '') + 1;
    const bin = (await openpgp.unarmor(good)).data as Uint8Array;
    const hugeLen = concat(Uint8Array.of(0xc0 | TAG.seipd, 0xff, 0xff, 0xff, 0xff, 0xf0), bin.subarray(0, 40));
    const badPartial = concat(Uint8Array.of(0xc0 | TAG.seipd, 0xfe), bin.subarray(0, 100)); // 2^30 octets promised
    const zeroPartial = concat(Uint8Array.of(0xc0 | TAG.literal, 0xe0), new Uint8Array(1)); // 1-octet partial chunks
    const variants: Record<string, string> = {
      'not base64': lines.map((l, i) => (i === body ? l.replace(/./g, '*') : l)).join('\n'),
      'no footer': lines.filter((l) => !l.startsWith('-----END')).join('\n'),
      'multi-part armor': good.replace(/BEGIN PGP MESSAGE-----/, 'BEGIN PGP MESSAGE, PART 1/2-----'),
      '4 GiB length': armorMessage(hugeLen),
      '2^30 partial chunk over 100 octets': armorMessage(badPartial),
      'partial chunks of one octet, then nothing': armorMessage(zeroPartial),
      'length octet without a header': armorMessage(concat(newLength(5), new Uint8Array(5))),
      'no packets at all': armorMessage(new Uint8Array(0)),
    };
    for (const [name, v] of Object.entries(variants)) {
      const r = await timed(() => readAs(w, 'message', v));
      expect(r.code, name).toMatch(/^(MALFORMED_ARMOR|DECRYPT_FAILED|BAD_REQUEST)$/);
      expect(r.ms).toBeLessThan(10_000);
    }
    // A wrong CRC-24 alone is ignored, as RFC 9580 §6.1 says: the SEIPD integrity check decides.
    const crc = lines.map((l) => (l.startsWith('=') && l.length === 5 ? '=AAAA' : l)).join('\n');
    expect((await readAs(w, 'message', crc)).text).toBe('fine');
    await stillAlive();
  });

  it('DS-05: MIME nested 1,000 deep fails with TOO_LARGE, fast', () => {
    let mime = 'Content-Type: text/plain\r\n\r\nleaf';
    for (let i = 0; i < 1000; i++) mime = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${mime}\r\n--b${i}--\r\n`;
    const t = Date.now();
    expect(() => parseMime(new TextEncoder().encode(mime))).toThrow(expect.objectContaining({ code: 'TOO_LARGE' }));
    expect(Date.now() - t).toBeLessThan(5_000);
  });

  it('DS-05: the same nesting inside an encrypted message gives one clear error', async () => {
    let mime = 'Content-Type: text/plain\r\n\r\nleaf';
    for (let i = 0; i < 1000; i++) mime = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${mime}\r\n--b${i}--\r\n`;
    const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text: mime }), encryptionKeys: w.k.alicePublic, config: pgpConfig });
    expect((await readError(w, 'message', armored)).code).toBe('TOO_LARGE');
  });
});

describe('DS-06: a stored record that throws on every parse', () => {
  it('DS-06: garbage, a pinned-fingerprint mismatch and a wrong shape are quarantined; restarts do not loop; the user deletes them', async () => {
    const h = mailHarness();
    const made = await h.page('generateKey', { name: 'Q', emails: ['q@example.org'], passphrase: PASS, profile: 'ecc', expiresInDays: null });
    const other = await openpgp.generateKey({ userIDs: [{ email: 'o@example.org' }], format: 'object' });
    const db = await openDB(h.dbName);
    const rec = (await db.get('keys', made.key.fingerprint)) as Record<string, unknown>;
    await db.put('keys', { ...rec, fingerprint: 'A'.repeat(40), armored: '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n!!!!\n-----END PGP PUBLIC KEY BLOCK-----' });
    await db.put('keys', { ...rec, fingerprint: 'B'.repeat(40), armored: other.publicKey.armor() });
    await db.put('keys', { ...rec, fingerprint: 'C'.repeat(40), armored: 42, info: null });
    db.close();
    for (let restart = 0; restart < 3; restart++) {
      const again = mailHarness({ shared: { browser: h.browser, dbName: h.dbName } });
      const listed = await again.page('listKeys', {});
      expect(listed.keys.map((k) => k.fingerprint)).toEqual([made.key.fingerprint]);
      expect(listed.quarantined.length).toBe(3);
    }
    const last = mailHarness({ shared: { browser: h.browser, dbName: h.dbName } });
    for (const q of (await last.page('listKeys', {})).quarantined) await last.page('deleteQuarantined', { id: q.id });
    expect((await last.page('listKeys', {})).quarantined).toEqual([]);
  });
});
