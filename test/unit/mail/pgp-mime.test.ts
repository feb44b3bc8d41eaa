import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isCachetError } from '../../../src/core/errors';
import { classifyMessage, describeDecrypted, parseMime, type DisplayPart } from '../../../src/core/mime';
import { CLEARSIGNED, MESSAGE } from './fixtures';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'NO_ERROR';
  } catch (e) {
    return isCachetError(e) ? e.code : `NOT_CACHET: ${String(e)}`;
  }
}

/** Builds a multipart/encrypted mail exactly as pgp-send.sh does, with Python's email package. */
function pythonEncryptedMail(armored: string): string {
  const script = `
import sys
from email.mime.multipart import MIMEMultipart
from email.mime.base import MIMEBase
m2=MIMEMultipart('encrypted', protocol='application/pgp-encrypted')
m2['From']='Alice Test <alice@example.org>'; m2['To']='bob@example.org'; m2['Subject']='PGP/MIME encrypted'
m2.preamble='This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)'
v=MIMEBase('application','pgp-encrypted'); v['Content-Description']='PGP/MIME version identification'; v.set_payload('Version: 1\\n'); m2.attach(v)
e=MIMEBase('application','octet-stream', name='encrypted.asc'); e['Content-Description']='OpenPGP encrypted message'
e['Content-Disposition']='inline; filename="encrypted.asc"'; e.set_payload(sys.stdin.read()); m2.attach(e)
sys.stdout.write(m2.as_string())
`;
  const r = spawnSync('python3', ['-c', script], { input: armored, encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return r.stdout;
}

// Enigmail's layout for a signed mail (LF as stored in a Maildir): a multipart/mixed with a
// QP text part and a base64 attachment inside multipart/signed.
const ENIGMAIL_SIGNED = `From: Alice <alice@example.org>
Subject: signed
MIME-Version: 1.0
Content-Type: multipart/signed; micalg=pgp-SHA256;
 protocol="application/pgp-signature";
 boundary="8Gc9IPaUvzfIlqPHYQd4Wbq3ebCvh5YTd"

This is an OpenPGP/MIME signed message (RFC 4880 and 3156)
--8Gc9IPaUvzfIlqPHYQd4Wbq3ebCvh5YTd
Content-Type: multipart/mixed; boundary="inner"

--inner
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Caf=C3=A9=20
--inner
Content-Type: application/octet-stream; name="a.bin"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="a.bin"

AAEC
--inner--

--8Gc9IPaUvzfIlqPHYQd4Wbq3ebCvh5YTd
Content-Type: application/pgp-signature; name="signature.asc"
Content-Description: OpenPGP digital signature
Content-Disposition: attachment; filename="signature.asc"

${CLEARSIGNED.slice(CLEARSIGNED.indexOf('-----BEGIN PGP SIGNATURE-----'))}
--8Gc9IPaUvzfIlqPHYQd4Wbq3ebCvh5YTd--
`;

describe('classifyMessage', () => {
  it('reads a multipart/encrypted mail built like pgp-send.sh (Python email)', () => {
    const c = classifyMessage(parseMime(pythonEncryptedMail(`${MESSAGE}\n`)));
    expect(c).toMatchObject({ kind: 'encrypted', whole: true, armored: `${MESSAGE}\n` });
  });

  it('refuses a PGP/MIME encrypted mail with a wrong version or shape', () => {
    const mail = pythonEncryptedMail(`${MESSAGE}\n`);
    expect(codeOf(() => classifyMessage(parseMime(mail.replace('\nVersion: 1\n', '\nVersion: 2\n'))))).toBe('MALFORMED_ARMOR');
    expect(codeOf(() => classifyMessage(parseMime(mail.replace('application/octet-stream', 'text/html'))))).toBe('MALFORMED_ARMOR');
  });

  it('reads an Enigmail-style multipart/signed: exact signed bytes in CRLF, micalg, signature', () => {
    const c = classifyMessage(parseMime(ENIGMAIL_SIGNED));
    if (c.kind !== 'signed') throw new Error(c.kind);
    const signed = new TextDecoder().decode(c.signedBytes);
    expect(signed.startsWith('Content-Type: multipart/mixed; boundary="inner"\r\n\r\n--inner\r\n')).toBe(true);
    expect(signed.endsWith('AAEC\r\n--inner--\r\n')).toBe(true);
    expect(signed).not.toMatch(/[^\r]\n/);
    expect(c.micalg).toBe('pgp-sha256');
    expect(c.signatureArmored.startsWith('-----BEGIN PGP SIGNATURE-----')).toBe(true);
    expect(c.signedPart.children.map((p) => p.filename)).toEqual([null, 'a.bin']);
  });

  it('says when a PGP/MIME part is only part of the message (SG-01)', () => {
    const outer = `Content-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: text/plain\n\nUnsigned text added by a list\n--o\n${ENIGMAIL_SIGNED.slice(ENIGMAIL_SIGNED.indexOf('Content-Type: multipart/signed'))}--o--\n`;
    expect(classifyMessage(parseMime(outer))).toMatchObject({ kind: 'signed', whole: false });
  });

  it('finds inline armor in text/plain parts but not in attachments, else says plain', () => {
    const inline = classifyMessage(parseMime(`Content-Type: text/plain\n\nHi\n${MESSAGE}\n`));
    expect(inline.kind === 'inline' && inline.found[0]?.blocks[0]?.armored).toBe(`${MESSAGE}\n`);
    const attached = `Content-Type: multipart/mixed; boundary=a\n\n--a\n\nhello\n--a\nContent-Type: text/plain\nContent-Disposition: attachment; filename=x.asc\n\n${MESSAGE}\n--a--\n`;
    expect(classifyMessage(parseMime(attached))).toEqual({ kind: 'plain' });
  });
});

// Decrypted content as Thunderbird sends it: protected headers, alternative text/html,
// an attachment, a nested old ciphertext (MP-04) and text outside the signed part (SG-01).
const DECRYPTED = `Content-Type: multipart/mixed; boundary="top"; protected-headers="v1"
Subject: =?UTF-8?Q?Secret_=E2=82=AC?=

--top
Content-Type: text/plain; charset=utf-8

Unsigned preface
--top
Content-Type: multipart/signed; micalg=pgp-sha256; protocol="application/pgp-signature"; boundary="sig"

--sig
Content-Type: multipart/alternative; boundary="alt"

--alt
Content-Type: text/plain; charset=utf-8

plain body
--alt
Content-Type: text/html; charset=utf-8

<p>html body</p>
--alt--
--sig
Content-Type: application/pgp-signature

${CLEARSIGNED.slice(CLEARSIGNED.indexOf('-----BEGIN PGP SIGNATURE-----'))}
--sig--
--top
Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary="enc"

--enc
Content-Type: application/pgp-encrypted

Version: 1
--enc
Content-Type: application/octet-stream

${MESSAGE}
--enc--
--top
Content-Type: message/rfc822

Subject: forwarded

old mail
--top
Content-Type: application/pdf; name="../../r\u00e9sum\u00e9.pdf"
Content-Disposition: attachment

%PDF
--top--
`;

describe('describeDecrypted', () => {
  const summary = (parts: DisplayPart[]): string[] =>
    parts.map((p) => `${p.kind}:${p.signed ? 'signed' : 'unsigned'}${p.kind === 'attachment' ? `:${p.safeName}` : ''}`);

  it('shows the inner structure, marks what is signed, never auto-decrypts nested ciphertext', () => {
    const d = describeDecrypted(enc(DECRYPTED));
    expect(d.protectedSubject).toBe('Secret €');
    expect(summary(d.parts)).toEqual([
      'text:unsigned',
      'html:signed',
      'encrypted:unsigned',
      'attachment:unsigned:message.eml',
      'attachment:unsigned:résumé.pdf',
    ]);
    expect(d.parts[1]).toMatchObject({ kind: 'html', html: '<p>html body</p>' });
    expect(d.parts[2]).toMatchObject({ kind: 'encrypted', autoDecrypt: false, armored: MESSAGE });
    expect(d.signature?.signedPart.contentType.subtype).toBe('alternative');
    const plain = describeDecrypted(enc(DECRYPTED), { preferPlain: true });
    expect(plain.parts[1]).toMatchObject({ kind: 'text', text: 'plain body' });
  });

  it('reads the inner entity pgp-send.sh encrypts, and protected headers before Content-Type', () => {
    const inner = 'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\nSecret PGP/MIME message for Bob.\r\n';
    expect(describeDecrypted(enc(inner)).parts).toMatchObject([{ kind: 'text', text: 'Secret PGP/MIME message for Bob.\r\n', signed: false }]);
    const protectedFirst = `Subject: hi\nFrom: a@b\n${inner}`;
    expect(describeDecrypted(enc(protectedFirst)).parts).toMatchObject([{ kind: 'text', text: 'Secret PGP/MIME message for Bob.\r\n' }]);
    const prose = 'Note: this is text.\nContent-Type: is discussed here\n\nmore';
    expect(describeDecrypted(enc(prose)).parts).toMatchObject([{ kind: 'text', text: prose, part: null }]);
  });

  it('treats non-MIME plaintext as text and flags armored messages inside it (MP-04)', () => {
    const d = describeDecrypted(enc(`Hello\n${MESSAGE}\n`));
    expect(d.parts.map((p) => p.kind)).toEqual(['text', 'encrypted']);
    expect(d.signature).toBeNull();
  });
});
