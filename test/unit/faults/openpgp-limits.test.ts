/**
 * OpenPGP.js limits Cachet sets in `pgpConfig` (issue 7 §3), each proven on a hostile input:
 * - decompression cap (DS-01): a 512 MiB zlib bomb in a properly encrypted message fails
 *   with one clear code and the process peak memory stays far below the bomb's size;
 * - Argon2 memory cap (DS-02): a key or a password message whose S2K asks for 2^30 KiB is
 *   refused before any derivation (fast, TOO_LARGE / DECRYPT_FAILED);
 * - no unauthenticated plaintext (MP-01/MP-02): large multi-chunk SEIPD v1 and v2 (AEAD)
 *   messages modified near the end release nothing, also through OpenPGP.js's streaming API;
 * - SHA-1 data signatures rejected in cleartext signatures and inside encrypted messages
 *   (the detached case is in test/unit/core/messages/messages.test.ts).
 */
import { createDeflate } from 'node:zlib';
import * as openpgp from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { internals, secretPackets } from '../../../src/core/keys/parse';
import { unlockPrivateKey } from '../../../src/core/keys/protect';
import { decryptMessage, verifyCleartext } from '../../../src/core/messages';
import { MAX_ARGON2_MEMORY_EXPONENT, MAX_DECOMPRESSED_BYTES, pgpConfig } from '../../../src/core/openpgp-config';

const { enums } = openpgp;
let alice: openpgp.PrivateKey;

beforeAll(async () => {
  ({ privateKey: alice } = await openpgp.generateKey({ type: 'ecc', userIDs: [{ email: 'alice@example.org' }], format: 'object', config: pgpConfig }));
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'NO_ERROR';
  } catch (e) {
    return (e as { code?: string }).code ?? `NOT_CACHET: ${String(e)}`;
  }
}

