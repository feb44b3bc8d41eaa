import { describe, expect, it } from 'vitest';
import { normaliseArmor } from '../../../src/core/armor';
import { isCachetError } from '../../../src/core/errors';
import { CLEARSIGNED, MESSAGE } from './fixtures';

function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'NO_ERROR';
  } catch (e) {
    return isCachetError(e) ? e.code : `NOT_CACHET: ${String(e)}`;
  }
}

const [BEGIN_SIGNED, HASH, , ...SIGNED_REST] = CLEARSIGNED.split('\n');

describe('normaliseArmor', () => {
  it('returns strict armor unchanged and is idempotent', () => {
    for (const a of [MESSAGE, CLEARSIGNED]) {
      const once = normaliseArmor(a).armored;
      expect(once).toBe(`${a}\n`);
      expect(normaliseArmor(once).armored).toBe(once);
    }
  });

  it('ignores text around the block and CRLF/CR line endings', () => {
    expect(normaliseArmor(`before\r\n${MESSAGE.replace(/\n/g, '\r')}\r\nafter`).armored).toBe(`${MESSAGE}\n`);
  });

  it('keeps well-formed Version and Comment headers only', () => {
    const withHeaders = MESSAGE.replace(
      '-----BEGIN PGP MESSAGE-----\n',
      '-----BEGIN PGP MESSAGE-----\nVersion: GnuPG v2\nComment: https://example.org\nComment: caf\u00e9\nMessageID: x\nX-Evil: <script>\n',
    );
    const { armored } = normaliseArmor(withHeaders);
    expect(armored.split('\n').slice(0, 4)).toEqual(['-----BEGIN PGP MESSAGE-----', 'Version: GnuPG v2', 'Comment: https://example.org', '']);
  });

  it('accepts a missing blank line after BEGIN and a checksum glued to the data', () => {
    const lines = MESSAGE.split('\n').filter((l) => l !== '');
    const glued = [...lines.slice(0, -3), `${lines[lines.length - 3]}${lines[lines.length - 2]}`, lines[lines.length - 1]].join('\n');
    expect(normaliseArmor(glued).armored).toBe(`${MESSAGE}\n`);
  });

  it('rejects malformed message armor', () => {
    const cases = [
      MESSAGE.replace('-----END PGP MESSAGE-----', ''),
      MESSAGE.replace('jA0E', 'jA0E\u00e9'),
      MESSAGE.replace('=6YQt', '=6YQt\nAAAA'),
      MESSAGE.replace('=6YQt', '=6Y!t'),
      '-----BEGIN PGP MESSAGE-----\n\n-----END PGP MESSAGE-----',
      '-----BEGIN PGP MESSAGE-----\n\nAAAAA\n-----END PGP MESSAGE-----',
      `-----BEGIN PGP MESSAGE-----\n\nAAAA\n-----BEGIN PGP SIGNATURE-----\n${MESSAGE}`,
      'no armor at all',
    ];
    for (const c of cases) expect(codeOf(() => normaliseArmor(c)), c).toBe('MALFORMED_ARMOR');
  });

  it('rejects what does not fit in 50 MiB', () => {
    expect(codeOf(() => normaliseArmor('A'.repeat(50 * 1024 * 1024 + 1)))).toBe('TOO_LARGE');
  });
});

describe('normaliseArmor cleartext headers (RFC 9580 §7, SG-09)', () => {
  const build = (headerLines: string[]): string => [BEGIN_SIGNED, ...headerLines, '', ...SIGNED_REST].join('\n');

  it('accepts Hash headers, several and comma-separated, and none at all', () => {
    expect(normaliseArmor(build(['Hash: SHA256'])).armored).toBe(`${CLEARSIGNED}\n`);
    expect(normaliseArmor(build(['Hash: SHA256, SHA512', 'Hash: SHA1'])).armored).toContain('Hash: SHA256,SHA512\nHash: SHA1\n\n');
    expect(normaliseArmor(build([])).armored.startsWith(`${BEGIN_SIGNED}\n\nSigned text`)).toBe(true);
  });

  const rejected: Record<string, string> = {
    'text before Hash': build(['Injected text the signature does not cover', HASH as string]),
    'armor header injection': build([HASH as string, 'Comment: looks signed']),
    'junk after the hash name': build(['Hash: SHA256 and this text']),
    'unknown hash': build(['Hash: SHA256x']),
    'no blank line before the text': [BEGIN_SIGNED, HASH, ...SIGNED_REST].join('\n'),
    'no signature': [BEGIN_SIGNED, HASH, '', 'text', '-----END PGP SIGNATURE-----'].join('\n'),
    'a BEGIN line inside the text': build([HASH as string]).replace('Signed text line one', '-----BEGIN PGP MESSAGE-----'),
    'corrupt signature': build([HASH as string]).replace('iHUE', 'iH*E'),
  };
  for (const [name, text] of Object.entries(rejected)) {
    it(`rejects ${name}`, () => {
      expect(codeOf(() => normaliseArmor(text))).toBe('MALFORMED_ARMOR');
    });
  }

  it('keeps dash-escaped and indented lines of the signed text as written', () => {
    const text = build([HASH as string]).replace('Signed text line one', '  indented - text');
    const out = normaliseArmor(text).armored;
    expect(out).toContain('\n  indented - text\n- - dash line\n- From here on\n');
  });
});
