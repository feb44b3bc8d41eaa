/**
 * PGP/MIME signed mail (RFC 3156 §5) made by the tools real clients use, verified by Cachet:
 * mutt runs `gpg --armor --textmode --detach-sign` over the CRLF-canonical part, Enigmail /
 * older Thunderbird `gpg --armor --detach-sign`, Sequoia-based clients `sqop sign`. Each mail
 * is checked as sent (CRLF) and as a Maildir stores it (LF only), and one altered byte in
 * the part or its header makes it bad.
 */
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMixed } from '../../src/core/mime/build';
import { parseMime } from '../../src/core/mime/parse';
import { classifyMessage } from '../../src/core/mime/pgp-mime';
import { signMimeEntity, verifyMimeSigned } from '../../src/core/mime/signed';
import { alter, concat, crlf, latin1, signedMail, toLf } from '../unit/core/mime/signed-mail';
import { GnuPG, hasStatus } from './tools/gnupg';
import { Sop } from './tools/sequoia';

const PASS = 'interop mime signing passphrase';
let gpg: GnuPG;
let sop: Sop;
let gpgFpr: string;
let gpgCert: openpgp.PublicKey;
let sopKey: string;
let sopCert: openpgp.PublicKey;

beforeAll(async () => {
  gpg = GnuPG.create();
  sop = Sop.create();
  gpgFpr = await gpg.generate('Mutt User <mutt@example.org>', 'ecc', PASS);
  gpgCert = await openpgp.readKey({ armoredKey: await gpg.exportPublic(gpgFpr) });
  sopKey = await sop.generateKey('Sop User <sop@example.org>');
  sopCert = await openpgp.readKey({ armoredKey: await sop.extractCert(sopKey) });
}, 120_000);

afterAll(async () => {
  await gpg.close();
  sop.close();
});

const ENTITIES: Record<string, Uint8Array> = {
  'QP text': new TextEncoder().encode(
    crlf('Content-Type: text/plain; charset=utf-8', 'Content-Disposition: inline', 'Content-Transfer-Encoding: quoted-printable', '', 'Sch=C3=B6ne Gr=C3=BC=C3=9Fe,=20', 'mutt', ''),
  ),
  'multipart/mixed with base64 attachment': new TextEncoder().encode(
    crlf(
      'Content-Type: multipart/mixed; boundary="mutt-inner"',
      '',
      '--mutt-inner',
      'Content-Type: text/plain; charset=us-ascii',
      'Content-Disposition: inline',
      '',
      'See attachment.',
      '',
      '--mutt-inner',
      'Content-Type: application/octet-stream',
      'Content-Disposition: attachment; filename="data.bin"',
      'Content-Transfer-Encoding: base64',
      '',
      'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
      '',
      '--mutt-inner--',
      '',
    ),
  ),
  '8bit ISO-8859-1 text': concat(crlf('Content-Type: text/plain; charset=iso-8859-1', 'Content-Transfer-Encoding: 8bit', '', ''), latin1('Gr\xfc\xdfe aus K\xf6ln\r\n')),
  '8bit UTF-8 text': new TextEncoder().encode(crlf('Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', 'Ελληνικά και 日本語', '')),
};

async function gpgSign(entity: Uint8Array, textmode: boolean): Promise<string> {
  const args = ['--armor', '--detach-sign', '--digest-algo', 'SHA256', ...(textmode ? ['--textmode'] : []), '-u', gpgFpr];
  return (await gpg.gpgOk(args, { input: entity, passphrase: PASS })).stdout;
}

async function sopSign(entity: Uint8Array, as: 'binary' | 'text'): Promise<string> {
  const r = await sop.sop(['sign', '--as', as, '--', sop.save(sopKey)], entity);
  if (r.code !== 0) throw new Error(`sqop sign failed: ${r.stderr}`);
  return r.stdout;
}

async function statuses(raw: Uint8Array, cert: openpgp.PublicKey) {
  const r = await verifyMimeSigned({ raw, verificationKeys: [cert] });
  return { statuses: r.signatures.map((s) => s.status), micalg: r.micalg };
}

