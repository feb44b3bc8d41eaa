/**
 * RFC 3156 §5 canonicalisation checked with real GnuPG: gpg signs the canonical bytes,
 * the message is stored with LF line endings (as in a Maildir), and the signed bytes
 * Cachet extracts verify with `gpg --verify`; one altered byte makes them fail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMixed, buildSigned, canonicalCrlf, classifyMessage, parseMime } from '../../../src/core/mime';
import { GnuPG, hasStatus } from '../../interop/tools/gnupg';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
const toLf = (b: Uint8Array): Uint8Array => latin1(String.fromCharCode(...b).replace(/\r\n/g, '\n'));

/** A Thunderbird-style signed body that was sent 8-bit (not what RFC 3156 wants, but seen). */
const EIGHT_BIT_ENTITY = latin1(
  'Content-Type: multipart/mixed; boundary="tb"\r\n\r\n--tb\r\nContent-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\nCaf\xe9 na\xefve  \r\n\r\n--tb\r\nContent-Type: application/octet-stream; name="x.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\nAAECAw==\r\n--tb--\r\n',
);

/** Wraps an entity the way Enigmail does, without 7-bit checks (buildSigned refuses 8-bit). */
function wrapSigned(entity: Uint8Array, sig: string): Uint8Array {
  const head = 'Content-Type: multipart/signed; micalg=pgp-sha256; protocol="application/pgp-signature"; boundary="s"\r\n\r\nThis is an OpenPGP/MIME signed message (RFC 4880 and 3156)\r\n--s\r\n';
  const tail = `\r\n--s\r\nContent-Type: application/pgp-signature; name="signature.asc"\r\n\r\n${sig}\r\n--s--\r\n`;
  return new Uint8Array([...latin1(head), ...entity, ...latin1(tail)]);
}

describe('multipart/signed canonicalisation against gpg', () => {
  let gpg: GnuPG;
  beforeAll(async () => {
    gpg = GnuPG.create();
    await gpg.gpgOk(['--quick-gen-key', 'Signer <signer@example.org>', 'ed25519', 'sign', 'never'], { passphrase: '' });
  });
  afterAll(() => gpg.close());

  const sign = async (data: Uint8Array): Promise<string> =>
    (await gpg.gpgOk(['--armor', '--detach-sign', '--digest-algo', 'SHA256', '-u', 'signer@example.org'], { input: data, passphrase: '' })).stdout;

  let n = 0;
  const verify = async (data: Uint8Array, sig: string): Promise<boolean> => {
    n++;
    const r = await gpg.gpg(['--verify', gpg.dir.file(`v${n}.asc`, sig), gpg.dir.file(`v${n}.dat`, data)]);
    return r.code === 0 && hasStatus(r.status, 'GOODSIG');
  };

  /** Extracts the signed bytes and signature from a mail stored with LF line endings. */
  const extract = (mailLf: Uint8Array): { bytes: Uint8Array; sig: string } => {
    const c = classifyMessage(parseMime(mailLf));
    if (c.kind !== 'signed') throw new Error(`expected signed, got ${c.kind}`);
    return { bytes: c.signedBytes, sig: c.signatureArmored };
  };

  it('verifies a 7-bit entity made by buildMixed (QP text with trailing spaces, From, attachment)', async () => {
    const entity = buildMixed('Caf\u00e9 \u20ac  \nFrom the start\n-- \nAlice', [{ filename: 'r\u00e9sum\u00e9.pdf', data: Uint8Array.from([0, 255, 13, 10, 1]) }]);
    const canonical = canonicalCrlf(enc(entity));
    const mailLf = toLf(enc(buildSigned(entity, await sign(canonical), 'pgp-sha256')));
    const { bytes, sig } = extract(mailLf);
    expect(bytes).toEqual(canonical);
    expect(await verify(bytes, sig)).toBe(true);
  });

  it('verifies an 8-bit Thunderbird-style entity byte for byte, and fails after one altered byte', async () => {
    const sig = await sign(EIGHT_BIT_ENTITY);
    const mailLf = toLf(wrapSigned(EIGHT_BIT_ENTITY, sig));
    const { bytes, sig: extracted } = extract(mailLf);
    expect(bytes).toEqual(EIGHT_BIT_ENTITY);
    expect(await verify(bytes, extracted)).toBe(true);

    const at = String.fromCharCode(...mailLf).indexOf('na\xefve');
    const tampered = mailLf.slice();
    tampered[at] = 0x4e; // 'n' → 'N'
    const altered = extract(tampered);
    expect(await verify(altered.bytes, altered.sig)).toBe(false);
  });

  it('fails when trailing whitespace in the signed part is stripped in transit', async () => {
    const sig = await sign(EIGHT_BIT_ENTITY);
    const mailLf = latin1(String.fromCharCode(...toLf(wrapSigned(EIGHT_BIT_ENTITY, sig))).replace('na\xefve  \n', 'na\xefve\n'));
    const { bytes, sig: extracted } = extract(mailLf);
    expect(await verify(bytes, extracted)).toBe(false);
  });
});
