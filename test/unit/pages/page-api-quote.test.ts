/** Where the decrypted quoted mail goes in the page-API editor (reply, forward, reopened draft). */
import { describe, expect, it } from 'vitest';
import { base64Size, quotedBody, withQuote } from '../../../src/pages/compose/page-api-quote';

describe('page-API editor: placing the quoted mail', () => {
  it('a reply: room to type, the header, every line quoted (nested quotes kept)', () => {
    const q = { text: 'Hello bob,\r\n> earlier\n\nbye\n\n', header: 'On Mon, 1 Jan, alice@example.test wrote:', indent: true };
    expect(quotedBody(q)).toBe('\n\nOn Mon, 1 Jan, alice@example.test wrote:\n> Hello bob,\n>> earlier\n> \n> bye\n');
  });

  it('a forward or reopened draft (no header, no indent) keeps the text as it is', () => {
    expect(quotedBody({ text: 'Draft text\nline 2\n', header: null, indent: false })).toBe('Draft text\nline 2\n');
  });

  it('a header from the page is one line (no injected lines) and an empty one counts as none', () => {
    expect(quotedBody({ text: 'x', header: 'a\r\n> fake quote', indent: true })).toBe('\n\na > fake quote\n> x\n');
    expect(quotedBody({ text: 'x', header: '  ', indent: true })).toBe('\n\n> x\n');
    expect(quotedBody({ text: 'x\n', header: 'On …', indent: false })).toBe('\n\nOn …\nx\n');
  });

  it('goes after the predefined text or what is typed', () => {
    const q = { text: 'old', header: 'H:', indent: true };
    expect(withQuote('', q)).toBe('\n\nH:\n> old\n');
    expect(withQuote('Thanks!\n\n', q)).toBe('Thanks!\n\n\nH:\n> old\n');
    expect(withQuote('Draft', { text: 'old', header: null, indent: false })).toBe('Draft\n\nold');
  });

  it('sizes a base64 file for the list', () => {
    expect(base64Size({ name: 'a', mimeType: '', base64: 'YWJj' })).toBe(3);
    expect(base64Size({ name: 'a', mimeType: '', base64: 'YQ==' })).toBe(1);
  });
});
