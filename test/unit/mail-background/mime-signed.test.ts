/**
 * PGP/MIME signed sessions through the background (issue 6 §2): the read frame is told which
 * part is signed and whether micalg matches, and a mismatching micalg is never "good".
 */
import * as openpgp from 'openpgp';
import { describe, expect, it } from 'vitest';
import { buildMixed, buildSigned, canonicalCrlf } from '../../../src/core/mime';
import { signatureMicalgs } from '../../../src/core/mime/signed';
import { mailHarness, withKeys, type MailHarness } from './harness';

const enc = new TextEncoder();

async function readSigned(h: MailHarness, raw: string) {
  const { sessionId } = await h.content('openReadSession', { adapter: 'roundcube', kind: 'pgp-mime-signed', armored: raw, sender: 'Bob <bob@example.org>' });
  return h.frame('read.html', sessionId, 'decryptReadSession', { sessionId, passphrase: null });
}

describe('pgp-mime-signed read sessions', () => {
  it('names the signed part; LF-only (Maildir) verifies; a wrong micalg turns good into bad; a footer outside is reported', async () => {
    const h = mailHarness();
    const k = await withKeys(h);
    const entity = buildMixed('Quarterly numbers attached.', [{ filename: 'q3.csv', data: enc.encode('a,b\n1,2\n'), contentType: 'text/csv' }]);
    const message = await openpgp.createMessage({ binary: canonicalCrlf(enc.encode(entity)) });
    const sig = await openpgp.sign({ message, signingKeys: k.bobPrivate, detached: true });
    const [micalg] = await signatureMicalgs(sig);
    expect(micalg).toMatch(/^pgp-sha(256|384|512)$/);
    const head = 'From: Bob <bob@example.org>\r\nSubject: q3\r\nMIME-Version: 1.0\r\n';
    const raw = `${head}${buildSigned(entity, sig, micalg as string)}`;
    const good = await readSigned(h, raw);
    expect(good.signatures.map((s) => s.status)).toEqual(['good']);
    expect(good.mimeSigned).toEqual({ path: '1', contentType: 'multipart/mixed', whole: true, micalgDeclared: micalg, micalgUsed: [micalg], micalgOk: true });
    expect(good.text).toBe('Quarterly numbers attached.');
    expect(good.attachments.map((a) => a.name)).toEqual(['q3.csv']);

    const lf = await readSigned(h, raw.replace(/\r\n/g, '\n'));
    expect(lf.signatures.map((s) => s.status)).toEqual(['good']);

    const wrongMicalg = await readSigned(h, raw.replace(`micalg=${micalg}`, 'micalg=pgp-sha1'));
    expect(wrongMicalg.signatures.map((s) => s.status)).toEqual(['bad']);
    expect(wrongMicalg.mimeSigned).toMatchObject({ micalgOk: false, micalgDeclared: 'pgp-sha1', micalgUsed: [micalg] });

    // A mailing list wrapped the signed mail and added a footer: only part 1 is signed and shown.
    const signedBlock = buildSigned(entity, sig, micalg as string);
    const wrapped = `${head}Content-Type: multipart/mixed; boundary="list"\r\n\r\n--list\r\n${signedBlock}\r\n--list\r\nContent-Type: text/plain\r\n\r\nUnsubscribe: evil.example\r\n--list--\r\n`;
    const partial = await readSigned(h, wrapped);
    expect(partial.signatures.map((s) => s.status)).toEqual(['good']);
    expect(partial.mimeSigned).toMatchObject({ path: '1.1', whole: false });
    expect(partial.text).not.toContain('Unsubscribe');
  }, 120_000);
});
