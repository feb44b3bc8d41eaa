import { describe, expect, it } from 'vitest';
import { MAX_BLOCKS, findArmoredBlocks, joinEditorLines, scanArmoredBlocks } from '../../../src/core/armor';
import { CLEARSIGNED, MESSAGE, PUBLIC_KEY } from './fixtures';

const crlf = (s: string): string => s.replace(/\n/g, '\r\n');
const quote = (s: string, prefix = '> '): string =>
  s
    .split('\n')
    .map((l) => (l === '' ? prefix.trimEnd() : prefix + l))
    .join('\n');

describe('findArmoredBlocks in realistic texts', () => {
  it('finds a plain message with exact offsets and strict armor', () => {
    const text = `Hi Bob,\n\n${MESSAGE}\n\nCheers`;
    const [b, ...rest] = findArmoredBlocks(text);
    expect(rest).toEqual([]);
    expect(b).toMatchObject({ kind: 'message', quoteDepth: 0, armored: `${MESSAGE}\n` });
    expect(text.slice(b?.start, b?.end)).toBe(MESSAGE);
  });

  it('finds message, cleartext and key blocks in order', () => {
    const text = `a\n${PUBLIC_KEY}\nb\n${CLEARSIGNED}\nc\n${MESSAGE}\n`;
    const blocks = findArmoredBlocks(text);
    expect(blocks.map((b) => b.kind)).toEqual(['public-key', 'signed-message', 'message']);
    expect(blocks.every((b) => b.problem === undefined)).toBe(true);
    expect(blocks[1]?.armored).toBe(`${CLEARSIGNED}\n`);
    for (const b of blocks) expect(text.slice(b.start, b.end).startsWith('-----BEGIN PGP')).toBe(true);
  });

  it('undoes a Roundcube-style quoted reply with CRLF (depth 2 inside depth 1 text)', () => {
    const reply = `On Monday, Alice wrote:\n${quote(`Earlier text\n${quote(MESSAGE)}`)}\n\nMy answer`;
    const [b] = findArmoredBlocks(crlf(reply));
    expect(b).toMatchObject({ kind: 'message', quoteDepth: 2, armored: `${MESSAGE}\n` });
  });

  it('keeps quoted lines inside quoted cleartext (strips only the block depth)', () => {
    const signed = CLEARSIGNED.replace('Signed text line one', '> a quote inside the signed text');
    const [b] = findArmoredBlocks(quote(signed));
    expect(b?.quoteDepth).toBe(1);
    expect(b?.armored).toContain('\n> a quote inside the signed text\n');
  });

  it('repairs no-break spaces, zero-width characters, soft hyphens and trailing spaces', () => {
    const mangled = MESSAGE.split('\n')
      .map((l, i) => (i === 2 ? `${l.slice(0, 10)}\u200b${l.slice(10, 30)}\u00ad${l.slice(30)}\u00a0 ` : `${l}  `))
      .join('\n');
    const [b] = findArmoredBlocks(`\u00a0text\u00a0\n${mangled}`);
    expect(b?.armored).toBe(`${MESSAGE}\n`);
  });

  it('undoes leading indentation and re-wrapped base64 lines', () => {
    const lines = MESSAGE.split('\n');
    const body = lines.slice(2, -2).join('');
    const rewrapped = [lines[0], '', ...(body.match(/.{1,40}/g) ?? []), ...lines.slice(-2)];
    const [b] = findArmoredBlocks(rewrapped.map((l) => `    ${l}`).join('\n'));
    expect(b?.armored).toBe(`${MESSAGE}\n`);
  });

  it('finds armor joined from the lines of a div-per-line HTML editor', () => {
    const divs = ['<p>ignored?</p> Hi', ...MESSAGE.split('\n').map((l) => (l === '' ? '' : `${l}\u00a0`)), 'Bye'];
    const [b] = findArmoredBlocks(joinEditorLines(divs));
    expect(b?.armored).toBe(`${MESSAGE}\n`);
  });

  it('finds armor in a long page and armor collapsed onto one line', () => {
    const filler = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n'.repeat(20_000);
    const oneLine = MESSAGE.replace('\n\n', '\n').split('\n').join(' ');
    const blocks = findArmoredBlocks(`${filler}${MESSAGE}\n${filler}Paste: ${oneLine} end`);
    expect(blocks.map((b) => b.armored)).toEqual([`${MESSAGE}\n`, `${MESSAGE}\n`]);
  });

  it('reports 500 blocks and says when more were left', () => {
    const many = Array.from({ length: 501 }, (_, i) => `mail ${i}\n${MESSAGE}`).join('\n');
    const scan = scanArmoredBlocks(many);
    expect(scan.blocks).toHaveLength(MAX_BLOCKS);
    expect(scan.truncated).toBe(true);
    expect(scan.blocks.every((b) => b.armored === `${MESSAGE}\n`)).toBe(true);
    const exact = scanArmoredBlocks(Array.from({ length: 500 }, () => MESSAGE).join('\n'));
    expect(exact).toMatchObject({ truncated: false });
    expect(exact.blocks).toHaveLength(500);
  });

  it('reports corrupt and oversized blocks in place instead of dropping them', () => {
    const corrupt = MESSAGE.replace('jA0E', 'jA0E!!');
    const [bad] = findArmoredBlocks(corrupt);
    expect(bad).toMatchObject({ kind: 'message', problem: 'MALFORMED_ARMOR', armored: '' });
    const [big] = findArmoredBlocks(MESSAGE, { maxBlockChars: 100 });
    expect(big).toMatchObject({ problem: 'TOO_LARGE', armored: '', start: 0, end: MESSAGE.length });
  });
});