describe('PGP/MIME signed mail from gpg and sqop, verified by Cachet', () => {
  for (const [name, entity] of Object.entries(ENTITIES)) {
    for (const textmode of [true, false]) {
      it(`gpg ${textmode ? '--textmode ' : ''}--detach-sign, ${name}: good CRLF and LF-only, bad when altered`, async () => {
        const sig = await gpgSign(entity, textmode);
        const mail = signedMail(entity, sig, { micalg: 'pgp-sha256' });
        // gpg itself agrees on the bytes signed (the CRLF-canonical entity).
        const check = await gpg.gpg(['--verify', gpg.dir.file(`s${Math.random()}.asc`, sig), gpg.dir.file(`d${Math.random()}`, entity)]);
        expect(hasStatus(check.status, 'GOODSIG')).toBe(true);
        expect(await statuses(mail, gpgCert)).toEqual({ statuses: ['good'], micalg: { declared: 'pgp-sha256', used: ['pgp-sha256'], ok: true } });
        expect((await statuses(toLf(mail), gpgCert)).statuses).toEqual(['good']);
        // A header of the signed part (its first line), one byte changed.
        const first = String.fromCharCode(...entity.subarray(0, entity.indexOf(0x0d)));
        expect((await statuses(alter(mail, first, first.replace('Content-Type', 'Content-type')), gpgCert)).statuses).toEqual(['bad']);
        // The start of the signed body, one byte changed, in the Maildir copy.
        const at = entity.findIndex((_, i) => entity[i] === 0x0d && entity[i + 1] === 0x0a && entity[i + 2] === 0x0d) + 4;
        const start = String.fromCharCode(...entity.subarray(at, at + 12));
        expect((await statuses(toLf(alter(mail, start, `X${start.slice(1)}`)), gpgCert)).statuses).toEqual(['bad']);
      }, 60_000);
    }
  }

  for (const as of ['binary', 'text'] as const) {
    it(`sqop sign --as ${as}: good CRLF and LF-only; micalg pgp-sha512 checked`, async () => {
      const entity = ENTITIES['multipart/mixed with base64 attachment'] as Uint8Array;
      const sig = await sopSign(entity, as);
      const mail = signedMail(entity, sig, { micalg: 'pgp-sha512' });
      const r = await statuses(mail, sopCert);
      expect(r.statuses).toEqual(['good']);
      expect(r.micalg.used.length).toBe(1);
      // sqop picks the hash; whatever it is, declaring another one is caught.
      expect(r.micalg.ok).toBe(r.micalg.used[0] === 'pgp-sha512');
      expect((await statuses(toLf(signedMail(entity, sig, { micalg: r.micalg.used[0] as string })), sopCert))).toMatchObject({ statuses: ['good'], micalg: { ok: true } });
      expect((await statuses(alter(mail, 'See attachment.', 'See attachment!'), sopCert)).statuses).toEqual(['bad']);
    }, 60_000);
  }
});

describe('PGP/MIME signed by Cachet (signMimeEntity), verified by gpg and sqop', () => {
  it('gpg --verify and sqop verify accept the signed part exactly as it stands in the mail (CRLF)', async () => {
    const { privateKey, publicKey } = await openpgp.generateKey({ userIDs: [{ email: 'cachet@example.org' }], type: 'ecc', curve: 'ed25519Legacy', format: 'object' });
    const entity = buildMixed('Signed by Cachet, checked by GnuPG.\nZeile mit Umlaut: äöü', [{ filename: 'x.bin', data: new Uint8Array([1, 2, 3]) }]);
    const { mime } = await signMimeEntity({ entity, signingKeys: [privateKey] });
    const raw = new TextEncoder().encode(`From: cachet@example.org\r\nMIME-Version: 1.0\r\n${mime}`);
    const found = classifyMessage(parseMime(raw));
    if (found.kind !== 'signed') throw new Error('not multipart/signed');
    await gpg.importKeys(publicKey.armor());
    const r = await gpg.gpg(['--verify', gpg.dir.file('cachet.asc', found.signatureArmored), gpg.dir.file('cachet.part', found.signedBytes)]);
    expect(hasStatus(r.status, 'GOODSIG'), r.stderr).toBe(true);
    const v = await sop.sop(['verify', '--', sop.save(found.signatureArmored, 'sig'), sop.save(publicKey.armor(), 'cert')], found.signedBytes);
    expect(v.code).toBe(0);
    const bad = await gpg.gpg(['--verify', gpg.dir.file('cachet2.asc', found.signatureArmored), gpg.dir.file('cachet2.part', alter(found.signedBytes, 'GnuPG', 'GnuPg'))]);
    expect(hasStatus(bad.status, 'BADSIG')).toBe(true);
  }, 60_000);
});
