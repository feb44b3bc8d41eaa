/**
 * Structure-aware mutation arbitraries: valid seeds (armor, packets, MIME) changed by a
 * few edits of the kinds webmails and attackers make — flipped bits, cut or duplicated
 * ranges, markers and headers spliced in, re-wrapped or quoted lines, truncation —
 * rather than only random strings. Inputs are capped (no case over a few hundred KB).
 */
import fc from 'fast-check';
import * as openpgp from 'openpgp';

/** Fragments that trip armor, cleartext and MIME scanners. */
export const TEXT_FRAGMENTS = [
  '-----BEGIN PGP MESSAGE-----', '-----END PGP MESSAGE-----', '-----BEGIN PGP SIGNED MESSAGE-----',
  '-----BEGIN PGP SIGNATURE-----', '-----END PGP SIGNATURE-----', '-----BEGIN PGP PUBLIC KEY BLOCK-----',
  '-----END PGP PUBLIC KEY BLOCK-----', '-----BEGIN PGP PRIVATE KEY BLOCK-----', '-----END PGP PRIVATE KEY BLOCK-----',
  'Hash: SHA256', 'Hash: SHA1', 'Hash: MD5, SHA999', 'Version: 1', 'Comment: x', 'Charset: utf-8', '> ', '>> ', '\n', '\r\n', '\r',
  '\u00a0', '\u200b', '\u00ad', '\ufeff', '=', '==', '=ABCD', '=====', 'jA0ECQMC', 'wV4D', 'xjMEZ', '- ', '- -----BEGIN',
  '--b', '--b--', '--', 'Content-Type: multipart/mixed; boundary=b', 'Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary=b',
  'Content-Type: multipart/signed; micalg=pgp-sha256; protocol="application/pgp-signature"; boundary=b',
  'Content-Type: application/pgp-encrypted', 'Content-Type: application/octet-stream', 'Content-Type: message/rfc822',
  'Content-Type: text/plain; charset=iso-2022-jp', 'Content-Type: text/html', 'Content-Transfer-Encoding: base64',
  'Content-Transfer-Encoding: quoted-printable', 'Content-Disposition: attachment; filename="../../x.exe"',
  '=?UTF-8?B?w6k=?=', '=?utf-8?q?=E2=82?=', "filename*0*=utf-8''%E2%82", '; name*1*=%AC', ':', ' ', '\t', '\0', '\ud800',
  'MIME-Version: 1.0', 'boundary=""', 'boundary=' + 'x'.repeat(80),
];

const MAX_TEXT = 200_000;
const MAX_BYTES = 200_000;

type TextOp =
  | { k: 'flip'; at: number; ch: string }
  | { k: 'delete'; at: number; len: number }
  | { k: 'insert'; at: number; s: string }
  | { k: 'dupLine'; at: number; times: number }
  | { k: 'dropLine'; at: number }
  | { k: 'truncate'; at: number }
  | { k: 'crlf' }
  | { k: 'quote'; depth: number }
  | { k: 'indent'; s: string }
  | { k: 'rewrap'; width: number }
  | { k: 'repeat'; times: number };

const textOp: fc.Arbitrary<TextOp> = fc.oneof(
  fc.record({ k: fc.constant('flip' as const), at: fc.nat(), ch: fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }) }),
  fc.record({ k: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ k: fc.constant('insert' as const), at: fc.nat(), s: fc.oneof(fc.constantFrom(...TEXT_FRAGMENTS), fc.string({ maxLength: 30, unit: 'binary' })) }),
  fc.record({ k: fc.constant('dupLine' as const), at: fc.nat(), times: fc.integer({ min: 1, max: 50 }) }),
  fc.record({ k: fc.constant('dropLine' as const), at: fc.nat() }),
  fc.record({ k: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ k: fc.constant('crlf' as const) }),
  fc.record({ k: fc.constant('quote' as const), depth: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ k: fc.constant('indent' as const), s: fc.constantFrom(' ', '    ', '\t', '\u00a0') }),
  fc.record({ k: fc.constant('rewrap' as const), width: fc.integer({ min: 1, max: 120 }) }),
  fc.record({ k: fc.constant('repeat' as const), times: fc.integer({ min: 2, max: 20 }) }),
);

