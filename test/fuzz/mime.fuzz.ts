/**
 * MIME parsing of received mail and decrypted content: `parseMime` → `classifyMessage`
 * and `describeDecrypted`, over mutated PGP/MIME (encrypted, signed, mixed with
 * attachments, nested message/rfc822, deep nesting) as text and as bytes (DS-05).
 */
import fc from 'fast-check';
import { buildEncrypted, buildMixed, buildSigned, classifyMessage, describeDecrypted, parseMime } from '../../src/core/mime';
import type { Corpus } from './corpus';
import { mutatedBytes, mutatedText, summary } from './mutate';
import type { FuzzTarget } from './runner';

/** Valid mails the mutations start from. */
export function mimeSeeds(c: Corpus): string[] {
  const mixed = buildMixed('Hello é\r\n', [
    { filename: 'a "quoted"; name.txt', contentType: 'text/plain', data: new TextEncoder().encode('attachment\n') },
    { filename: 'x.bin', contentType: 'application/octet-stream', data: new Uint8Array([0, 1, 2, 255]) },
  ]);
  const head = 'From: a@example.org\r\nTo: b@example.org\r\nSubject: =?UTF-8?B?w6k=?=\r\nMIME-Version: 1.0\r\n';
  const encrypted = head + buildEncrypted(c.messages[0] as string);
  const signed = head + buildSigned(mixed, c.detached, 'pgp-sha512');
  const rfc822 = `${head}Content-Type: message/rfc822\r\n\r\n${encrypted}`;
  const nested = Array.from({ length: 40 }, (_, i) => `Content-Type: multipart/mixed; boundary="n${i}"\r\n\r\n--n${i}\r\n`).join('') + 'text';
  const qp = `${head}Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\ncaf=E9 =\r\nsoft break\r\n${c.messages[1] ?? ''}`;
  return [head + mixed, encrypted, signed, rfc822, nested, qp, `Content-Type: text/plain\r\n\r\n${c.cleartext}`];
}

function mimeInput(c: Corpus): fc.Arbitrary<string | Uint8Array> {
  const seeds = mimeSeeds(c);
  const bytes = seeds.map((s) => new TextEncoder().encode(s));
  return fc.oneof(
    { arbitrary: mutatedText(seeds), weight: 5 },
    { arbitrary: mutatedBytes(bytes, 6), weight: 4 },
    { arbitrary: fc.uint8Array({ maxLength: 600 }), weight: 1 },
  );
}

export function mimeTarget(c: Corpus): FuzzTarget<string | Uint8Array> {
  return {
    name: 'mime-parse',
    weight: 25,
    minRuns: 250,
    budgetMs: 3_000,
    arbitrary: mimeInput(c),
    describe: summary,
    run(input) {
      const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
      // Decrypted content first: it must hold for any bytes a message decrypts to.
      describeDecrypted(bytes);
      describeDecrypted(bytes, { preferPlain: true });
      classifyMessage(parseMime(input));
    },
  };
}
