/** Property-based checks (fast-check, bounded runs): no crash but CachetError, no hang, lossless round trips. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findArmoredBlocks, normaliseArmor } from '../../../src/core/armor';
import { isCachetError } from '../../../src/core/errors';
import { buildMixed, classifyMessage, decodeText, describeDecrypted, parseMime, safeFilename } from '../../../src/core/mime';
import { MESSAGE } from './fixtures';

const RUNS = { numRuns: 200 };

/** Runs fn; an error is fine only if it is a CachetError. */
function onlyCachetErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!isCachetError(e)) throw e;
  }
}

// Strings biased towards what trips armor and MIME scanners.
const fragments = fc.constantFrom(
  '-----BEGIN PGP MESSAGE-----', '-----END PGP MESSAGE-----', '-----BEGIN PGP SIGNED MESSAGE-----',
  '-----BEGIN PGP SIGNATURE-----', '-----END PGP SIGNATURE-----', 'Hash: SHA256', '> ', '\n', '\r\n', '\r',
  '\u00a0', '\u200b', '\u00ad', '=', '=ABCD', 'jA0ECQMC', '--b', '--b--', 'Content-Type: multipart/mixed; boundary=b',
  'Content-Transfer-Encoding: base64', 'Content-Transfer-Encoding: quoted-printable', '=?UTF-8?B?w6k=?=',
  "filename*0*=utf-8''%E2%82", '; name*1*=%AC', ':', ' ', '\t', '- ', 'Version: 1',
);
const messy = fc.array(fc.oneof(fragments, fc.string({ maxLength: 20 })), { maxLength: 60 }).map((a) => a.join(''));

describe('never throw anything but CachetError, never hang', () => {
  it('findArmoredBlocks and normaliseArmor on arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(messy, fc.string({ maxLength: 500 })), (text) => {
        for (const b of findArmoredBlocks(text)) {
          expect(b.end).toBeGreaterThan(b.start);
          if (!b.problem) expect(normaliseArmor(b.armored).armored).toBe(b.armored);
        }
        onlyCachetErrors(() => normaliseArmor(text));
      }),
      RUNS,
    );
  });

  it('findArmoredBlocks on mangled real armor still finds the same block', () => {
    const noise = fc.constantFrom('\u00a0', '\u200b', '\u00ad', ' ', '\t');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), noise), { maxLength: 10 }), fc.boolean(), (inserts, crlf) => {
        const lines = MESSAGE.split('\n');
        for (const [at, ch] of inserts) {
          const i = 2 + (at % (lines.length - 4)); // base64 lines only
          const l = lines[i] as string;
          const pos = at % (l.length + 1);
          lines[i] = l.slice(0, pos) + ch + l.slice(pos);
        }
        const [b] = findArmoredBlocks(lines.join(crlf ? '\r\n' : '\n'));
        expect(b?.armored).toBe(`${MESSAGE}\n`);
      }),
      RUNS,
    );
  });

  it('parseMime, classifyMessage and describeDecrypted on arbitrary bytes and text', () => {
    const input = fc.oneof(messy, fc.uint8Array({ maxLength: 500 }).map((b) => String.fromCharCode(...b)));
    fc.assert(
      fc.property(input, fc.boolean(), (text, asBytes) => {
        const data = asBytes ? Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff) : text;
        onlyCachetErrors(() => classifyMessage(parseMime(data)));
        onlyCachetErrors(() => describeDecrypted(typeof data === 'string' ? new TextEncoder().encode(data) : data));
      }),
      RUNS,
    );
  });

  it('safeFilename never returns separators, controls or bidi marks, nor an empty name', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (name) => {
        const safe = safeFilename(name);
        expect(safe.length).toBeGreaterThan(0);
        expect(Array.from(safe).length).toBeLessThanOrEqual(120);
        expect(safe).not.toMatch(/[/\\\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
        expect(safe.startsWith('.')).toBe(false);
      }),
      RUNS,
    );
  });
});

describe('build → parse round trip', () => {
  it('preserves the text body, attachment bodies and file names', () => {
    const attachment = fc.record({
      filename: fc.string({ minLength: 1, maxLength: 80, unit: 'grapheme' }),
      data: fc.uint8Array({ maxLength: 300 }),
    });
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'grapheme' }), fc.array(attachment, { maxLength: 3 }), (text, atts) => {
        const root = parseMime(buildMixed(text, atts));
        const textPart = atts.length === 0 ? root : root.children[0];
        const expected = text.split(/\r\n|\r|\n/).join('\r\n');
        expect(decodeText(textPart?.body ?? new Uint8Array(), textPart?.contentType.params.charset)).toBe(expected);
        expect(root.children.slice(1).map((c) => c.filename)).toEqual(atts.map((a) => a.filename));
        expect(root.children.slice(1).map((c) => c.body)).toEqual(atts.map((a) => a.data));
      }),
      RUNS,
    );
  });
});
