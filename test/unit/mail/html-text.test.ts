import { describe, expect, it } from 'vitest';
import { findArmoredBlocks, joinEditorLines, splitForEditor } from '../../../src/core/armor';
import { CLEARSIGNED, MESSAGE } from './fixtures';

describe('editor line helpers', () => {
  it('splitForEditor keeps blank lines and drops only the final newline', () => {
    expect(splitForEditor('a\r\n\r\nb\n')).toEqual(['a', '', 'b']);
    expect(splitForEditor('')).toEqual(['']);
    expect(splitForEditor(`${MESSAGE}\n`)).toEqual(MESSAGE.split('\n'));
  });

  it('keepSpaces protects runs, leading and trailing spaces from HTML collapsing', () => {
    expect(splitForEditor(' a  b ', { keepSpaces: true })).toEqual(['\u00a0a \u00a0b\u00a0']);
  });

  it('joinEditorLines splits entries holding <br> line breaks and repairs spaces', () => {
    expect(joinEditorLines(['a\u00a0b\u200b', 'c\nd ', ''])).toBe('a b\nc\nd\n');
  });

  it('round trips armor and cleartext through an editor (with space protection)', () => {
    for (const a of [MESSAGE, CLEARSIGNED.replace('Signed text', '  Signed  text ')]) {
      const lines = splitForEditor(a, { keepSpaces: true });
      const [b] = findArmoredBlocks(joinEditorLines(lines));
      // Trailing whitespace is not part of signed text (RFC 9580 §7.2), so it may go.
      expect(b?.armored).toBe(`${a.replace(/ +$/gm, '')}\n`);
    }
  });
});
