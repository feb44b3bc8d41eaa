import { watchChildren, type WatchDeps } from './watch';

/**
 * Runs `scan(null)` (a full pass) once now, again after a mutation storm (watch.ts), and
 * `scan(added)` after DOM changes, at most once per microtask burst (many mutations in one
 * task → one scan). No timers poll: MutationObserver drives everything, and the AbortSignal
 * disconnects it (STYLE.md: never poll the DOM).
 */
export function observeDom(
  target: Node,
  signal: AbortSignal,
  scan: (added: readonly Node[] | null) => void,
  deps?: WatchDeps,
): void {
  if (signal.aborted) return;
  let pending: Node[] | null = null;
  const flush = (): void => {
    const added = pending;
    pending = null;
    if (!signal.aborted && added) scan(added);
  };
  watchChildren(
    target,
    signal,
    (records) => {
      const first = pending === null;
      pending ??= [];
      for (const r of records) for (const n of r.addedNodes) pending.push(n);
      if (first) queueMicrotask(flush);
    },
    // After a storm (an idle callback: every queued flush has run by then).
    () => scan(null),
    deps,
  );
  scan(null);
}

let counter = 0;
const ids = new WeakMap<object, string>();

/** A stable id per object (element) for the life of the page. */
export function idFor(obj: object, prefix: string): string {
  let id = ids.get(obj);
  if (!id) {
    counter += 1;
    id = `${prefix}-${counter}`;
    ids.set(obj, id);
  }
  return id;
}