/** zlib stream of a Literal Data packet (RFC 9580 §5.9) of `size` zero bytes, made in 1 MiB steps. */
async function zlibBomb(size: number): Promise<Uint8Array> {
  const body = size + 6; // format 'b', empty file name, 4-byte date, then the data
  const header = new Uint8Array([0xcb, 0xff, body >>> 24, (body >>> 16) & 0xff, (body >>> 8) & 0xff, body & 0xff, 0x62, 0, 0, 0, 0, 0]);
  const deflate = createDeflate({ level: 1 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  deflate.write(header);
  const zeros = Buffer.alloc(1024 * 1024);
  for (let written = 0; written < size; written += zeros.length) {
    if (!deflate.write(zeros.subarray(0, Math.min(zeros.length, size - written)))) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await done;
  return new Uint8Array(Buffer.concat(out));
}

/** An encrypted message (SEIPD v1, to alice) whose only content is the given compressed packet body. */
async function encryptCompressed(zlibBytes: Uint8Array): Promise<Uint8Array> {
  const packet = new openpgp.CompressedDataPacket();
  // Set the compressed bytes directly: nothing here ever inflates the bomb.
  Object.assign(packet, { algorithm: enums.compression.zlib, compressed: zlibBytes });
  const list = new openpgp.PacketList<openpgp.AnyPacket>();
  list.push(packet);
  return openpgp.encrypt({ message: new openpgp.Message(list), encryptionKeys: alice.toPublic(), format: 'binary', config: { ...pgpConfig, aeadProtect: false } });
}

describe('decompression cap (DS-01)', () => {
  it('the cap is set: 64 MiB', () => {
    expect(pgpConfig.maxDecompressedMessageSize).toBe(MAX_DECOMPRESSED_BYTES);
    expect(MAX_DECOMPRESSED_BYTES).toBe(64 * 1024 * 1024);
  });

  it('compressed messages under the cap decrypt (1,000 bytes, 8 MiB): the bombs below fail for their size alone', async () => {
    for (const size of [1000, 8 * 1024 * 1024]) {
      const binary = await encryptCompressed(await zlibBomb(size));
      const r = await decryptMessage({ binary, decryptionKeys: [alice], verificationKeys: [], format: 'binary' });
      expect((r.data as Uint8Array).length).toBe(size);
    }
  }, 60_000);

  it('a 512 MiB zlib bomb (~0.5 MB on the wire) → DECRYPT_FAILED, peak memory far below 512 MiB', async () => {
    const bombSize = 512 * 1024 * 1024;
    const binary = await encryptCompressed(await zlibBomb(bombSize));
    expect(binary.length).toBeLessThan(4 * 1024 * 1024);
    const peakBefore = process.resourceUsage().maxRSS * 1024;
    expect(await codeOf(decryptMessage({ binary, decryptionKeys: [alice], verificationKeys: [], format: 'binary' }))).toBe('DECRYPT_FAILED');
    const growth = process.resourceUsage().maxRSS * 1024 - peakBefore;
    // Up to the 64 MiB cap (and OpenPGP.js's copies of it) may be inflated; never the bomb.
    expect(growth).toBeLessThan(bombSize / 2);
  }, 120_000);
});

/** A copy of `bytes` with `from` (exactly once) replaced by `to`. */
function patchOnce(bytes: Uint8Array, from: Uint8Array, to: Uint8Array): Uint8Array {
  const hex = Buffer.from(bytes).toString('hex');
  const needle = Buffer.from(from).toString('hex');
  const at = hex.indexOf(needle);
  expect(at % 2).toBe(0);
  expect(hex.indexOf(needle, at + 1)).toBe(-1);
  return new Uint8Array(Buffer.from(hex.slice(0, at) + Buffer.from(to).toString('hex') + hex.slice(at + needle.length), 'hex'));
}

describe('Argon2 memory cap (DS-02)', () => {
  const passphrase = 'argon2 cap passphrase';

  it('the cap is set: 2^18 KiB = 256 MiB for S2K we read', () => {
    expect(pgpConfig.maxArgon2MemoryExponent).toBe(MAX_ARGON2_MEMORY_EXPONENT);
    expect(MAX_ARGON2_MEMORY_EXPONENT).toBe(18);
  });

  it('a key whose Argon2 S2K asks for 2^30 KiB (1 TiB) or 2^19 is refused with TOO_LARGE before deriving', async () => {
    const cheap = { ...pgpConfig, s2kArgon2Params: { passes: 1, parallelism: 1, memoryExponent: 10 } };
    const locked = await openpgp.encryptKey({ privateKey: alice, passphrase, config: cheap });
    expect(await unlockPrivateKey(locked.armor(pgpConfig), passphrase)).toBeTruthy(); // the honest form unlocks
    const withExponent = (exponent: number): string => {
      let bytes = locked.write();
      for (const p of secretPackets(locked)) {
        const s2k = internals(p).s2k as unknown as { salt: Uint8Array; t: number; p: number; encodedM: number };
        expect(s2k.encodedM).toBe(10);
        bytes = patchOnce(bytes, new Uint8Array([...s2k.salt, s2k.t, s2k.p, 10]), new Uint8Array([...s2k.salt, s2k.t, s2k.p, exponent]));
      }
      return openpgp.armor(enums.armor.privateKey, bytes);
    };
    for (const exponent of [30, MAX_ARGON2_MEMORY_EXPONENT + 1]) {
      const t0 = performance.now();
      expect(await codeOf(unlockPrivateKey(withExponent(exponent), passphrase)), `2^${exponent} KiB`).toBe('TOO_LARGE');
      // Refused from the S2K header: no 512 MiB / 1 TiB allocation, no seconds of hashing.
      expect(performance.now() - t0).toBeLessThan(5_000);
    }
  });

  it('a password message whose Argon2 S2K asks for 2^30 KiB → DECRYPT_FAILED at once, no derivation', async () => {
    const cheap = { ...pgpConfig, aeadProtect: true, s2kType: enums.s2k.argon2, s2kArgon2Params: { passes: 1, parallelism: 1, memoryExponent: 10 } } as unknown as openpgp.Config;
    const binary = await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'secret' }), passwords: [passphrase], format: 'binary', config: cheap });
    expect((await decryptMessage({ binary, passwords: [passphrase], decryptionKeys: [], verificationKeys: [] })).data).toBe('secret');
    const msg = await openpgp.readMessage({ binaryMessage: binary });
    const skesk = msg.packets.filterByTag(enums.packet.symEncryptedSessionKey)[0] as unknown as { s2k: { salt: Uint8Array; t: number; p: number } };
    const { salt, t, p } = skesk.s2k;
    const hostile = patchOnce(binary, new Uint8Array([...salt, t, p, 10]), new Uint8Array([...salt, t, p, 30]));
    const t0 = performance.now();
    expect(await codeOf(decryptMessage({ binary: hostile, passwords: [passphrase], decryptionKeys: [], verificationKeys: [] }))).toBe('DECRYPT_FAILED');
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});

/** A text of `n` bytes whose every line says where it is, so partial output would show. */
function bigText(n: number): string {
  const lines: string[] = [];
  for (let i = 0, len = 0; len < n; i++) {
    const l = `line ${i} of the authenticated text, never to be shown if modified\n`;
    lines.push(l);
    len += l.length;
  }
  return lines.join('');
}

describe('no unauthenticated plaintext, streaming included (MP-01/MP-02)', () => {
  it('the config forbids it: allowUnauthenticatedMessages and allowUnauthenticatedStream are false', () => {
    expect(pgpConfig.allowUnauthenticatedMessages).toBe(false);
    expect(pgpConfig.allowUnauthenticatedStream).toBe(false);
  });

  // A recipient key made with OpenPGP.js defaults advertises SEIPD v1 only; Cachet's keys (pgpConfig) advertise v2.
  const forms: Array<[string, Partial<openpgp.Config>, 'v1' | 'v2']> = [
    ['SEIPD v1 (MDC)', { aeadProtect: false }, 'v1'],
    // 2^10-byte chunks: ~1,000 AEAD chunks, the modification is in the last one.
    ['SEIPD v2 (AEAD, 1 KiB chunks)', { aeadProtect: true, aeadChunkSizeByte: 4 }, 'v2'],
  ];

  it.each(forms)('%s: 1 MB message modified near its end → DECRYPT_FAILED, no data', async (_n, cfg, version) => {
    const recipient = version === 'v2' ? alice : (await openpgp.generateKey({ type: 'ecc', userIDs: [{ email: 'v1@example.org' }], format: 'object' })).privateKey;
    const text = bigText(1024 * 1024);
    const binary = await openpgp.encrypt({ message: await openpgp.createMessage({ text }), encryptionKeys: recipient.toPublic(), format: 'binary', config: { ...pgpConfig, ...cfg } });
    const seipd = (await openpgp.readMessage({ binaryMessage: binary })).packets.filterByTag(enums.packet.symEncryptedIntegrityProtectedData)[0] as unknown as { version: number };
    expect(seipd.version).toBe(version === 'v1' ? 1 : 2);
    expect((await decryptMessage({ binary, decryptionKeys: [recipient], verificationKeys: [] })).data).toBe(text);
    const tampered = binary.slice();
    tampered[tampered.length - 40] = (tampered[tampered.length - 40] as number) ^ 0x01;
    expect(await codeOf(decryptMessage({ binary: tampered, decryptionKeys: [recipient], verificationKeys: [] }))).toBe('DECRYPT_FAILED');

    // OpenPGP.js's streaming API with our config, for comparison: SEIPD v1 releases nothing
    // (allowUnauthenticatedStream: false buffers until the MDC is checked); SEIPD v2 releases the
    // chunks whose own AEAD tag verified (RFC 9580 §5.13.2) — never a modified byte, but not the
    // whole message either. That partial release is why Cachet's decryptMessage takes whole
    // buffers only and returns nothing unless the final tag verified (tested just above and below).
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < tampered.length; i += 16 * 1024) c.enqueue(tampered.subarray(i, i + 16 * 1024));
        c.close();
      },
    });
    const received: Uint8Array[] = [];
    const read = async () => {
      const message = await openpgp.readMessage({ binaryMessage: stream, config: pgpConfig });
      const { data } = await openpgp.decrypt({ message, decryptionKeys: recipient, format: 'binary', config: pgpConfig });
      const reader = (data as ReadableStream<Uint8Array>).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        received.push(value);
      }
    };
    await expect(read()).rejects.toThrow();
    const released = Buffer.concat(received).toString('utf8');
    if (version === 'v1') expect(released).toBe('');
    // Text-mode literal data carries CRLF line ends (RFC 9580 §5.9); the released bytes must be
    // exactly a prefix of the signed original, never a modified byte.
    const signedBytes = text.replace(/\n/g, '\r\n');
    expect(signedBytes.startsWith(released)).toBe(true);
    expect(released.length).toBeLessThan(signedBytes.length);
  }, 60_000);

  it('decryptMessage takes no stream: a ReadableStream in place of bytes is refused, nothing read', async () => {
    let pulled = false;
    const stream = new ReadableStream<Uint8Array>(
      {
        pull() {
          pulled = true;
        },
      },
      { highWaterMark: 0 }, // pulled only when someone reads
    );
    expect(await codeOf(decryptMessage({ binary: stream as unknown as Uint8Array, decryptionKeys: [alice], verificationKeys: [] }))).toBe('BAD_REQUEST');
    expect(pulled).toBe(false);
  });
});

