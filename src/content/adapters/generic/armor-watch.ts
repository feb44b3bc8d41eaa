/**
 * Which parts of a changing page may hold a new armored block, at a cost that follows the
 * mutations, not the page (issue 3 §7: ≤ 2 ms of main-thread time per 1,000 mutations on a
 * busy page). The MutationObserver callback only looks at what changed, with one native
 * string search per added node (`Text.data`, `Element.textContent`: no
 * layout, no TreeWalker, no regex, nothing allocated when nothing matches). Only nodes holding
 * an armor line become candidates; their block is found and parsed in one microtask per burst
 * of mutations. No timers (STYLE.md: never poll the DOM).
 *
 * A block that arrives in pieces (the BEGIN line first, then the body and the END line in later
 * mutations or text nodes) is found when its END line arrives: the END node's nearest ancestor
 * whose text holds a BEGIN line is scanned again.
 *
 * Not observed: characterData (a text node's data set in place). It doubles the callbacks on a
 * busy page (the content-cost bench mutates text every other step) and webmails insert message
 * bodies as nodes; the adapter never observed it before either.
 *
 * In a mutation storm the observer pauses and the caller's `resync` looks at the whole page
 * once the page is idle (dom/watch.ts).
 */
import { watchChildren, type WatchDeps } from '../../dom/watch';

/** The start of every armor header line (RFC 9580 §6.2); cheap to find with indexOf. */
export const BEGIN_MARK = '-----BEGIN PGP';
/** The start of every armor tail line (RFC 9580 §6.2). */
export const END_MARK = '-----END PGP';
/** How many ancestors an END line may climb to meet its BEGIN line (block markup is shallow). */
const MAX_END_CLIMB = 8;

/** The element to scan when an added `node` holds part of an armored block, else null. */
function candidateFor(node: Node): Element | null {
  const isText = node.nodeType === 3;
  const text = isText ? (node as Text).data : node.nodeType === 1 ? node.textContent : null;
  if (!text) return null;
  // Only now is the parent looked up: wrapping a node for an isolated world costs, so the common
  // case (no armor) touches nothing but the string.
  const el = isText ? node.parentElement : (node as Element);
  if (text.includes(BEGIN_MARK)) return el;
  if (!text.includes(END_MARK)) return null;
  // The tail of a block whose head arrived earlier: the nearest ancestor holding a BEGIN line.
  for (let a = el, i = 0; a && i < MAX_END_CLIMB; i++, a = a.parentElement) if (a.textContent?.includes(BEGIN_MARK)) return a;
  return null;
}

/**
 * Observes `root` (childList, subtree) until `signal` aborts and calls `scan` with the
 * candidate elements of each burst (at most once per microtask checkpoint; they may have left
 * the document meanwhile), or `resync` after a storm. `deps` are injectable so tests count
 * what the hot path does.
 */
export function watchArmor(
  root: Node,
  signal: AbortSignal,
  scan: (candidates: ReadonlySet<Element>) => void,
  resync: () => void,
  deps?: WatchDeps,
): void {
  let pending: Set<Element> | null = null;
  const add = (el: Element | null): void => {
    if (!el) return;
    if (!pending) {
      const batch = (pending = new Set());
      queueMicrotask(() => {
        pending = null;
        if (!signal.aborted) scan(batch);
      });
    }
    pending.add(el);
  };
  // Hot path: indexed loops, nothing allocated unless a node holds an armor line.
  const onRecords = (records: readonly MutationRecord[]): void => {
    for (let r = 0; r < records.length; r++) {
      const record = records[r] as MutationRecord;
      for (let i = 0, added = record.addedNodes; i < added.length; i++) add(candidateFor(added[i] as Node));
    }
  };
  watchChildren(root, signal, onRecords, resync, deps);
}
