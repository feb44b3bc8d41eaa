/**
 * SG: what the read frame is told about signatures, through the whole background read path.
 * The badge itself is drawn only by our frame (SG-06, test/e2e/security/).
 */
import * as openpgp from 'openpgp';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseAddress } from '../../src/background/mail/addresses';
import { buildMixed, buildSigned, canonicalCrlf } from '../../src/core/mime';
import { pgpConfig } from '../../src/core/openpgp-config';
import { runOk } from '../interop/tools/run';
import { Sq } from '../interop/tools/sequoia';
import { readAs, readError, world, type World } from './fixtures/background';
import { armorMessage, dearmor, handMessage, openSeipdV1 } from './fixtures/messages';
import { concat, literal, packet, TAG } from './fixtures/packets';
import { GnuPG } from '../interop/tools/gnupg';

const { enums } = openpgp;
let w: World;
beforeAll(async () => {
  w = await world();
}, 180_000);
afterEach(() => {
  vi.restoreAllMocks();
});

const enc = new TextEncoder();

async function detached(text: string | Uint8Array, key: openpgp.PrivateKey, date?: Date): Promise<string> {
  const message = await openpgp.createMessage({ binary: typeof text === 'string' ? enc.encode(text) : text });
  return openpgp.sign({ message, signingKeys: key, detached: true, ...(date ? { date } : {}), config: { ...pgpConfig, rejectMessageHashAlgorithms: new Set() } });
}

/** A detached binary signature made packet by packet: any date, any hash, no key checks. */
async function rawDetached(key: openpgp.PrivateKey, data: Uint8Array, o: { date?: Date; hash?: number }): Promise<string> {
  const lit = new openpgp.LiteralDataPacket();
  (lit as unknown as { setBytes(d: Uint8Array, f: string): void }).setBytes(data, 'binary');
  const sig = new openpgp.SignaturePacket();
  const s = sig as unknown as Record<string, unknown> & { sign(k: unknown, d: unknown, t: Date, det: boolean, c: openpgp.Config): Promise<void> };
  s.signatureType = enums.signature.binary;
  s.publicKeyAlgorithm = key.keyPacket.algorithm;
  s.hashAlgorithm = o.hash ?? enums.hash.sha512;
  await s.sign(key.keyPacket, lit, o.date ?? new Date(), true, { ...pgpConfig, rejectHashAlgorithms: new Set(), rejectMessageHashAlgorithms: new Set(), nonDeterministicSignaturesViaNotation: false });
  const list = new openpgp.PacketList<openpgp.SignaturePacket>();
  list.push(sig);
  return new openpgp.Signature(list).armor(pgpConfig);
}

/** A PGP/MIME signed entity (RFC 3156) of `entity`, signed by `key`. */
async function signedEntity(entity: string, key: openpgp.PrivateKey): Promise<string> {
  const bytes = canonicalCrlf(enc.encode(entity));
  return buildSigned(bytes, await detached(bytes, key), 'pgp-sha512');
}

/** Exactly these packets (e.g. a signed message made elsewhere), encrypted to Alice by hand. */
async function sealPackets(inner: Uint8Array): Promise<string> {
  return armorMessage(await handMessage(w.k.alicePublic, { cipher: 'aes256', integrity: 'seipd-good', inner }));
}

/** Encrypts `inner` (a MIME entity or text) to Alice, unsigned. */
async function sealed(inner: string | Uint8Array, signingKeys?: openpgp.PrivateKey): Promise<string> {
  const message = typeof inner === 'string' ? await openpgp.createMessage({ text: inner }) : await openpgp.createMessage({ binary: inner });
  return openpgp.encrypt({ message, encryptionKeys: w.k.alicePublic, ...(signingKeys ? { signingKeys } : {}) });
}

