/**
 * How every adapter watches the page for added nodes: a MutationObserver (childList, subtree)
 * whose cost on a busy page is bounded (issue 3 §7: ≤ 2 ms of main-thread time per 1,000
 * mutations). Each delivery to a content script's isolated world costs the browser a few
 * microseconds before any of our code runs, so a page that mutates once per microtask (a
 * framework rendering item by item with `await` in between) makes any observer cost 2.4 ms
 * or more per 1,000 mutations on this project's machine, even an empty one.
 *
 * So a storm — more than STORM.deliveries deliveries within STORM.windowMs, or one delivery of
 * more than STORM.records records (a re-render: looking at each added node would cost more than
 * one pass over the page) — disconnects the observer. When the page is next idle
 * (requestIdleCallback, STORM.resumeMs at the latest in a visible tab; hidden tabs run it when
 * the browser's timer throttling allows) it observes again and calls `resync`, a full pass over
 * the page as it is then: whatever was added meanwhile and is still there is found, only later.
 * Nothing is polled (STYLE.md): the only deferral is the one a storm asks for. A page that
 * storms on purpose only delays detection; it could hide its own text anyway.
 */

export type ObserverCtor = new (cb: MutationCallback) => Pick<MutationObserver, 'observe' | 'disconnect'>;

export const STORM = { deliveries: 32, records: 256, windowMs: 16, resumeMs: 100 } as const;

export interface WatchDeps {
  /** MutationObserver by default; tests pass a fake one to count what the hot path does. */
  Observer?: ObserverCtor;
  now?: () => number;
  /** Runs `cb` when the page is idle (at most STORM.resumeMs later). */
  whenIdle?: (cb: () => void) => void;
}

const OPTIONS: MutationObserverInit = { childList: true, subtree: true };

/** requestIdleCallback where the page has it (Chromium, Firefox), else a timeout. */
const idle = (cb: () => void): void => {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(cb, { timeout: STORM.resumeMs });
  else setTimeout(cb, STORM.resumeMs);
};

/**
 * Hands every delivery's records to `onRecords` until `signal` aborts; after a storm, calls
 * `resync` once observing again (see the file comment).
 */
export function watchChildren(
  root: Node,
  signal: AbortSignal,
  onRecords: (records: readonly MutationRecord[]) => void,
  resync: () => void,
  deps: WatchDeps = {},
): void {
  if (signal.aborted) return;
  const now = deps.now ?? (() => performance.now());
  const whenIdle = deps.whenIdle ?? idle;
  let windowStart = -Infinity;
  let deliveries = 0;
  let paused = false;
  const resume = (): void => {
    if (signal.aborted) return;
    paused = false;
    windowStart = -Infinity;
    observer.observe(root, OPTIONS);
    resync();
  };
  const observer = new (deps.Observer ?? MutationObserver)((records) => {
    if (paused) return; // a delivery already queued when we disconnected: resync covers it
    const big = records.length > STORM.records;
    if (!big) onRecords(records);
    const t = now();
    if (t - windowStart > STORM.windowMs) {
      windowStart = t;
      deliveries = 0;
    }
    if (++deliveries <= STORM.deliveries && !big) return;
    paused = true;
    observer.disconnect();
    whenIdle(resume);
  });
  observer.observe(root, OPTIONS);
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });
}
