/**
 * Runs `scan` once now and again after DOM changes, at most once per microtask burst
 * (many mutations in one task → one scan). No timers: MutationObserver drives everything,
 * and the AbortSignal disconnects it (STYLE.md: never poll the DOM).
 */
export function observeDom(
  target: Node,
  signal: AbortSignal,
  scan: (added: readonly Node[] | null) => void,
  options: MutationObserverInit = { childList: true, subtree: true },
): void {
  if (signal.aborted) return;
  let pending: Node[] | null = null;
  const flush = (): void => {
    const added = pending;
    pending = null;
    if (!signal.aborted && added) scan(added);
  };
  const observer = new MutationObserver((records) => {
    const first = pending === null;
    pending ??= [];
    for (const r of records) {
      if (r.type === 'childList') for (const n of r.addedNodes) pending.push(n);
      else pending.push(r.target);
    }
    if (first) queueMicrotask(flush);
  });
  observer.observe(target, options);
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });
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