describe('SG-01 / SG-02 / SG-03: the status covers exactly what is shown', () => {
  it('SG-01: unsigned text before (or after) a signed part is never "all signed"', async () => {
    const signed = await signedEntity('Content-Type: text/plain\r\n\r\nsigned words', w.k.bobPrivate);
    const mixes = [
      `Content-Type: multipart/mixed; boundary="x"\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nUNSIGNED PREFIX\r\n--x\r\n${signed}\r\n--x--\r\n`,
      `Content-Type: multipart/mixed; boundary="x"\r\n\r\n--x\r\n${signed}\r\n--x\r\nContent-Type: text/plain\r\n\r\nUNSIGNED SUFFIX\r\n--x--\r\n`,
      `Content-Type: multipart/mixed; boundary="x"\r\n\r\n--x\r\nContent-Type: text/html\r\n\r\n<p>UNSIGNED HTML</p>\r\n--x\r\n${signed}\r\n--x--\r\n`,
    ];
    for (const inner of mixes) {
      const r = await readAs(w, 'message', await sealed(inner), 'bob@example.org');
      expect(r.signatures.map((s) => s.status)).toEqual(['good']);
      expect(r.signedScope).toBe('none');
    }
  });

  it('SG-01: text around a cleartext-signed block is not part of what is shown as signed', async () => {
    const block = await openpgp.sign({ message: await openpgp.createCleartextMessage({ text: 'the signed line' }), signingKeys: w.k.bobPrivate });
    const r = await readAs(w, 'cleartext-signed', block, 'bob@example.org');
    expect(r).toMatchObject({ text: 'the signed line', signedScope: 'all' });
    // Text around the block, handed over with it, is cut away: only the signed text is shown.
    for (const around of [`UNSIGNED PREFIX\n${block}`, `${block}\nUNSIGNED SUFFIX`, `> UNSIGNED QUOTE\n\n${block}\n\nUNSIGNED`]) {
      const r2 = await readAs(w, 'cleartext-signed', around, 'bob@example.org');
      expect(r2).toMatchObject({ text: 'the signed line', signedScope: 'all' });
      expect(JSON.stringify(r2)).not.toContain('UNSIGNED');
    }
  });

  it('SG-02: the shown text is the signed text itself, HTML included', async () => {
    const html = '<div style="display:none">hidden</div><p>visible</p>';
    const signed = await signedEntity(`Content-Type: text/html; charset=utf-8\r\n\r\n${html}`, w.k.bobPrivate);
    const raw = `From: bob@example.org\r\nMIME-Version: 1.0\r\n${signed}`;
    const r = await readAs(w, 'pgp-mime-signed', raw, 'bob@example.org');
    expect(r.html).toBe(html);
    expect(r.signedScope).toBe('all');
  });

  it('SG-03: a signed part only reachable as an attachment or through cid: gives no status for the body', async () => {
    const signed = await signedEntity('Content-Type: text/plain\r\nContent-ID: <s@x>\r\n\r\nsigned elsewhere', w.k.bobPrivate);
    const attached = buildMixed('BODY TEXT', [{ filename: 'signed.eml', data: enc.encode(signed), contentType: 'message/rfc822' }]);
    const related = `Content-Type: multipart/related; boundary="r"\r\n\r\n--r\r\nContent-Type: text/html\r\n\r\n<iframe src="cid:s@x"></iframe>BODY\r\n--r\r\nContent-Type: application/octet-stream\r\nContent-ID: <s@x>\r\n\r\n${signed}\r\n--r--\r\n`;
    const sigAttachment = buildMixed('BODY TEXT', [{ filename: 'signature.asc', data: enc.encode(await detached('BODY TEXT', w.k.bobPrivate)), contentType: 'application/pgp-signature' }]);
    for (const inner of [attached, related, sigAttachment]) {
      const r = await readAs(w, 'message', await sealed(inner), 'bob@example.org');
      expect(r.signatures).toEqual([]);
      expect(r.signedScope).toBe('none');
    }
  });
});

