/**
 * Armored blocks anywhere in a page's text. A TreeWalker visits text nodes containing a BEGIN
 * line; the nearest block element (walking up until the END line is inside) is read with line
 * breaks and handed to findArmoredBlocks. Editors and scripts are never read (MP-09).
 */
import { findArmoredBlocks, type ArmoredBlock } from '../../../core/armor';
import { blockText, isBlockElement, isSkippedElement } from '../../dom/text';
import type { ReadKind } from '../types';
import { BEGIN_MARK } from './armor-watch';

/** How far up from a BEGIN line we look for the element holding the whole block. */
const MAX_CLIMB = 6;
const KINDS: Partial<Record<ArmoredBlock['kind'], ReadKind>> = { message: 'message', 'signed-message': 'cleartext-signed' };

export interface FoundBlock {
  element: Element;
  kind: ReadKind;
  armored: string;
}

function rejected(el: Element | null): boolean {
  for (let e = el; e; e = e.parentElement) {
    if (isSkippedElement(e) || (e as HTMLElement).isContentEditable || e.getAttribute('contenteditable') === 'true') return true;
  }
  return false;
}

function blockAncestor(node: Node): Element | null {
  let el = node.parentElement;
  while (el && !isBlockElement(el) && el.tagName !== 'BODY') el = el.parentElement;
  return el;
}

/** Blocks under `root` (the body, or a subtree that was just added), one entry per armored block. */
export function findPageBlocks(root: Node, claimed: WeakSet<Element>): FoundBlock[] {
  const doc = root.ownerDocument ?? (root as Document);
  const out: FoundBlock[] = [];
  // One native string search first: most pages (and most added subtrees) hold no armor at all,
  // and then neither the ancestor checks nor the TreeWalker below run.
  if (!root.textContent?.includes(BEGIN_MARK)) return out;
  if (root.nodeType === 1 && rejected(root as Element)) return out;
  // Elements are visited only to prune editors/scripts with their whole subtree (FILTER_REJECT).
  const walker = doc.createTreeWalker(root, 1 | 4 /* SHOW_ELEMENT | SHOW_TEXT */, {
    acceptNode: (node) =>
      node.nodeType === 1 && (isSkippedElement(node as Element) || (node as HTMLElement).isContentEditable)
        ? 2 /* FILTER_REJECT */
        : 1 /* FILTER_ACCEPT */,
  });
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.nodeType !== 3 || !(n as Text).data.includes(BEGIN_MARK)) continue;
    let el = blockAncestor(n);
    if (!el || claimed.has(el)) continue;
    for (let climb = 0; el && climb < MAX_CLIMB; climb++) {
      const blocks = findArmoredBlocks(blockText(el)).filter((b) => !b.problem && KINDS[b.kind]);
      if (blocks.length > 0) {
        claimed.add(el);
        for (const b of blocks) out.push({ element: el, kind: KINDS[b.kind] as ReadKind, armored: b.armored });
        break;
      }
      if (el.tagName === 'BODY') break;
      el = el.parentElement ? blockAncestor(el) : null;
      if (el && claimed.has(el)) break;
    }
  }
  return out;
}
