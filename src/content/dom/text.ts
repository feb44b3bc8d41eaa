/**
 * Text of an element as the user sees its lines: `<br>` and block elements end a line.
 * Written by hand rather than `innerText` because innerText needs layout (slow on big pages,
 * and empty for hidden elements) and differs between browsers.
 */
const BLOCK = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGURE', 'FOOTER',
  'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE',
  'SECTION', 'TABLE', 'TBODY', 'TD', 'TH', 'THEAD', 'TR', 'UL',
]);
/** Never read as message text: scripts, styles, and editors (MP-09: armor in a draft is not a message). */
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'IFRAME', 'OBJECT', 'SVG']);

export function isBlockElement(el: Element): boolean {
  return BLOCK.has(el.tagName.toUpperCase());
}

export function isSkippedElement(el: Element): boolean {
  return SKIP.has(el.tagName.toUpperCase());
}

/** The element's text with one '\n' per `<br>` and per block boundary. */
export function blockText(root: Element): string {
  const parts: string[] = [];
  let afterBr = false;
  const walk = (node: Node): void => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) {
        let data = (child as Text).data;
        // `<br>\n` is how servers write line breaks (Roundcube: read-preview-signed.html); the
        // source newline after a <br> is formatting, not a second line (it would break signed text).
        if (afterBr) data = data.replace(/^\r?\n/, '');
        afterBr = false;
        parts.push(data);
      } else if (child.nodeType === 1) {
        const el = child as Element;
        const tag = el.tagName.toUpperCase();
        if (tag === 'BR') {
          parts.push('\n');
          afterBr = true;
          continue;
        }
        afterBr = false;
        if (SKIP.has(tag)) continue;
        const block = BLOCK.has(tag);
        if (block && parts.length > 0 && !parts[parts.length - 1]?.endsWith('\n')) parts.push('\n');
        walk(el);
        if (block && parts.length > 0 && !parts[parts.length - 1]?.endsWith('\n')) parts.push('\n');
      }
    }
  };
  walk(root);
  return parts.join('');
}