/** A v4 signature packet with SHA-1 over `literal`, made by an RSA key (EdDSA cannot use SHA-1). */
async function sha1Signature(rsa: openpgp.PrivateKey, literal: openpgp.LiteralDataPacket, type: number): Promise<openpgp.SignaturePacket> {
  const sig = new openpgp.SignaturePacket();
  const s = sig as unknown as Record<string, unknown> & { sign(k: unknown, d: unknown, t: Date, det: boolean, c: openpgp.Config): Promise<void> };
  s.signatureType = type;
  s.publicKeyAlgorithm = rsa.keyPacket.algorithm;
  s.hashAlgorithm = enums.hash.sha1;
  await s.sign(rsa.keyPacket, literal, new Date(), true, { ...pgpConfig, rejectMessageHashAlgorithms: new Set(), nonDeterministicSignaturesViaNotation: false });
  return sig;
}

describe('SHA-1 data signatures rejected (SG-10)', () => {
  let rsa: openpgp.PrivateKey;
  beforeAll(async () => {
    ({ privateKey: rsa } = await openpgp.generateKey({ type: 'rsa', rsaBits: 2048, userIDs: [{ email: 'rsa@example.org' }], format: 'object', config: pgpConfig }));
  }, 60_000);

  it('a cleartext signature with Hash: SHA1 is never good', async () => {
    const text = 'pay 100 EUR to Mallory';
    const cleartext = await openpgp.createCleartextMessage({ text });
    // The cleartext framework signs the text as a text-mode literal (RFC 9580 §7.2).
    const literal = (await openpgp.createMessage({ text: cleartext.getText() })).packets.filterByTag(enums.packet.literalData)[0] as openpgp.LiteralDataPacket;
    const list = new openpgp.PacketList<openpgp.SignaturePacket>();
    list.push(await sha1Signature(rsa, literal, enums.signature.text));
    const sigArmor = new openpgp.Signature(list).armor(pgpConfig).split('\n');
    const body = sigArmor.slice(sigArmor.indexOf('') + 1).join('\n');
    const armored = `-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA1\n\n${text}\n-----BEGIN PGP SIGNATURE-----\n\n${body}`;
    const r = await verifyCleartext({ armored, verificationKeys: [rsa.toPublic()] });
    expect(r.text).toBe(text);
    expect(r.signatures.map((s) => s.status)).toEqual(['bad']);
    // Control: the signature is mathematically valid; only the SHA-1 policy refuses it.
    const permissive = { ...pgpConfig, rejectMessageHashAlgorithms: new Set<openpgp.enums.hash>() };
    const control = await openpgp.verify({ message: await openpgp.readCleartextMessage({ cleartextMessage: armored }), verificationKeys: rsa.toPublic(), config: permissive });
    expect(await control.signatures[0]?.verified).toBe(true);
  });

  it('a SHA-1 signature inside an encrypted message is bad, the text is still shown as unsigned', async () => {
    const text = 'signed with sha1 inside';
    const message = await openpgp.createMessage({ text });
    const literal = message.packets.filterByTag(enums.packet.literalData)[0] as openpgp.LiteralDataPacket;
    const sig = await sha1Signature(rsa, literal, enums.signature.text);
    const list = new openpgp.PacketList<openpgp.AnyPacket>();
    // RFC 9580 §10.3: a Signature packet before the message it signs (no one-pass packet).
    list.push(sig, literal);
    const binary = await openpgp.encrypt({ message: new openpgp.Message(list), encryptionKeys: alice.toPublic(), format: 'binary', config: { ...pgpConfig, aeadProtect: false } });
    const r = await decryptMessage({ binary, decryptionKeys: [alice], verificationKeys: [rsa.toPublic()] });
    expect(r.data).toBe(text);
    expect(r.signatures.map((s) => s.status)).toEqual(['bad']);
  });
});
