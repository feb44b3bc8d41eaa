/**
 * Roundcube raw source → background, byte for byte: an ISO-8859-1 8bit part of a
 * multipart/signed mail (RFC 3156 §5) must verify. `res.text()` (the old fetchPart) decoded
 * the bytes as UTF-8, so 0xE9 became U+FFFD and the signature turned bad.
 */
import * as openpgp from 'openpgp';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchHead } from '../../../src/content/adapters/roundcube/autocrypt';
import { binaryString, fetchPart } from '../../../src/content/adapters/roundcube/read';
import { signatureMicalgs, verifyMimeSigned } from '../../../src/core/mime/signed';
import { mailHarness, withKeys, type MailHarness } from '../mail-background/harness';

afterEach(() => vi.unstubAllGlobals());

/** Latin-1 text → its ISO-8859-1 bytes (every char here is ≤ U+00FF). */
const latin1 = (s: string): Uint8Array<ArrayBuffer> => Uint8Array.from(s, (c) => c.charCodeAt(0));

async function signedLatin1Mail(signingKeys: openpgp.PrivateKey): Promise<Uint8Array<ArrayBuffer>> {
  // 8bit ISO-8859-1 body, CRLF: exactly the bytes the signature covers (RFC 3156 §5; the
  // CRLF before the next delimiter belongs to the delimiter, RFC 2046 §5.1.1).
  const part = latin1('Content-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\nCafé crème à 5 euros, reçu, merci.');
  expect(part.some((b) => b > 0x7f)).toBe(true);
  const sig = await openpgp.sign({ message: await openpgp.createMessage({ binary: part }), signingKeys, detached: true });
  const [micalg] = await signatureMicalgs(sig);
  const head = `From: Bob <bob@example.org>\r\nSubject: latin1\r\nMIME-Version: 1.0\r\nContent-Type: multipart/signed; micalg=${micalg}; protocol="application/pgp-signature"; boundary="b1"\r\n\r\n`;
  const sigPart = `\r\n--b1\r\nContent-Type: application/pgp-signature; name="signature.asc"\r\n\r\n${sig.replace(/\r?\n/g, '\r\n')}\r\n--b1--\r\n`;
  const bytes = [...latin1(`${head}--b1\r\n`), ...part, ...latin1(sigPart)];
  return Uint8Array.from(bytes);
}

async function readSigned(h: MailHarness, raw: string) {
  const { sessionId } = await h.content('openReadSession', { adapter: 'roundcube', kind: 'pgp-mime-signed', armored: raw, sender: 'Bob <bob@example.org>' });
  return h.frame('read.html', sessionId, 'decryptReadSession', { sessionId, passphrase: null });
}

describe('Roundcube fetchPart keeps every byte', () => {
  it('binaryString maps each byte to one char, 0x00–0xFF (not windows-1252, not UTF-8)', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const s = binaryString(all);
    expect(s.length).toBe(256);
    expect([...s].map((c) => c.charCodeAt(0))).toEqual([...all]);
  });

  it('an ISO-8859-1 8bit signed part: the UTF-8 text path breaks the signature, fetchPart verifies', async () => {
    const h = mailHarness();
    const k = await withKeys(h);
    const mail = await signedLatin1Mail(k.bobPrivate);
    const bobPublic = k.bobPrivate.toPublic();

    // The defect: res.text() then UTF-8 bytes again — 0xE9 came back as EF BF BD.
    const viaText = await new Response(mail).text();
    const before = await verifyMimeSigned({ raw: new TextEncoder().encode(viaText), verificationKeys: [bobPublic] });
    expect(before.signatures.map((s) => s.status)).toEqual(['bad']);

    const fetched: string[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      fetched.push(url);
      expect(init).toMatchObject({ credentials: 'same-origin', redirect: 'error' });
      return new Response(mail, { headers: { 'content-type': 'text/plain; charset=utf-8' } });
    });
    const url = 'http://127.0.0.1:18680/?_task=mail&_action=viewsource&_uid=9&_mbox=INBOX';
    const raw = await fetchPart(url);
    expect(fetched).toEqual([url]);
    expect(raw.length).toBe(mail.length);
    expect(raw).toContain('Caf\u00e9 cr\u00e8me');

    const after = await readSigned(h, raw);
    expect(after.signatures.map((s) => s.status)).toEqual(['good']);
    expect(after.mimeSigned?.micalgOk).toBe(true);
    expect(after.text).toContain('Café crème');

    // What res.text() produced is refused as not-bytes, never verified as something else.
    expect(await h.codeOf(readSigned(h, viaText))).toBe('BAD_REQUEST');
  });
});

describe('Roundcube fetchHead (Autocrypt)', () => {
  it('reads only up to the blank line after the header, then cancels the rest of the download', async () => {
    const chunks = [latin1('From: Andr\u00e9 <a@x.test>\r\nAutocrypt: addr=a@x.test; keydata=AAAA\r\n'), latin1('Subject: s\r\n\r\nbody')];
    // …then a 64 MiB body, made only as far as it is pulled.
    let pulled = 0;
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        if (pulled === 66) return c.close();
        c.enqueue(chunks[pulled] ?? new Uint8Array(1024 * 1024));
        pulled++;
      },
      cancel() {
        cancelled = true;
      },
    });
    vi.stubGlobal('fetch', async () => new Response(body));
    const head = await fetchHead('http://127.0.0.1:18680/?_task=mail&_action=viewsource&_uid=1&_mbox=INBOX');
    expect(head).toBe('From: Andr\u00e9 <a@x.test>\r\nAutocrypt: addr=a@x.test; keydata=AAAA\r\nSubject: s\r\n\r\nbody');
    expect(pulled).toBeLessThan(5);
    expect(cancelled).toBe(true);
  });
});