describe('findArmoredBlocks with large blocks (DS-03)', () => {
  const armorOf = (lines: number): string => `-----BEGIN PGP MESSAGE-----\n\n${'QUJD'.repeat(16).concat('\n').repeat(lines)}-----END PGP MESSAGE-----`;

  it('repairs a 20 MB block', () => {
    const [b] = findArmoredBlocks(`> ${armorOf(310_000).replace(/\n/g, '\r\n> ')}`);
    expect(b?.problem).toBeUndefined();
    expect(b?.armored.length).toBeGreaterThan(20_000_000);
  });

  it('reports a block over 50 MiB as TOO_LARGE, with its extent', () => {
    const text = `x\n${armorOf(830_000)}\ny`;
    const [b] = findArmoredBlocks(text);
    expect(b).toMatchObject({ problem: 'TOO_LARGE', armored: '', start: 2, end: text.length - 2 });
  });
});

describe('findArmoredBlocks near misses', () => {
  const cases: Record<string, string> = {
    'four dashes': MESSAGE.replace('-----BEGIN PGP MESSAGE-----', '----BEGIN PGP MESSAGE-----'),
    'no END line': MESSAGE.replace('-----END PGP MESSAGE-----', ''),
    'END of another kind': MESSAGE.replace('END PGP MESSAGE', 'END PGP SIGNATURE'),
    'lower case': MESSAGE.toLowerCase(),
    'prose mention': 'Paste the text starting with -----BEGIN PGP MESSAGE----- into the box.',
    'quote ends before END': `> ${MESSAGE.split('\n').slice(0, 4).join('\n> ')}\nnot quoted\n-----END PGP MESSAGE-----`,
    'BEGIN without a kind': '-----BEGIN PGP -----\nabc\n-----END PGP -----',
    'obsolete split message': '-----BEGIN PGP MESSAGE, PART 1/2-----\nabcd\n-----END PGP MESSAGE, PART 1/2-----',
  };
  for (const [name, text] of Object.entries(cases)) {
    it(`finds nothing: ${name}`, () => {
      expect(findArmoredBlocks(text)).toEqual([]);
    });
  }

  it('does not let a BEGIN inside an unclosed block swallow the next block', () => {
    const text = `-----BEGIN PGP MESSAGE-----\nnot closed\n${MESSAGE}`;
    expect(findArmoredBlocks(text).map((b) => b.armored)).toEqual([`${MESSAGE}\n`]);
  });
});

describe('findArmoredBlocks on adversarial input finishes', () => {
  it('100,000 BEGIN lines without END', () => {
    expect(findArmoredBlocks('-----BEGIN PGP MESSAGE-----\n'.repeat(100_000))).toEqual([]);
  });

  it('one 1 MB line of BEGIN prefixes, dashes and quote markers', () => {
    expect(findArmoredBlocks('-----BEGIN PGP '.repeat(70_000))).toEqual([]);
    expect(findArmoredBlocks('-'.repeat(1_000_000))).toEqual([]);
    expect(findArmoredBlocks('> '.repeat(500_000))).toEqual([]);
  });

  it('a block whose body is 100,000 lines of lone CRs and invisible characters', () => {
    const text = `-----BEGIN PGP MESSAGE-----\r${'\u200b\r'.repeat(100_000)}-----END PGP MESSAGE-----`;
    expect(findArmoredBlocks(text)).toMatchObject([{ problem: 'MALFORMED_ARMOR' }]);
  });

  it('100,000 nested quote levels before a BEGIN', () => {
    const [b] = findArmoredBlocks(quote(MESSAGE, '>'.repeat(100_000) + ' '));
    expect(b?.quoteDepth).toBe(100_000);
    expect(b?.armored).toBe(`${MESSAGE}\n`);
  });
});
