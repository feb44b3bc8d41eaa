import * as openpgp from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMixed } from '../../../../src/core/mime/build';
import { checkMicalg, micalgOf, signMimeEntity, verifyMimeSigned } from '../../../../src/core/mime/signed';
import { codeOf } from '../helpers';
import { alter, concat, crlf, latin1, openpgpSigner, signedMail, toLf } from './signed-mail';

let alice: openpgp.PrivateKey;
let alicePub: openpgp.PublicKey;

beforeAll(async () => {
  const { privateKey } = await openpgp.generateKey({ userIDs: [{ email: 'alice@example.org' }], type: 'curve25519', format: 'object' });
  alice = privateKey;
  alicePub = privateKey.toPublic();
});

// mutt: text/plain, quoted-printable so the trailing space survives (RFC 3156 §3).
const MUTT_QP = crlf(
  'Content-Type: text/plain; charset=utf-8',
  'Content-Disposition: inline',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Gr=C3=BC=C3=9Fe aus M=C3=BCnchen,=20',
  'From the signer',
  '',
);

// Thunderbird: multipart/mixed with a QP text part and a base64 attachment.
const THUNDERBIRD_MIXED = crlf(
  'Content-Type: multipart/mixed; boundary="------------tb1Qw2Er3"',
  '',
  'This is a multi-part message in MIME format.',
  '--------------tb1Qw2Er3',
  'Content-Type: text/plain; charset=UTF-8; format=flowed',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Hello Bob,=20',
  'the report is attached. Caf=C3=A9.',
  '',
  '--------------tb1Qw2Er3',
  'Content-Type: application/pdf; name="report.pdf"',
  'Content-Disposition: attachment; filename="report.pdf"',
  'Content-Transfer-Encoding: base64',
  '',
  'JVBERi0xLjQKJcfsj6IKNSAwIG9iago8PC9MZW5ndGggNiAwIFI+PgpzdHJlYW0K',
  '',
  '--------------tb1Qw2Er3--',
  '',
);

// 8bit UTF-8 text, sent as is (RFC 3156 allows 8bit where the transport does).
const EIGHT_BIT_UTF8 = crlf('Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', 'Ünïcödé straight through: 日本語', '');

const b = (s: string) => new TextEncoder().encode(s);

async function verify(raw: Uint8Array) {
  const r = await verifyMimeSigned({ raw, verificationKeys: [alicePub] });
  return { ...r, statuses: r.signatures.map((s) => s.status) };
}

