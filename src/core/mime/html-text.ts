/**
 * The text of a decrypted HTML message for quoting in a reply (MP-07: only what was shown,
 * as plain text, never markup, hidden text or nested ciphertext). The background has no
 * DOM, so the HTML is parsed with parse5, an implementation of the WHATWG parsing algorithm:
 * the tree is the one the browser builds for the read frame (auto-closed paragraphs and
 * cells, foster-parented table text, mis-nested formatting, comments, CDATA and entities all
 * as a browser does them), and the text is taken from that tree. Text inside hidden elements
 * (hidden-style.ts, the same rule the read frame's sanitiser uses to remove them) and in
 * raw-text or non-rendered elements (`<style>`, `<script>`, `<svg>`, …) is dropped.
 * The result is only ever put in a textarea.
 */
import { parse } from 'parse5';
import { DEFAULT_BACKGROUND, backgroundOf, hidesContent, type Rgba } from './hidden-style';

/**
 * Elements whose content is never shown: raw text, not rendered, foreign content, fallback
 * content of media and replaced elements, ruby parentheses (`<rp>`, hidden where ruby is
 * supported), and what the read frame's sanitiser removes with its content
 * (pages/read/sanitize-html.ts FORBID_CONTENTS). Checked against the browsers' own
 * rendering in test/e2e/security/shown-equals-quoted.test.ts.
 */
const DROPPED = new Set([
  'script', 'style', 'head', 'title', 'template', 'noscript', 'textarea', 'xmp', 'iframe', 'noembed', 'noframes', 'object', 'svg', 'math', 'select', 'option',
  'datalist', 'video', 'audio', 'meter', 'progress', 'rp',
]);
/** Elements after which the text goes on on a new line. */
const BREAKS = new Set(['p', 'div', 'li', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'table', 'ul', 'ol', 'pre', 'dl', 'dt', 'dd', 'address', 'article', 'aside', 'details', 'fieldset', 'figure', 'footer', 'form', 'header', 'hr', 'main', 'nav', 'section', 'summary', 'caption']);

/** The parse5 node shapes read here (its default tree adapter). */
interface Node {
  nodeName: string;
  tagName?: string;
  value?: string;
  attrs?: Array<{ name: string; value: string }>;
  childNodes?: Node[];
}

/** Deeper than this the text is cut: parse5 itself nests without limit (DS: 1,000-deep bombs). */
const MAX_DEPTH = 512;

/**
 * Visible text of an HTML body: text inside hidden elements (hidden-style.ts), raw-text and
 * non-rendered elements and comments is dropped; block ends become new lines, table cells
 * are separated by a space.
 */
export function htmlToText(html: string): string {
  const out: string[] = [];
  // An explicit stack, not recursion: a hostile message nests thousands of elements.
  const stack: Array<{ node: Node; hidden: boolean; background: Rgba; depth: number } | { after: string }> = [
    { node: parse(html) as unknown as Node, hidden: false, background: DEFAULT_BACKGROUND, depth: 0 },
  ];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if ('after' in item) {
      out.push(item.after);
      continue;
    }
    const { node, depth } = item;
    if (node.nodeName === '#text') {
      if (!item.hidden) out.push(node.value ?? '');
      continue;
    }
    if (node.nodeName.startsWith('#') && node.nodeName !== '#document' && node.nodeName !== '#document-fragment') continue; // comments, doctype
    const tag = node.tagName ?? '';
    if (DROPPED.has(tag)) continue;
    let { hidden, background } = item;
    if (tag) {
      // parse5 already keeps the first of duplicate attributes, as browsers do.
      const attr = (name: string): string | null => node.attrs?.find((a) => a.name === name)?.value ?? null;
      const style = attr('style') ?? '';
      hidden ||= hidesContent({ style, hidden: attr('hidden') !== null, fontColour: tag === 'font' ? attr('color') : null }, background);
      background = backgroundOf(style, attr('bgcolor')) ?? background;
      if (tag === 'br') {
        if (!hidden) out.push('\n');
        continue;
      }
    }
    if (hidden) continue; // nothing under a hidden element is shown
    const open = node.attrs?.some((a) => a.name === 'open') === true;
    if (tag === 'dialog' && !open) continue; // a closed dialog is not rendered
    if (BREAKS.has(tag)) stack.push({ after: '\n' });
    else if (tag === 'td' || tag === 'th') stack.push({ after: ' ' });
    if (depth >= MAX_DEPTH) continue;
    // A closed <details> shows its first <summary> child only.
    const children = tag === 'details' && !open ? (node.childNodes ?? []).filter((c) => c.tagName === 'summary').slice(0, 1) : (node.childNodes ?? []);
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, hidden, background, depth: depth + 1 });
  }
  return out
    .join('')
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
