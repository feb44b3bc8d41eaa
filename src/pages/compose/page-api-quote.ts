/**
 * Where a decrypted quoted mail goes in the page-API editor, as Mailvelope places it: a
 * reply (`quotedMailIndent`) gets two empty lines to type in, the page's header ("On …, X
 * wrote:") and the shown text with every line quoted (MP-07: text only, never markup); a
 * forward or a reopened draft (no indent, no header) gets the text as it is.
 */
import type { WireFile } from '../../shared/mail-protocol';
import { quoteText } from './quote';

export interface DecryptedQuote {
  text: string;
  header: string | null;
  indent: boolean;
}

/** The block to insert for `q`. */
export function quotedBody(q: DecryptedQuote): string {
  const header = q.header?.replace(/[\r\n]+/g, ' ').trim() || null;
  if (!q.indent && header === null) return q.text;
  const body = q.indent ? quoteText(q.text) : q.text.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  return `\n\n${header === null ? '' : `${header}\n`}${body}\n`;
}

/** `current` (the page's predefinedText or what is typed) followed by the quoted block. */
export function withQuote(current: string, q: DecryptedQuote): string {
  const block = quotedBody(q);
  if (current.length === 0) return block;
  return `${current.replace(/\n+$/, '')}\n${block.startsWith('\n') ? block : `\n${block}`}`;
}

/** Approximate byte size of a base64 file (for the picker's "(n KB)"). */
export function base64Size(f: WireFile): number {
  const pad = f.base64.endsWith('==') ? 2 : f.base64.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((f.base64.length * 3) / 4) - pad);
}
