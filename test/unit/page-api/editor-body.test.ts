/**
 * The MIME entity the page-API editor encrypts (RFC 3156 §4, RFC 2045/2183/2231): text alone
 * or multipart/mixed with each picked file base64 and named; and what the read path (our
 * display container and the ordinary viewer, both via showContent) makes of it after
 * decryption: the text, and every attachment with its exact bytes.
 */
import * as openpgp from 'openpgp';
import { describe, expect, it } from 'vitest';
import { PAGE_API_ATTACHMENT_BYTES, pageApiMimeBody } from '../../../src/background/page-api/editor-body';
import { showContent } from '../../../src/background/mail/read-content';
import { fromBase64, toBase64 } from '../../../src/core/keys/armor';
import { parseMime } from '../../../src/core/mime';

const bytes = (s: string) => new TextEncoder().encode(s);
const allBytes = Uint8Array.from({ length: 1024 }, (_, i) => (i * 7) % 256);

describe('page-API editor: the encrypted MIME entity', () => {
  it('text alone is one text/plain part (UTF-8 as quoted-printable, CRLF)', () => {
    const body = pageApiMimeBody('Grüße\nline two', []);
    expect(body).toMatch(/^Content-Type: text\/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n/);
    expect(body).not.toMatch(/[^\r]\n/);
    expect(showContent(bytes(body)).result).toMatchObject({ text: 'Grüße\r\nline two', attachments: [] });
  });

  it('with files: multipart/mixed, text first, each file base64 with its disposition filename', () => {
    const body = pageApiMimeBody('See the files.', [
      { name: 'data.bin', mimeType: 'application/octet-stream', base64: toBase64(allBytes) },
      { name: 'Übersicht März.pdf', mimeType: 'application/pdf', base64: toBase64(bytes('%PDF-1.4 fake')) },
    ]);
    expect([...body].every((c) => c.charCodeAt(0) < 0x80)).toBe(true); // 7-bit, RFC 3156 §3
    const root = parseMime(bytes(body));
    expect(`${root.contentType.type}/${root.contentType.subtype}`).toBe('multipart/mixed');
    expect(root.children.map((c) => `${c.contentType.type}/${c.contentType.subtype}`)).toEqual(['text/plain', 'application/octet-stream', 'application/pdf']);
    const [, bin, pdf] = root.children;
    expect(bin!.disposition?.type).toBe('attachment');
    expect(bin!.filename).toBe('data.bin');
    expect(pdf!.filename).toBe('Übersicht März.pdf'); // RFC 2231 parameter, decoded back
    expect(body).toMatch(/Content-Transfer-Encoding: base64/);
    expect(new Uint8Array(bin!.body)).toEqual(allBytes);

    const shown = showContent(bytes(body)).result;
    expect(shown.text).toBe('See the files.');
    expect(shown.attachments.map((a) => [a.name, a.mimeType])).toEqual([
      ['data.bin', 'application/octet-stream'],
      ['Übersicht März.pdf', 'application/pdf'],
    ]);
    expect(fromBase64(shown.attachments[0]!.base64)).toEqual(allBytes);
  });

  it('survives encryption and decryption byte for byte (what bob’s viewer gets)', async () => {
    const { privateKey, publicKey } = await openpgp.generateKey({ userIDs: [{ email: 'bob@example.org' }], format: 'object', type: 'ecc', curve: 'curve25519Legacy' });
    const body = pageApiMimeBody('Attached.', [{ name: 'a.bin', mimeType: 'application/octet-stream', base64: toBase64(allBytes) }]);
    const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text: body }), encryptionKeys: publicKey });
    const out = await openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: armored }), decryptionKeys: privateKey, format: 'binary' });
    const shown = showContent(out.data as Uint8Array).result;
    expect(shown.text).toBe('Attached.');
    expect(fromBase64(shown.attachments[0]!.base64)).toEqual(allBytes);
  });

  it('refuses bad base64 and more than the size cap', () => {
    expect(() => pageApiMimeBody('x', [{ name: 'a', mimeType: '', base64: '***' }])).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
    const half = toBase64(new Uint8Array(PAGE_API_ATTACHMENT_BYTES / 2 + 1));
    const files = [
      { name: 'a', mimeType: '', base64: half },
      { name: 'b', mimeType: '', base64: half },
    ];
    expect(() => pageApiMimeBody('x', files)).toThrow(expect.objectContaining({ code: 'TOO_LARGE' }));
  });
});