describe('verifyMimeSigned: messages built like GnuPG-based clients and Thunderbird', () => {
  const cases: Array<[string, Uint8Array, 'binary' | 'text']> = [
    ['mutt QP text (textmode signature)', b(MUTT_QP), 'text'],
    ['mutt QP text (binary signature)', b(MUTT_QP), 'binary'],
    ['Thunderbird multipart/mixed with a base64 attachment', b(THUNDERBIRD_MIXED), 'binary'],
    ['8bit UTF-8 text', b(EIGHT_BIT_UTF8), 'binary'],
    ['8bit ISO-8859-1 text', concat(crlf('Content-Type: text/plain; charset=iso-8859-1', 'Content-Transfer-Encoding: 8bit', '', ''), latin1('Gr\xfc\xdfe, caf\xe9\r\n')), 'binary'],
  ];
  for (const [name, entity, type] of cases) {
    it(`${name}: good as CRLF and as LF-only (Maildir)`, async () => {
      const sig = await (await openpgpSigner(alice, type))(entity);
      const mail = signedMail(entity, sig);
      const crlfResult = await verify(mail);
      expect(crlfResult.statuses).toEqual(['good']);
      expect(crlfResult.micalg.ok).toBe(true);
      expect(crlfResult.signedPart).toMatchObject({ path: '1', whole: true });
      const lf = toLf(mail);
      expect(lf.length).toBeLessThan(mail.length);
      expect((await verify(lf)).statuses).toEqual(['good']);
    });
  }

  it('the signed part is reported exactly: its part number, type, leaves, and whether it is the whole mail', async () => {
    const entity = b(THUNDERBIRD_MIXED);
    const sig = await (await openpgpSigner(alice, 'binary'))(entity);
    const r = await verify(signedMail(entity, sig, { footer: 'Unsigned mailing-list footer' }));
    expect(r.statuses).toEqual(['good']);
    expect(r.signedPart).toEqual({ path: '1.1', contentType: 'multipart/mixed', whole: false, leafParts: 2 });
    // The bytes shown are the signed part's, never the footer.
    expect(new TextDecoder().decode(r.found.signedPart.raw)).not.toContain('footer');
  });

  it('one byte changed in the signed body is bad (CRLF and LF-only)', async () => {
    const entity = b(THUNDERBIRD_MIXED);
    const mail = signedMail(entity, await (await openpgpSigner(alice, 'binary'))(entity));
    const altered = alter(mail, 'report is attached', 'report is attacked');
    expect((await verify(altered)).statuses).toEqual(['bad']);
    expect((await verify(toLf(altered))).statuses).toEqual(['bad']);
    // A change in the base64 attachment too.
    expect((await verify(alter(mail, 'JVBERi0x', 'JVBERi0y'))).statuses).toEqual(['bad']);
  });

  it('a header of the signed part changed is bad; an outer header changed is not covered and stays good', async () => {
    const entity = b(MUTT_QP);
    const mail = signedMail(entity, await (await openpgpSigner(alice, 'text'))(entity));
    expect((await verify(alter(mail, 'Content-Disposition: inline', 'Content-Disposition: attac')))).toMatchObject({ statuses: ['bad'] });
    expect((await verify(alter(mail, 'charset=utf-8', 'charset=latin1')))).toMatchObject({ statuses: ['bad'] });
    expect((await verify(alter(mail, 'Subject: signed', 'Subject: SIGNED')))).toMatchObject({ statuses: ['good'] });
  });

  it('trailing whitespace is not stripped: a signer that left it in and a relay that removed it do not verify (RFC 3156 §3)', async () => {
    const entity = b(crlf('Content-Type: text/plain', '', 'trailing space here ', ''));
    const mail = signedMail(entity, await (await openpgpSigner(alice, 'binary'))(entity));
    expect((await verify(mail)).statuses).toEqual(['good']);
    expect((await verify(alter(mail, 'here \r\n', 'here\r\n'))).statuses).toEqual(['bad']);
  });

  it('the CRLF before the next delimiter belongs to the delimiter, not to the signed data (RFC 2046 §5.1.1)', async () => {
    // Signed over the entity WITH one more CRLF: a verifier that kept the delimiter's CRLF would call this good.
    const entity = b(crlf('Content-Type: text/plain', '', 'body'));
    const withExtra = concat(entity, '\r\n');
    const sig = await (await openpgpSigner(alice, 'binary'))(withExtra);
    expect((await verify(signedMail(entity, sig))).statuses).toEqual(['bad']);
    const good = await (await openpgpSigner(alice, 'binary'))(entity);
    expect((await verify(signedMail(entity, good))).statuses).toEqual(['good']);
  });

  it('micalg: checked against the signature hash, case-insensitively; missing or wrong is reported', async () => {
    const entity = b(MUTT_QP);
    const sig = await (await openpgpSigner(alice, 'binary'))(entity);
    expect((await verify(signedMail(entity, sig, { micalg: 'pgp-SHA512' }))).micalg).toEqual({ declared: 'pgp-sha512', used: ['pgp-sha512'], ok: true });
    const wrong = await verify(signedMail(entity, sig, { micalg: 'pgp-sha1' }));
    expect(wrong.micalg.ok).toBe(false);
    expect(wrong.statuses).toEqual(['good']); // the caller downgrades; the crypto itself is reported as is
    expect((await verify(signedMail(entity, sig, { micalg: null }))).micalg.ok).toBe(false);
    expect(micalgOf(openpgp.enums.hash.sha256)).toBe('pgp-sha256');
    expect(checkMicalg('pgp-sha1, pgp-sha256', ['pgp-sha256']).ok).toBe(true);
  });

  it('an unknown signer is unknown-key, never good', async () => {
    const entity = b(MUTT_QP);
    const sig = await (await openpgpSigner(alice, 'binary'))(entity);
    const r = await verifyMimeSigned({ raw: signedMail(entity, sig), verificationKeys: [] });
    expect(r.signatures.map((s) => s.status)).toEqual(['unknown-key']);
  });

  it('a second part that is not application/pgp-signature, or a garbage signature, is MALFORMED_ARMOR', async () => {
    const entity = b(MUTT_QP);
    const mail = signedMail(entity, await (await openpgpSigner(alice, 'binary'))(entity));
    const notSig = alter(mail, 'Content-Type: application/pgp-signature;', 'Content-Type: application/octet-stream;');
    // With the protocol still declared, the structure is broken.
    expect(await codeOf(() => verifyMimeSigned({ raw: notSig, verificationKeys: [alicePub] }))).toBe('MALFORMED_ARMOR');
    const garbage = signedMail(entity, '-----BEGIN PGP SIGNATURE-----\r\n\r\nAAAA\r\n-----END PGP SIGNATURE-----');
    expect(await codeOf(() => verifyMimeSigned({ raw: garbage, verificationKeys: [alicePub] }))).toBe('MALFORMED_ARMOR');
    expect(await codeOf(() => verifyMimeSigned({ raw: 'Content-Type: text/plain\r\n\r\nhello', verificationKeys: [] }))).toBe('MALFORMED_ARMOR');
  });
});

describe('signMimeEntity (sign-only PGP/MIME where Cachet builds the MIME body)', () => {
  it('signs the CRLF-canonical entity; verifyMimeSigned finds it good with a matching micalg, CRLF and LF-only', async () => {
    const entity = buildMixed('Grüße — signed, not encrypted.\ntrailing space ', [{ filename: 'a.bin', data: new Uint8Array([0, 1, 2, 255]) }]);
    const { mime, micalg } = await signMimeEntity({ entity, signingKeys: [alice] });
    expect(micalg).toMatch(/^pgp-sha(256|384|512)$/);
    const raw = `From: Alice <alice@example.org>\r\nMIME-Version: 1.0\r\n${mime}`;
    const r = await verify(b(raw));
    expect(r.statuses).toEqual(['good']);
    expect(r.micalg.ok).toBe(true);
    expect(r.signedPart).toMatchObject({ path: '1', contentType: 'multipart/mixed', whole: true, leafParts: 2 });
    expect((await verify(toLf(b(raw)))).statuses).toEqual(['good']);
    expect((await verify(alter(b(raw), 'AAEC', 'AAED'))).statuses).toEqual(['bad']);
  });

  it('a locked key is PASSPHRASE_REQUIRED; an 8-bit entity is refused (RFC 3156 §3: 7-bit only)', async () => {
    const { privateKey } = await openpgp.generateKey({ userIDs: [{ email: 'x@example.org' }], passphrase: 'locked key pass', format: 'object' });
    expect(await codeOf(() => signMimeEntity({ entity: buildMixed('x'), signingKeys: [privateKey] }))).toBe('PASSPHRASE_REQUIRED');
    expect(await codeOf(() => signMimeEntity({ entity: 'Content-Type: text/plain\r\n\r\nGr\u00fc\u00dfe', signingKeys: [alice] }))).toBe('BAD_REQUEST');
  });
});
