/** RFC 2047 encoded words (`=?charset?B|Q?…?=`) in header values. */
import { decodeText } from './charset';
import { decodeBase64 } from './transfer';

// `[^?\s]` classes bounded by literal '?': no nested quantifiers, so matching stays linear.
const ENCODED_WORD = /=\?([^?\s]{1,64})\?([bBqQ])\?([^?\s]*)\?=/g;

function qBytes(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '_') {
      out.push(0x20); // RFC 2047 §4.2 (2)
    } else if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      out.push(text.charCodeAt(i) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

function wordBytes(encoding: string, text: string): Uint8Array {
  return encoding.toUpperCase() === 'B' ? decodeBase64(new TextEncoder().encode(text)) : qBytes(text);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * Decodes the encoded words in a header value. Whitespace between two adjacent encoded
 * words is dropped (RFC 2047 §6.2), and adjacent words in the same charset are joined as
 * bytes first, so a multi-byte character split across two words decodes correctly.
 * Charset language suffixes (`utf-8*en`, RFC 2231 §5) are ignored.
 */
export function decodeEncodedWords(value: string): string {
  if (!value.includes('=?')) return value;
  let out = '';
  let last = 0;
  let pending: { charset: string; bytes: Uint8Array } | null = null;
  const flush = (): void => {
    if (pending) out += decodeText(pending.bytes, pending.charset);
    pending = null;
  };
  ENCODED_WORD.lastIndex = 0;
  for (let m = ENCODED_WORD.exec(value); m; m = ENCODED_WORD.exec(value)) {
    const gap = value.slice(last, m.index);
    const charset = (m[1] as string).split('*')[0]?.toLowerCase() ?? 'utf-8';
    const bytes = wordBytes(m[2] as string, m[3] as string);
    const p = pending as { charset: string; bytes: Uint8Array } | null;
    if (p && gap.trim() === '' && p.charset === charset) {
      pending = { charset, bytes: concat(p.bytes, bytes) };
    } else {
      flush();
      // Whitespace between encoded words is not text; anything else is kept.
      if (!(last > 0 && gap.trim() === '')) out += gap;
      pending = { charset, bytes };
    }
    last = m.index + m[0].length;
  }
  flush();
  return out + value.slice(last);
}
