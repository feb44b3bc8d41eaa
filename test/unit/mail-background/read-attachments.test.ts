/**
 * Encrypted attachments of inline-armor mails, background side: the ciphertext store (keyed
 * by tab, frame and body digest; caps per file and per mail) and the decryption of one
 * attachment (binary .pgp and armored .asc, integrity, signature, key errors).
 */
import * as openpgp from 'openpgp';
import { describe, expect, it } from 'vitest';
import { attachmentInput, decryptAttachment } from '../../../src/background/mail/read-attachment-decrypt';
import { createReadAttachmentStore, plainName, sha256Hex } from '../../../src/background/mail/read-attachment-store';
import { toBase64 } from '../../../src/core/keys/armor';
import { MAIL_LIMITS } from '../../../src/shared/mail-schemas';
import { mailHarness, PASS, unlockAlice, withKeys } from './harness';

let n = 0;
const store = () => createReadAttachmentStore(() => Date.now(), `cachet-att-test-${++n}-${Math.random()}`);
const owner = { tabId: 1, frameId: 3, bodyDigest: 'a'.repeat(64) };

describe('read attachment store', () => {
  it('lists what was handed over for one body of one frame, in order, with plaintext names', async () => {
    const s = store();
    await s.put(owner, 1, 2, 'notes.txt.asc', toBase64(new Uint8Array(10)), null);
    await s.put(owner, 0, 2, 'report.pdf.pgp', toBase64(new Uint8Array(300)), null);
    expect(await s.list(owner)).toEqual([
      { index: 0, name: 'report.pdf', size: 300, problem: null },
      { index: 1, name: 'notes.txt', size: 10, problem: null },
    ]);
    expect(await s.list({ ...owner, frameId: 4 })).toEqual([]); // another frame of the tab
    expect(await s.list({ ...owner, bodyDigest: 'b'.repeat(64) })).toEqual([]); // another body
    expect((await s.get(owner, 0))?.base64).toBe(toBase64(new Uint8Array(300)));
  });

  it('keeps a too-large or failed file as a problem without bytes; a missing one is unavailable', async () => {
    const s = store();
    await s.put(owner, 0, 3, 'big.pgp', null, 'too-large');
    await s.put(owner, 2, 3, 'x.pgp', null, 'unavailable');
    expect(await s.list(owner)).toEqual([
      { index: 0, name: 'big', size: 0, problem: 'too-large' },
      { index: 1, name: 'attachment-2', size: 0, problem: 'unavailable' },
      { index: 2, name: 'x', size: 0, problem: 'unavailable' },
    ]);
    expect((await s.get(owner, 0))?.base64).toBeNull();
  });

  it('caps all files of one mail together at 25 MiB: the file that goes over becomes too-large', async () => {
    const s = store();
    const chunk = 'A'.repeat(Math.floor((MAIL_LIMITS.armoredChars * 0.6 * 4) / 3 / 4) * 4); // ~60 % of the cap, base64
    await s.put(owner, 0, 2, 'a.pgp', chunk, null);
    await s.put(owner, 1, 2, 'b.pgp', chunk, null);
    expect((await s.list(owner)).map((a) => a.problem)).toEqual([null, 'too-large']);
  });

  it('names: only the encryption extension goes', () => {
    expect(plainName('report.pdf.pgp')).toBe('report.pdf');
    expect(plainName('a.GPG')).toBe('a');
    expect(plainName('.pgp')).toBe('.pgp');
    expect(plainName('photo.jpg')).toBe('photo.jpg');
  });

  it('digests a body as the content script does (SHA-256 of its UTF-8)', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('decrypting one attachment', () => {
  async function setup() {
    const h = mailHarness();
    const k = await withKeys(h);
    const aliceKey = await openpgp.readKey({ armoredKey: k.alicePublic.armor() });
    const data = Uint8Array.from({ length: 5000 }, (_, i) => (i * 31) % 256);
    const binary = await openpgp.encrypt({ message: await openpgp.createMessage({ binary: data }), encryptionKeys: aliceKey, signingKeys: k.bobPrivate, format: 'binary' });
    return { h, k, data, binary };
  }

  it('binary .pgp and armored .asc: the exact bytes, signed by bob', async () => {
    const { h, k, data, binary } = await setup();
    await unlockAlice(h, k.alice.fingerprint);
    const out = await decryptAttachment(h.bg.context, 'report.pdf', toBase64(binary), 'bob@example.org', null);
    expect(out.file.name).toBe('report.pdf');
    expect(out.file.mimeType).toBe('application/octet-stream');
    expect(out.file.base64).toBe(toBase64(data));
    expect(out.signatures.map((s) => [s.status, s.fingerprint, s.senderMismatch])).toEqual([['good', k.bobFingerprint, false]]);

    const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ binary: data }), encryptionKeys: k.alicePublic });
    expect('armored' in attachmentInput(new TextEncoder().encode(armored))).toBe(true);
    const asc = await decryptAttachment(h.bg.context, 'notes', toBase64(new TextEncoder().encode(armored)), null, null);
    expect(asc.file.base64).toBe(toBase64(data));
    expect(asc.signatures).toEqual([]);
  });

  it('asks for the passphrase when the key is locked, then decrypts with it', async () => {
    const { h, binary } = await setup();
    const err = await h.errorOf(decryptAttachment(h.bg.context, 'f', toBase64(binary), null, null));
    expect(err.code).toBe('PASSPHRASE_REQUIRED');
    const out = await decryptAttachment(h.bg.context, 'f', toBase64(binary), null, PASS);
    expect(out.file.base64.length).toBeGreaterThan(0);
  });

  it('tampered ciphertext: DECRYPT_FAILED, nothing released; not for my keys: NO_MATCHING_KEY naming the key', async () => {
    const { h, k, binary } = await setup();
    await unlockAlice(h, k.alice.fingerprint);
    const tampered = Uint8Array.from(binary);
    tampered[tampered.length - 30]! ^= 0x01;
    expect(await h.codeOf(decryptAttachment(h.bg.context, 'f', toBase64(tampered), null, null))).toBe('DECRYPT_FAILED');
    expect(await h.codeOf(decryptAttachment(h.bg.context, 'f', toBase64(new TextEncoder().encode('%PDF-1.4 not openpgp')), null, null))).toBe('DECRYPT_FAILED');

    const toBob = await openpgp.encrypt({ message: await openpgp.createMessage({ binary: new Uint8Array([1]) }), encryptionKeys: k.bobPublic, format: 'binary' });
    const err = await h.errorOf(decryptAttachment(h.bg.context, 'f', toBase64(toBob), null, null));
    expect(err.code).toBe('NO_MATCHING_KEY');
    expect(err.detail).toContain('bob@example.org');
  });

  it('the content message: schema-checked, stored under the sender tab and frame', async () => {
    const h = mailHarness();
    const req = { bodyDigest: 'c'.repeat(64), index: 0, count: 1, name: 'a.pgp', base64: 'AAAA', problem: null };
    expect(await h.content('addReadAttachment', req)).toEqual({});
    expect(await h.codeOf(h.content('addReadAttachment', { ...req, index: 1 }))).toBe('BAD_REQUEST');
    expect(await h.codeOf(h.content('addReadAttachment', { ...req, bodyDigest: 'xyz' }))).toBe('BAD_REQUEST');
    expect(await h.codeOf(h.content('addReadAttachment', { ...req, base64: 'not base64!' }))).toBe('BAD_REQUEST');
    // Our frames' requests are page messages: a content script cannot list or decrypt.
    expect(await h.codeOf(h.content('listReadAttachments' as never, { sessionId: '00000000-0000-4000-8000-000000000000' } as never))).not.toBe('ok');
  });
});
