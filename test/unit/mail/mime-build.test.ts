import { describe, expect, it } from 'vitest';
import { isCachetError } from '../../../src/core/errors';
import {
  buildEncrypted,
  buildMixed,
  buildSigned,
  buildTextPart,
  classifyMessage,
  decodeText,
  newBoundary,
  parseMime,
  type MimePart,
} from '../../../src/core/mime';
import { MESSAGE } from './fixtures';

const SIG = '-----BEGIN PGP SIGNATURE-----\n\niHUEARYIAB0WIQ\n=1ZyE\n-----END PGP SIGNATURE-----\n';

function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'NO_ERROR';
  } catch (e) {
    return isCachetError(e) ? e.code : `NOT_CACHET: ${String(e)}`;
  }
}

/** Every line ends in CRLF, is at most 78 characters and is 7-bit. */
function expectWellFormed(mime: string): void {
  expect(mime.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  for (const line of mime.split('\r\n')) expect(line.length, line).toBeLessThanOrEqual(78);
  expect(mime).toMatch(/^[\x09\x0d\x0a\x20-\x7e]*$/);
}

const textOf = (p: MimePart): string => decodeText(p.body, p.contentType.params.charset);

describe('buildTextPart', () => {
  it('uses 7bit for short ASCII lines', () => {
    const e = buildTextPart('Hello\nBob');
    expect(e).toBe('Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\nHello\r\nBob');
  });

  it('uses quoted-printable for 8-bit text, long lines, trailing spaces, From and dashes', () => {
    const text = `Caf\u00e9 \u20ac ${'x'.repeat(200)} = end \nFrom here\n-- \nsig\t`;
    const e = buildTextPart(text);
    expect(e).toContain('Content-Transfer-Encoding: quoted-printable');
    expectWellFormed(e);
    expect(e).toContain('\r\n=46rom here\r\n=2D-=20\r\n');
    expect(textOf(parseMime(e))).toBe(text.replace(/\n/g, '\r\n'));
  });
});

describe('buildMixed', () => {
  it('round trips text and attachments with awkward names through parseMime', () => {
    const data = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) % 256);
    const names = ['plain.txt', '\u20ac r\u00e9sum\u00e9 \u6587\u4ef6.pdf', `${'long-name-'.repeat(30)}.bin`, 'quo"te\\.txt', '../../x\r\nX-Injected: 1'];
    const mime = buildMixed('Body text \u00e9', names.map((filename) => ({ filename, data, contentType: 'application/pdf' })));
    expectWellFormed(mime);
    const root = parseMime(mime);
    expect(root.contentType).toMatchObject({ type: 'multipart', subtype: 'mixed' });
    expect(textOf(root.children[0] as MimePart)).toBe('Body text \u00e9');
    const atts = root.children.slice(1);
    expect(atts.map((a) => a.filename)).toEqual(names);
    expect(atts.map((a) => a.contentType.params.name)).toEqual(names);
    for (const a of atts) expect(a.body).toEqual(data);
    expect(root.children.flatMap((c) => c.headers.map((h) => h.name))).not.toContain('X-Injected');
  });

  it('does not let a content type inject headers', () => {
    const root = parseMime(buildMixed('x', [{ filename: 'a', data: new Uint8Array([1]), contentType: 'text/html\r\nX-Evil: 1' }]));
    expect(root.children[1]?.contentType).toMatchObject({ type: 'application', subtype: 'octet-stream' });
  });

  it('makes random boundaries', () => {
    const a = newBoundary();
    expect(a).toMatch(/^cachet-[0-9a-f]{36}$/);
    expect(newBoundary()).not.toBe(a);
  });
});

describe('PGP/MIME wrappers (RFC 3156)', () => {
  it('buildEncrypted is recognised and yields the same ciphertext', () => {
    const mime = buildEncrypted(MESSAGE);
    expectWellFormed(mime);
    const c = classifyMessage(parseMime(mime));
    expect(c).toMatchObject({ kind: 'encrypted', whole: true });
    expect(c.kind === 'encrypted' && c.armored.replace(/\r\n/g, '\n')).toBe(MESSAGE);
  });

  it('buildSigned keeps the signed entity byte for byte', () => {
    const entity = buildMixed('Signed \u00e9\n', [{ filename: 'a.bin', data: new Uint8Array([0, 1, 2]) }]);
    const mime = buildSigned(entity, SIG, 'pgp-sha256');
    expectWellFormed(mime);
    const c = classifyMessage(parseMime(mime));
    if (c.kind !== 'signed') throw new Error(`expected signed, got ${c.kind}`);
    expect(new TextDecoder().decode(c.signedBytes)).toBe(entity);
    expect(c.micalg).toBe('pgp-sha256');
    expect(c.signatureArmored.replace(/\r\n/g, '\n')).toBe(SIG.trimEnd());
  });

  it('refuses what would not survive transport or is not OpenPGP', () => {
    expect(codeOf(() => buildSigned('Content-Type: text/plain\r\n\r\ncaf\u00e9', SIG, 'pgp-sha256'))).toBe('BAD_REQUEST');
    expect(codeOf(() => buildSigned('x', SIG, 'sha256\r\nX: y'))).toBe('BAD_REQUEST');
    expect(codeOf(() => buildSigned('x', 'not a signature', 'pgp-sha256'))).toBe('BAD_REQUEST');
    expect(codeOf(() => buildEncrypted('plain text'))).toBe('BAD_REQUEST');
  });
});