describe('SG-04 / SG-05: signer and sender', () => {
  it('SG-04: a good signature by a key whose address is not From is flagged, with address and fingerprint', async () => {
    const armored = await sealed('pay to account X', w.k.bobPrivate);
    const froms = ['alice@example.org', 'Bob <bob@example.org.evil.example>', 'bob@examp1e.org', 'bob@еxample.org', '"bob@example.org" <mallory@evil.example>', 'bob+x@example.org'];
    for (const from of froms) {
      const r = await readAs(w, 'message', armored, from);
      expect(r.signatures[0]).toMatchObject({ status: 'good', senderMismatch: true, fingerprint: w.k.bobFingerprint, signerEmails: ['bob@example.org'] });
    }
    const ok = await readAs(w, 'message', armored, 'Bob Smith <BOB@example.org>');
    expect(ok.signatures[0]).toMatchObject({ status: 'good', senderMismatch: false });
  });

  it('SG-05: addresses are compared parsed; display names, two addresses and junk never match', () => {
    expect(parseAddress('"bob@example.org" <mallory@evil.example>')).toBe('mallory@evil.example');
    expect(parseAddress('bob@example.org <mallory@evil.example>')).not.toBe('bob@example.org');
    for (const bad of ['bob@example.org, mallory@evil.example', 'Bob', '', '<>', 'a@b', 'x@y.z <a@b.c> <d@e.f>x', `${'a'.repeat(250)}@example.org`]) {
      expect(parseAddress(bad)).toBeNull();
    }
  });

  it('SG-05: a mail with two From headers (or two addresses in From) is never a matching sender', async () => {
    const armored = await sealed('hello', w.k.bobPrivate);
    for (const from of ['bob@example.org, mallory@evil.example', 'Mallory <mallory@evil.example>, Bob <bob@example.org>']) {
      expect((await readAs(w, 'message', armored, from)).signatures[0]).toMatchObject({ senderMismatch: true });
    }
  });
});

