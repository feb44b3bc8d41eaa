import { describe, expect, it } from 'vitest';
import { isCachetError } from '../../../src/core/errors';
import { decodeText, headerText, parseMime, safeFilename, splitMultipart, walkParts, type MimePart } from '../../../src/core/mime';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);
const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const crlf = (s: string): string => s.replace(/\n/g, '\r\n');

function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'NO_ERROR';
  } catch (e) {
    return isCachetError(e) ? `${e.code}: ${e.detail ?? ''}` : `NOT_CACHET: ${String(e)}`;
  }
}

// Shaped like what Thunderbird sends: folded headers, preamble, QP text, base64 attachment.
const THUNDERBIRD = `From: Alice <alice@example.org>
Subject: =?UTF-8?B?Q2Fmw6kg4oKs?= and
 =?ISO-8859-1?Q?caf=E9?= =?windows-1252?Q?=80?=
MIME-Version: 1.0
Content-Type: multipart/mixed;
 boundary="------------AbC123"

This is a multi-part message in MIME format.
--------------AbC123
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: quoted-printable

Caf=C3=A9 na=C3=AFve, a long line that was soft-broken by the quoted-printabl=
e encoder =3D done.
Bad escape =ZZ stays.
--------------AbC123  
Content-Type: application/pdf;
 name*0*=UTF-8''%E2%82%AC%20report%20;
 name*1*=%C3%A9t%C3%A9.pdf
Content-Disposition: attachment;
 filename*0*=UTF-8''%E2%82%AC%20report%20;
 filename*1*=%C3%A9t%C3%A9.pdf
Content-Transfer-Encoding: base64

SGVsbG8g
d29ybGQh
--------------AbC123--

epilogue to ignore
`;

describe('parseMime', () => {
  for (const [name, text] of [
    ['LF', THUNDERBIRD],
    ['CRLF', crlf(THUNDERBIRD)],
  ] as const) {
    it(`parses a Thunderbird-style multipart/mixed (${name})`, () => {
      const root = parseMime(enc(text));
      expect(headerText(root.headers, 'subject')).toBe('Café € and café€');
      expect(root.contentType).toMatchObject({ type: 'multipart', subtype: 'mixed' });
      expect(root.children).toHaveLength(2);
      const [body, att] = root.children as [MimePart, MimePart];
      expect(body.path).toBe('1');
      expect(decodeText(body.body, body.contentType.params.charset)).toBe(
        'Café naïve, a long line that was soft-broken by the quoted-printable encoder = done.\nBad escape =ZZ stays.'.replace(/\n/g, name === 'CRLF' ? '\r\n' : '\n'),
      );
      expect(att).toMatchObject({ path: '2', filename: '€ report été.pdf', disposition: { type: 'attachment' }, transferEncoding: 'base64' });
      expect(att.contentType.params.name).toBe('€ report été.pdf');
      expect(dec(att.body)).toBe('Hello world!');
      // raw is exactly the bytes between the delimiters, headers included.
      expect(dec(body.raw).startsWith('Content-Type: text/plain')).toBe(true);
      expect(dec(body.raw).endsWith('stays.')).toBe(true);
    });
  }

  it('decodes 8-bit text in its charset and 8-bit headers', () => {
    const root = parseMime(latin1('Subject: caf\xe9\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n\nna\xefve \x80'));
    expect(headerText(root.headers, 'subject')).toBe('café');
    expect(decodeText(root.body, root.contentType.params.charset)).toBe('naïve \u20ac'); // iso-8859-1 label is windows-1252 in TextDecoder
    expect(decodeText(enc('x'), 'no-such-charset')).toBe('x');
  });

  it('joins adjacent encoded words as bytes (a character split across words)', () => {
    const root = parseMime('Subject: =?UTF-8?Q?=E2=82?= =?UTF-8?Q?=AC_sign?= plain =?utf-8*en?B?w6k=?=\n\n');
    expect(headerText(root.headers, 'subject')).toBe('€ sign plain é');
  });

  it('reads RFC 2231 single-section, charset and quoted forms, and RFC 2047 in quoted names', () => {
    const root = parseMime(
      [
        `Content-Type: application/octet-stream; name="=?UTF-8?B?w6l0w6kucGRm?="`,
        `Content-Disposition: attachment; filename*=iso-8859-1'fr'caf%E9.txt; size=3 (comment)`,
        '',
        'abc',
      ].join('\n'),
    );
    expect(root.contentType.params.name).toBe('été.pdf');
    expect(root.filename).toBe('café.txt');
    expect(root.disposition?.params.size).toBe('3');
  });

  it('keeps hostile file names as data; safeFilename makes them harmless', () => {
    const long = 'A'.repeat(5000);
    const names = ['../../x', 'a\u0001b\r\nc.txt', `${long}.exe`, 'invoice\u202efdp.exe', '__proto__'];
    for (const n of names) {
      const root = parseMime(`Content-Disposition: attachment; filename*=utf-8''${encodeURIComponent(n)}\n\nx`);
      expect(root.filename).toBe(n);
    }
    expect(safeFilename('../../x')).toBe('x');
    expect(safeFilename('..\\..\\evil.bat')).toBe('evil.bat');
    expect(safeFilename('a\u0001b\r\nc.txt')).toBe('abc.txt');
    expect(safeFilename('invoice\u202efdp.exe')).toBe('invoicefdp.exe');
    expect(safeFilename('CON.txt')).toBe('_CON.txt');
    expect(safeFilename('...')).toBe('attachment');
    expect(safeFilename(null, 'message.eml')).toBe('message.eml');
    const capped = safeFilename(`${long}.exe`);
    expect(capped.length).toBe(120);
    expect(capped.endsWith('.exe')).toBe(true);
  });

  it('treats the CRLF before a delimiter as the delimiter, and boundary-prefixed lines as content', () => {
    const body = enc('pre\r\n--b\r\nA\r\n--b-not\r\n\r\n--b \t\r\n\r\nB\r\n--b--\r\nepi');
    const parts = splitMultipart(body, 'b').map(dec);
    expect(parts).toEqual(['A\r\n--b-not\r\n', '\r\nB']);
  });

  it('is lenient: no close delimiter, multipart without boundary, invalid content type, no headers', () => {
    const open = parseMime('Content-Type: multipart/mixed; boundary=x\n\n--x\n\none\n--x\n\ntwo\n');
    expect(open.children.map((c) => dec(c.body))).toEqual(['one', 'two\n']);
    const noBoundary = parseMime('Content-Type: multipart/mixed\n\nbody');
    expect(noBoundary.children).toEqual([]);
    expect(dec(noBoundary.body)).toBe('body');
    expect(parseMime('Content-Type: garbage\n\nx').contentType).toMatchObject({ type: 'text', subtype: 'plain' });
    const noHeaders = parseMime('just text\nmore');
    expect(noHeaders.headers).toEqual([]);
    expect(dec(noHeaders.body)).toBe('just text\nmore');
  });

  it('parses message/rfc822 and multipart/digest children as messages', () => {
    const root = parseMime(
      'Content-Type: multipart/digest; boundary=d\n\n--d\n\nSubject: inner\n\nhello\n--d--\n',
    );
    const inner = root.children[0]?.children[0];
    expect(root.children[0]?.contentType).toMatchObject({ type: 'message', subtype: 'rfc822' });
    expect(headerText(inner?.headers ?? [], 'subject')).toBe('inner');
    expect(walkParts(root).map((p) => p.path)).toEqual(['', '1', '1.1']);
  });
});

