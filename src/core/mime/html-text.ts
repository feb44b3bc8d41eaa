/**
 * The text of a decrypted HTML message for quoting in a reply (MP-07: only what was shown,
 * as plain text, never markup, hidden text or nested ciphertext). The background has no
 * DOM, so this is a small tokenizer: it keeps an element stack only to know which text
 * sits inside a hidden element (hidden-style.ts, the same rule the read frame's sanitiser
 * uses to remove them) and drops raw-text elements (`<style>`, `<script>`, …) whole.
 * The result is only ever put in a textarea.
 */
import { DEFAULT_BACKGROUND, backgroundOf, hidesContent, type Rgba } from './hidden-style';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
/** Elements whose content is never shown (raw text or not rendered). */
const DROPPED = new Set(['script', 'style', 'head', 'title', 'template', 'noscript', 'textarea', 'xmp', 'iframe', 'noembed', 'noframes', 'object', 'svg', 'math']);
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** Opening one of these closes an open <p> (HTML parsing: "close a p element"). */
const CLOSES_P = new Set(['address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'ul']);
const BREAKS = new Set(['p', 'div', 'li', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'table', 'ul', 'ol', 'pre']);

interface Open {
  tag: string;
  hidden: boolean;
  background: Rgba;
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** Attributes of a start tag, names lower-cased; the first of duplicates wins (as in HTML). */
function attributes(attrs: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of attrs.matchAll(/([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    const name = (m[1] ?? '').toLowerCase();
    if (!out.has(name)) out.set(name, decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return out;
}

const TOKEN = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<![^>]*>|<\?[^>]*>|<(\/?)([a-zA-Z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|[^<]+|</g;

/**
 * Visible text of an HTML body: text inside hidden elements (hidden-style.ts), raw-text and
 * non-rendered elements and comments is dropped; block ends become new lines.
 */
export function htmlToText(html: string): string {
  const stack: Open[] = [];
  const out: string[] = [];
  const top = () => stack[stack.length - 1];
  const hidden = () => top()?.hidden ?? false;
  const popTo = (tag: string) => {
    const i = stack.map((o) => o.tag).lastIndexOf(tag);
    if (i < 0) return false;
    stack.length = i;
    return true;
  };
  let skipUntil: string | null = null;
  for (const m of html.matchAll(TOKEN)) {
    const [token, slash, rawName, attrs = ''] = m;
    if (rawName === undefined) {
      if (skipUntil === null && !token.startsWith('<!') && !token.startsWith('<?') && !hidden()) out.push(decodeEntities(token === '<' ? '<' : token));
      continue;
    }
    const tag = rawName.toLowerCase();
    if (skipUntil !== null) {
      if (slash && tag === skipUntil) skipUntil = null;
      continue;
    }
    if (slash) {
      if (tag === 'br') {
        if (!hidden()) out.push('\n'); // </br> is a <br> (HTML parsing quirk)
      } else if (tag === 'p' && !stack.some((o) => o.tag === 'p')) {
        if (!hidden()) out.push('\n'); // a stray </p> makes an empty paragraph
      } else if (popTo(tag) && BREAKS.has(tag) && !hidden()) {
        out.push('\n');
      }
      continue;
    }
    if (DROPPED.has(tag)) {
      if (!/\/\s*$/.test(attrs)) skipUntil = tag;
      continue;
    }
    if (CLOSES_P.has(tag) && popTo('p') && !hidden()) out.push('\n');
    if ((tag === 'li' && popTo('li')) || ((tag === 'td' || tag === 'th') && (popTo('td') || popTo('th'))) || (tag === 'tr' && popTo('tr'))) {
      if (!hidden()) out.push(tag === 'td' || tag === 'th' ? ' ' : '\n');
    }
    if (tag === 'br') {
      if (!hidden()) out.push('\n');
      continue;
    }
    if (VOID.has(tag)) continue;
    const parentBackground = top()?.background ?? DEFAULT_BACKGROUND;
    const a = attributes(attrs);
    const style = a.get('style') ?? '';
    const el = { style, hidden: a.has('hidden'), fontColour: tag === 'font' ? (a.get('color') ?? null) : null };
    stack.push({
      tag,
      hidden: hidden() || hidesContent(el, parentBackground),
      background: backgroundOf(style, a.get('bgcolor') ?? null) ?? parentBackground,
    });
  }
  return out
    .join('')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