function applyText(s: string, op: TextOp): string {
  const n = s.length;
  const pos = (at: number): number => (n === 0 ? 0 : at % (n + 1));
  switch (op.k) {
    case 'flip': {
      const i = pos(op.at);
      return s.slice(0, i) + op.ch + s.slice(i + 1);
    }
    case 'delete': {
      const i = pos(op.at);
      return s.slice(0, i) + s.slice(i + op.len);
    }
    case 'insert': {
      const i = pos(op.at);
      return s.slice(0, i) + op.s + s.slice(i);
    }
    case 'dupLine':
    case 'dropLine': {
      const lines = s.split('\n');
      const i = op.at % lines.length;
      const line = lines[i] as string;
      if (op.k === 'dropLine') lines.splice(i, 1);
      else lines.splice(i, 0, ...Array<string>(op.times).fill(line));
      return lines.join('\n');
    }
    case 'truncate':
      return s.slice(0, pos(op.at));
    case 'crlf':
      return s.replace(/\n/g, '\r\n');
    case 'quote':
      return s.split('\n').map((l) => '> '.repeat(op.depth) + l).join('\n');
    case 'indent':
      return s.split('\n').map((l) => op.s + l).join('\n');
    case 'rewrap': {
      // A webmail re-wrapping long lines: join everything and cut at `width`.
      const flat = s.replace(/\r?\n/g, ' ');
      const out: string[] = [];
      for (let i = 0; i < flat.length; i += op.width) out.push(flat.slice(i, i + op.width));
      return out.join('\n');
    }
    case 'repeat':
      return s.length * op.times > MAX_TEXT ? s : s.repeat(op.times);
  }
}

/** A seed string (one of `seeds`) with up to `maxOps` edits applied; capped at 200 KB. */
export function mutatedText(seeds: readonly string[], maxOps = 6): fc.Arbitrary<string> {
  return fc
    .tuple(fc.nat({ max: seeds.length - 1 }), fc.array(textOp, { maxLength: maxOps }))
    .map(([i, ops]) => ops.reduce((s, op) => applyText(s, op).slice(0, MAX_TEXT), seeds[i] as string));
}

type ByteOp =
  | { k: 'bit'; at: number; bit: number }
  | { k: 'set'; at: number; v: number }
  | { k: 'delete'; at: number; len: number }
  | { k: 'insert'; at: number; bytes: Uint8Array }
  | { k: 'dup'; at: number; len: number }
  | { k: 'truncate'; at: number };

const INTERESTING = [0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0xc0, 0xc1, 0xc3, 0xcb, 0xd2, 0xd4, 0xff, 0x3f, 0x20, 0x40];

const byteOp: fc.Arbitrary<ByteOp> = fc.oneof(
  { arbitrary: fc.record({ k: fc.constant('bit' as const), at: fc.nat(), bit: fc.nat({ max: 7 }) }), weight: 4 },
  { arbitrary: fc.record({ k: fc.constant('set' as const), at: fc.nat(), v: fc.oneof(fc.constantFrom(...INTERESTING), fc.nat({ max: 255 })) }), weight: 4 },
  fc.record({ k: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ k: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 32 }) }),
  fc.record({ k: fc.constant('dup' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ k: fc.constant('truncate' as const), at: fc.nat() }),
);

function applyBytes(b: Uint8Array, op: ByteOp): Uint8Array {
  const n = b.length;
  const pos = (at: number): number => (n === 0 ? 0 : at % n);
  const cat = (...parts: Uint8Array[]): Uint8Array => {
    const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  };
  switch (op.k) {
    case 'bit':
    case 'set': {
      if (n === 0) return b;
      const out = b.slice();
      const i = pos(op.at);
      out[i] = op.k === 'bit' ? (out[i] as number) ^ (1 << op.bit) : op.v;
      return out;
    }
    case 'delete': {
      const i = pos(op.at);
      return cat(b.subarray(0, i), b.subarray(i + op.len));
    }
    case 'insert': {
      const i = pos(op.at);
      return cat(b.subarray(0, i), op.bytes, b.subarray(i));
    }
    case 'dup': {
      const i = pos(op.at);
      return n + op.len > MAX_BYTES ? b : cat(b.subarray(0, i + op.len), b.subarray(i));
    }
    case 'truncate':
      return b.subarray(0, pos(op.at));
  }
}

/** A seed packet sequence (one of `seeds`) with 1..maxOps byte edits; capped at 200 KB. */
export function mutatedBytes(seeds: readonly Uint8Array[], maxOps = 4): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(fc.nat({ max: seeds.length - 1 }), fc.array(byteOp, { minLength: 1, maxLength: maxOps }))
    .map(([i, ops]) => ops.reduce((b, op) => applyBytes(b, op).subarray(0, MAX_BYTES), seeds[i] as Uint8Array));
}

/**
 * Mutated packets wrapped in VALID armor (correct base64 and CRC-24), so the mutation
 * reaches the packet parser instead of stopping at the armor checksum.
 */
export function rearmored(seeds: readonly Uint8Array[], type: openpgp.enums.armor, maxOps = 4): fc.Arbitrary<string> {
  return mutatedBytes(seeds, maxOps).map((b) => openpgp.armor(type, b));
}

/** Concise, safe description of an input for reports. */
export function summary(x: string | Uint8Array): string {
  if (typeof x === 'string') return `text(${x.length}) ${JSON.stringify(x.slice(0, 80))}…`;
  return `bytes(${x.length}) ${Buffer.from(x.subarray(0, 40)).toString('hex')}…`;
}