describe('parseMime caps (DS-05)', () => {
  const nested = (depth: number): string => {
    let s = 'Content-Type: text/plain\n\nleaf';
    for (let i = 0; i < depth; i++) s = `Content-Type: multipart/mixed; boundary="b${i}"\n\n--b${i}\n${s}\n--b${i}--\n`;
    return s;
  };

  it('accepts 32 levels of nesting', () => {
    let p: MimePart | undefined = parseMime(nested(32));
    let levels = 0;
    while (p && p.children.length > 0) {
      p = p.children[0];
      levels++;
    }
    expect(levels).toBe(32);
    expect(dec(p?.body ?? new Uint8Array())).toBe('leaf');
  });

  it('rejects 1,000 levels of nesting with one clear error', () => {
    expect(codeOf(() => parseMime(nested(1000)))).toBe('TOO_LARGE: MIME nesting deeper than 32 levels');
  });

  it('rejects more than 1,000 parts, more than 1,000 headers and more than 64 MiB', () => {
    const many = `Content-Type: multipart/mixed; boundary=m\n\n${'--m\n\nx\n'.repeat(1001)}--m--\n`;
    expect(codeOf(() => parseMime(many))).toBe('TOO_LARGE: more than 1000 MIME parts');
    expect(codeOf(() => parseMime(`${'X-A: 1\n'.repeat(1001)}\nx`))).toBe('TOO_LARGE: too many MIME header fields');
    expect(codeOf(() => parseMime(new Uint8Array(64 * 1024 * 1024 + 1)))).toBe('TOO_LARGE: MIME message over 64 MiB');
  });

  it('finishes on 1 MB hostile header values (parameters, comments, encoded words, folding)', () => {
    const big = [
      `Content-Type: text/plain${'; x'.repeat(300_000)}; charset=utf-8`,
      `Content-Disposition: attachment; filename*0*=utf-8''${'%E2'.repeat(300_000)}`,
      `Subject: ${'=?utf-8?Q?'.repeat(100_000)} ${'=?utf-8?B?w6k=?= '.repeat(50_000)}`,
      `X-Comment: (${'('.repeat(300_000)}`,
      `X-Folded: a${'\n b'.repeat(300_000)}`,
    ];
    const root = parseMime(`${big.join('\n')}\n\nbody`);
    expect(root.contentType.params.charset).toBe('utf-8');
    expect(root.filename?.length).toBe(300_000);
    expect(headerText(root.headers, 'subject')?.endsWith('é'.repeat(50_000))).toBe(true);
  });

  it('finishes on a body of 200,000 almost-delimiter lines', () => {
    const root = parseMime(`Content-Type: multipart/mixed; boundary=${'z'.repeat(70)}\n\n${`--${'z'.repeat(69)}\n`.repeat(200_000)}`);
    expect(root.children).toEqual([]);
  });
});
