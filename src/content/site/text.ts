/**
 * Text of an editor or a message body as lines, for markup that was pretty-printed or
 * pasted: whitespace-only text between block elements (`<div>a</div>\n<div>b</div>`) is not
 * a line of its own — the browser does not render it (CSS white-space collapsing) and the
 * webmail does not send it — so it is dropped before reading (dom/text.ts would count it).
 */
import { blockText, isBlockElement } from '../dom/text';

const COLLAPSIBLE = /^[ \t\r\n]*$/;

function nextToBlock(n: Node): boolean {
  const near = [n.previousSibling, n.nextSibling];
  return near.some((s) => s === null || (s.nodeType === 1 && (isBlockElement(s as Element) || (s as Element).tagName === 'BR')));
}

/** A copy of `root` without inter-block whitespace and without the elements matching `skip`. */
export function renderedCopy(root: Element, skip: string | null = null): Element {
  const copy = root.cloneNode(true) as Element;
  if (skip) for (const q of copy.querySelectorAll(skip)) q.remove();
  const doc = copy.ownerDocument;
  const walker = doc.createTreeWalker(copy, 4 /* SHOW_TEXT */);
  const drop: Node[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const parent = n.parentElement;
    if (COLLAPSIBLE.test((n as Text).data) && parent && (isBlockElement(parent) || parent === copy) && nextToBlock(n)) drop.push(n);
  }
  for (const n of drop) n.parentNode?.removeChild(n);
  return copy;
}

/** The text the user sees in `root` (minus `skip`), one '\n' per line. */
export function renderedText(root: Element, skip: string | null = null): string {
  return blockText(renderedCopy(root, skip));
}