describe('SG-07: unknown keys', () => {
  it('SG-07: a signer whose key is attached to the same mail stays unknown; nothing is imported or looked up', async () => {
    const carol = await openpgp.generateKey({ userIDs: [{ email: 'carol@example.org' }], format: 'object' });
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const before = (await w.h.page('listKeys', {})).keys.length;
    const inner = buildMixed('from carol', [{ filename: 'carol.asc', data: enc.encode(carol.publicKey.armor()), contentType: 'application/pgp-keys' }]);
    const r = await readAs(w, 'message', await sealed(inner, carol.privateKey), 'carol@example.org');
    expect(r.signatures).toEqual([expect.objectContaining({ status: 'unknown-key', fingerprint: null, keyId: carol.privateKey.getKeyID().toHex().toUpperCase() })]);
    const clear = await openpgp.sign({ message: await openpgp.createCleartextMessage({ text: 'x' }), signingKeys: carol.privateKey });
    expect((await readAs(w, 'cleartext-signed', `${clear}\n${carol.publicKey.armor()}`, 'carol@example.org')).signatures[0]?.status).toBe('unknown-key');
    expect((await w.h.page('listKeys', {})).keys.length).toBe(before);
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});

describe('SG-08: several signatures, malformed signatures', () => {
  it('SG-08: one good and one bad signature are each reported; none is dropped', async () => {
    const data = canonicalCrlf(enc.encode('Content-Type: text/plain\r\n\r\nshared body'));
    const good = await openpgp.readSignature({ armoredSignature: await detached(data, w.k.bobPrivate) });
    const bad = await openpgp.readSignature({ armoredSignature: await detached(enc.encode('other body'), w.k.bobPrivate) });
    for (const order of [[good, bad], [bad, good]]) {
      const both = new openpgp.PacketList<openpgp.AnyPacket>();
      both.push(...order.flatMap((s) => [...s.packets]));
      const sig = openpgp.armor(enums.armor.signature, both.write());
      const raw = `From: bob@example.org\r\nMIME-Version: 1.0\r\n${buildSigned(data, sig, 'pgp-sha512')}`;
      const r = await readAs(w, 'pgp-mime-signed', raw, 'bob@example.org');
      expect(r.signatures.map((s) => s.status).sort()).toEqual(['bad', 'good']);
    }
  });

  it('SG-08: malformed signature packets are never good', async () => {
    const data = canonicalCrlf(enc.encode('Content-Type: text/plain\r\n\r\nbody'));
    const sigBytes = (await openpgp.unarmor(await detached(data, w.k.bobPrivate))).data as Uint8Array;
    const mutants: Uint8Array[] = [];
    for (const at of [sigBytes.length - 1, sigBytes.length - 20, 8, 12]) {
      const m = sigBytes.slice();
      m[at]! ^= 0x55;
      mutants.push(m);
    }
    mutants.push(sigBytes.slice(0, sigBytes.length - 10), packet(TAG.signature, Uint8Array.of(4, 0, 22, 10, 0, 0, 0, 0)), packet(TAG.signature, Uint8Array.of(99)));
    for (const m of mutants) {
      const raw = `From: bob@example.org\r\nMIME-Version: 1.0\r\n${buildSigned(data, openpgp.armor(enums.armor.signature, m), 'pgp-sha512')}`;
      const r = await readAs(w, 'pgp-mime-signed', raw, 'bob@example.org').catch((e: { code: string }) => e.code);
      if (typeof r === 'string') expect(r).toMatch(/MALFORMED_ARMOR|BAD_REQUEST/);
      else expect(r.signatures.filter((s) => s.status === 'good')).toEqual([]);
    }
  });
});

describe('SG-09: spoofing regressions are rejected', () => {
  async function signedPackets(text: string): Promise<Uint8Array> {
    return openpgp.sign({ message: await openpgp.createMessage({ text }), signingKeys: w.k.bobPrivate, format: 'binary', config: pgpConfig });
  }

  it('SG-09: literal data after the signature, a second literal, a reused signature over new data', async () => {
    const signed = await signedPackets('the real text');
    const reused = (await openpgp.readMessage({ binaryMessage: signed })).packets;
    const swapped = new openpgp.PacketList<openpgp.AnyPacket>();
    for (const p of reused) {
      if (p instanceof openpgp.LiteralDataPacket) {
        const l = new openpgp.LiteralDataPacket();
        (l as unknown as { setText(t: string): void }).setText('FORGED TEXT');
        swapped.push(l);
      } else swapped.push(p);
    }
    const variants = {
      'literal after the signature': concat(signed, literal('FORGED TEXT')),
      'literal before the one-pass signature': concat(literal('FORGED TEXT'), signed),
      'reused signature, new literal': swapped.write(),
    };
    // Control: the untouched signed packets, sealed the same way, are good.
    expect((await readAs(w, 'message', await sealPackets(signed), 'bob@example.org')).signatures[0]?.status).toBe('good');
    for (const [name, inner] of Object.entries(variants)) {
      const r = await readAs(w, 'message', await sealPackets(inner), 'bob@example.org').catch((e: { code: string }) => ({ code: e.code }));
      if ('code' in r) expect(r.code, name).toBe('DECRYPT_FAILED');
      else expect(r.signatures.some((x) => x.status === 'good') && JSON.stringify(r).includes('FORGED'), name).toBe(false);
    }
  });

  it('SG-09: a standalone or detached signature presented as the whole message', async () => {
    const standalone = await openpgp.sign({ message: await openpgp.createMessage({ text: 'x' }), signingKeys: w.k.bobPrivate, detached: true });
    const asMessage = standalone.replace(/PGP SIGNATURE/g, 'PGP MESSAGE');
    expect((await readError(w, 'message', asMessage)).code).toMatch(/DECRYPT_FAILED|NO_MATCHING_KEY|MALFORMED_ARMOR/);
  });

  it('SG-09: cleartext tricks: text before Hash:, header injection, unknown headers, nested blocks', async () => {
    const block = await openpgp.sign({ message: await openpgp.createCleartextMessage({ text: 'genuine' }), signingKeys: w.k.bobPrivate });
    const [head, ...rest] = block.split('\n');
    const tricks = [
      [head, 'Injected text', ...rest].join('\n'),
      [head, 'Hash: SHA512', 'Hash: SHA256 FORGED', ...rest.slice(1)].join('\n'),
      [head, 'Hash: SHA512', 'Comment: FORGED', ...rest.slice(1)].join('\n'),
      [head, 'Hash: SHA512\rFORGED', ...rest.slice(1)].join('\n'),
      block.replace('genuine', 'genuine\n-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\nFORGED'),
      block.replace('genuine', 'FORGED'),
    ];
    for (const t of tricks) {
      const r = await readAs(w, 'cleartext-signed', t, 'bob@example.org').catch((e: { code: string }) => ({ code: e.code }));
      if ('code' in r) expect(r.code).toBe('MALFORMED_ARMOR');
      else expect(r.signatures.every((s) => s.status !== 'good') || !JSON.stringify(r.text).includes('FORGED')).toBe(true);
    }
  });
});

describe('SG-10: revocation, expiry, time and weak hashes (RFC 9580 §5.2.3.31, §9.5)', () => {
  it('SG-10: gpg-made key revoked hard (compromised) voids every signature; soft (superseded) only later ones', async () => {
    const PASS = 'sg10 gpg passphrase long enough';
    const now = Math.floor(Date.now() / 1000);
    const at = (days: number) => ['--faked-system-time', `${now - days * 86400}!`];
    for (const [code, older, newer] of [[1, 'revoked-key', 'revoked-key'], [0, 'revoked-key', 'revoked-key'], [2, 'good', 'revoked-key'], [3, 'good', 'revoked-key']] as const) {
      const gpg = GnuPG.create();
      try {
        const uid = `Dana <dana${code}@example.org>`;
        const made = await gpg.gpgOk([...at(30), '--quick-gen-key', uid, 'ed25519', 'cert,sign', 'never'], { passphrase: PASS });
        const fpr = made.status.find((x) => x[0] === 'KEY_CREATED')?.[2] ?? '';
        const sign = async (days: number, text: string) => (await gpg.gpgOk([...at(days), '--compress-algo', 'none', '--armor', '--sign', '-u', fpr], { input: text, passphrase: PASS })).stdout;
        const old = await sign(20, 'before the revocation');
        const late = await sign(5, 'after the revocation');
        const rev = await gpg.gpg([...at(10), '--command-fd', '0', '--armor', '--gen-revoke', fpr], { input: `y\n${code}\n\ny\n`, passphrase: PASS, batch: false });
        expect(rev.code).toBe(0);
        await gpg.importKeys(rev.stdout);
        // The revoked key reaches Cachet the usual way: an updated public key merged on import.
        await w.h.page('commitImport', { text: await gpg.exportPublic(fpr), encoding: 'armored', passphrases: {}, newPassphrases: {} });
        for (const [signed, want] of [[old, older], [late, newer]] as const) {
          const armored = await sealPackets(await dearmor(signed));
          expect((await readAs(w, 'message', armored, `dana${code}@example.org`)).signatures[0]?.status, `reason ${code}`).toBe(want);
        }
      } finally {
        await gpg.close();
      }
    }
  }, 240_000);

  it('SG-10: a signature made while the key was expired is not good; a future-dated one is not good', async () => {
    const t0 = new Date(Date.now() - 10 * 86400_000);
    const { privateKey } = await openpgp.generateKey({ userIDs: [{ email: 'erin@example.org' }], keyExpirationTime: 86400, date: t0, format: 'object' });
    await w.h.page('commitImport', { text: privateKey.toPublic().armor(), encoding: 'armored', passphrases: {}, newPassphrases: {} });
    const data = canonicalCrlf(enc.encode('Content-Type: text/plain\r\n\r\nlate'));
    const sigLate = await rawDetached(privateKey, data, { date: new Date(t0.getTime() + 5 * 86400_000) });
    const sigFuture = await rawDetached(w.k.bobPrivate, data, { date: new Date(Date.now() + 365 * 86400_000) });
    for (const [sig, from] of [[sigLate, 'erin@example.org'], [sigFuture, 'bob@example.org']] as const) {
      const raw = `From: ${from}\r\nMIME-Version: 1.0\r\n${buildSigned(data, sig, 'pgp-sha512')}`;
      const r = await readAs(w, 'pgp-mime-signed', raw, from);
      expect(r.signatures[0]?.status).not.toBe('good');
    }
  });

  it('SG-10: SHA-1 and MD5 data signatures are never good (RSA key, hand-set hash)', async () => {
    const { privateKey: rsa } = await openpgp.generateKey({ type: 'rsa', rsaBits: 2048, userIDs: [{ email: 'frank@example.org' }], format: 'object' });
    await w.h.page('commitImport', { text: rsa.toPublic().armor(), encoding: 'armored', passphrases: {}, newPassphrases: {} });
    const data = canonicalCrlf(enc.encode('Content-Type: text/plain\r\n\r\nweak hash'));
    // Control: the same hand-made signature with SHA-256 is good.
    const control = await rawDetached(rsa, data, { hash: enums.hash.sha256 });
    expect((await readAs(w, 'pgp-mime-signed', `From: frank@example.org\r\nMIME-Version: 1.0\r\n${buildSigned(data, control, 'pgp-sha256')}`, 'frank@example.org')).signatures[0]?.status).toBe('good');
    const sha1 = await rawDetached(rsa, data, { hash: enums.hash.sha1 });
    // MD5 / RIPEMD-160: Node cannot even make them any more; relabel the SHA-1 signature's hash octet (§5.2.3).
    const relabel = async (id: number) => {
      const bytes = (await dearmor(sha1)).slice();
      bytes[bytes[0]! & 0x40 ? 2 + 3 : 3 + 3] = id;
      return openpgp.armor(enums.armor.signature, bytes);
    };
    for (const sig of [sha1, await relabel(enums.hash.md5), await relabel(enums.hash.ripemd)]) {
      const raw = `From: frank@example.org\r\nMIME-Version: 1.0\r\n${buildSigned(data, sig, 'pgp-sha1')}`;
      const r = await readAs(w, 'pgp-mime-signed', raw, 'frank@example.org');
      expect(r.signatures[0]?.status).toBe('bad');
    }
  });
});

describe('SG-11: replays', () => {
  it('SG-11: the signing time of an old signed message is shown', async () => {
    const then = new Date('2021-03-04T05:06:07Z');
    const { privateKey: gina } = await openpgp.generateKey({ userIDs: [{ email: 'gina@example.org' }], date: new Date('2020-01-01T00:00:00Z'), format: 'object' });
    await w.h.page('commitImport', { text: gina.toPublic().armor(), encoding: 'armored', passphrases: {}, newPassphrases: {} });
    const message = await openpgp.createMessage({ text: 'old news', date: then });
    const armored = await sealPackets(await openpgp.sign({ message, signingKeys: gina, date: then, format: 'binary' }));
    const r = await readAs(w, 'message', armored, 'gina@example.org');
    expect(r.signatures[0]).toMatchObject({ status: 'good', created: then.toISOString() });
  });

  it('SG-11: a signed+encrypted message (Sequoia, intended recipient Bob) re-encrypted to Alice is not good', async () => {
    const sq = Sq.create();
    try {
      const carol = await sq.generate('Carol <carol@example.org>', 'cv25519');
      await w.h.page('commitImport', { text: await sq.extractCert(carol.key), encoding: 'armored', passphrases: {}, newPassphrases: {} });
      const enc1 = ['encrypt', '--recipient-cert', sq.save(w.k.bobPublic.armor()), '--signer-key', sq.save(carol.key), '--compression', 'none', '--binary'];
      const toBob = (await runOk('sq', enc1, { input: 'for Bob only' })).stdoutBytes;
      // Bob opens it (sq tells him the session key) and forwards the very same signed packets to Alice.
      const dumped = await runOk('sq', ['decrypt', '--recipient-key', sq.save(w.k.bobPrivate.armor()), '--dump-session-key'], { input: toBob });
      const hex = /Session key: ([0-9A-Fa-f]+)/.exec(dumped.stderr)?.[1];
      expect(dumped.stderr).toContain('AES-256');
      const inner = openSeipdV1(new Uint8Array(toBob), 'aes256', Uint8Array.from(Buffer.from(hex ?? '', 'hex')));
      const forwarded = await sealPackets(inner);
      // Control: the same kind of message sq makes for Alice herself is good.
      const enc2 = ['encrypt', '--recipient-cert', sq.save(w.k.alicePublic.armor()), '--signer-key', sq.save(carol.key)];
      const direct = (await runOk('sq', enc2, { input: 'for Alice' })).stdout;
      expect((await readAs(w, 'message', direct, 'carol@example.org')).signatures[0]?.status).toBe('good');
      const r = await readAs(w, 'message', forwarded, 'carol@example.org');
      expect(r.text).toBe('for Bob only');
      expect(r.signatures[0]?.status).not.toBe('good');
    } finally {
      sq.close();
    }
  });
});
