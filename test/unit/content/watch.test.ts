// The page watcher's storm rule (src/content/dom/watch.ts, issue 3 §7): past STORM.deliveries
// deliveries within STORM.windowMs the observer disconnects; when the page is idle it observes
// again and the caller's whole-page pass runs. Driven with a fake observer, clock and idle
// queue, so the counts are exact.
import { describe, expect, it } from 'vitest';
import { observeDom } from '../../../src/content/dom/observe';
import { STORM, watchChildren, type ObserverCtor, type WatchDeps } from '../../../src/content/dom/watch';

class FakeObserver {
  static last: FakeObserver;
  connected = false;
  log: string[] = [];
  constructor(readonly cb: MutationCallback) {
    FakeObserver.last = this;
  }
  observe(_target: Node, options?: MutationObserverInit): void {
    this.connected = true;
    this.log.push(`observe ${JSON.stringify(options)}`);
  }
  disconnect(): void {
    this.connected = false;
    this.log.push('disconnect');
  }
  /** One delivery of `n` records, each adding the node `node`. */
  deliver(node: unknown = {}, n = 1): void {
    const records = Array.from({ length: n }, () => ({ type: 'childList', addedNodes: [node], removedNodes: [] }));
    this.cb(records as unknown as MutationRecord[], this as unknown as MutationObserver);
  }
}

interface Rig {
  deps: WatchDeps;
  clock: { t: number };
  idle: Array<() => void>;
  events: string[];
  ac: AbortController;
  obs: () => FakeObserver;
}

function rig(): Rig {
  const clock = { t: 1000 };
  const idle: Array<() => void> = [];
  return {
    clock,
    idle,
    events: [],
    ac: new AbortController(),
    obs: () => FakeObserver.last,
    deps: { Observer: FakeObserver as unknown as ObserverCtor, now: () => clock.t, whenIdle: (cb) => idle.push(cb) },
  };
}

function start(r: Rig): void {
  watchChildren(
    {} as Node,
    r.ac.signal,
    (records) => r.events.push(`records ${records.length}`),
    () => r.events.push(`resync (connected: ${FakeObserver.last.connected})`),
    r.deps,
  );
}

describe('watchChildren: the storm rule', () => {
  it('observes childList + subtree and hands every delivery over while under the storm threshold', () => {
    const r = rig();
    start(r);
    expect(r.obs().log).toEqual(['observe {"childList":true,"subtree":true}']);
    for (let i = 0; i < STORM.deliveries; i++) r.obs().deliver({}, 2);
    expect(r.events).toEqual(Array(STORM.deliveries).fill('records 2'));
    expect(r.obs().connected).toBe(true);
    expect(r.idle).toHaveLength(0);
  });

  it('past the threshold within the window: that delivery is handled, then the observer disconnects and waits for idle', () => {
    const r = rig();
    start(r);
    for (let i = 0; i <= STORM.deliveries; i++) {
      r.clock.t += (STORM.windowMs - 1) / (STORM.deliveries + 1);
      r.obs().deliver();
    }
    expect(r.events).toHaveLength(STORM.deliveries + 1);
    expect(r.obs().connected).toBe(false);
    expect(r.idle).toHaveLength(1);
    // A delivery already queued when it disconnected is dropped: the whole-page pass covers it.
    r.obs().deliver();
    r.obs().deliver();
    expect(r.events).toHaveLength(STORM.deliveries + 1);
    expect(r.idle).toHaveLength(1);
  });

  it('at idle: observes again first, then runs the whole-page pass once; the next storm pauses again', () => {
    const r = rig();
    start(r);
    for (let i = 0; i <= STORM.deliveries; i++) r.obs().deliver();
    r.events.length = 0;
    r.idle.shift()!();
    expect(r.events).toEqual(['resync (connected: true)']);
    expect(r.obs().log.slice(-2)).toEqual(['disconnect', 'observe {"childList":true,"subtree":true}']);
    // A fresh window after resuming: STORM.deliveries more are handled before the next pause.
    for (let i = 0; i < STORM.deliveries; i++) r.obs().deliver();
    expect(r.obs().connected).toBe(true);
    r.obs().deliver();
    expect(r.obs().connected).toBe(false);
    expect(r.idle).toHaveLength(1);
  });

  it('one delivery of more than STORM.records records (a re-render) is not handed over: it pauses at once for the whole-page pass', () => {
    const r = rig();
    start(r);
    r.obs().deliver({}, STORM.records);
    expect(r.events).toEqual([`records ${STORM.records}`]);
    expect(r.obs().connected).toBe(true);
    r.obs().deliver({}, STORM.records + 1);
    expect(r.events).toEqual([`records ${STORM.records}`]);
    expect(r.obs().connected).toBe(false);
    expect(r.idle).toHaveLength(1);
    r.idle.shift()!();
    expect(r.events).toEqual([`records ${STORM.records}`, 'resync (connected: true)']);
  });

  it('a page that mutates steadily, however long, is never paused (each delivery handled at once)', () => {
    const r = rig();
    start(r);
    for (let i = 0; i < 2000; i++) {
      r.clock.t += STORM.windowMs / 4; // 4 per window: well under the threshold
      r.obs().deliver();
    }
    expect(r.events).toHaveLength(2000);
    expect(r.idle).toHaveLength(0);
    expect(r.obs().connected).toBe(true);
  });

  it('the window restarts after a quiet gap: bursts below the threshold, separated in time, never pause', () => {
    const r = rig();
    start(r);
    for (let burst = 0; burst < 50; burst++) {
      for (let i = 0; i < STORM.deliveries; i++) r.obs().deliver();
      r.clock.t += STORM.windowMs + 1;
    }
    expect(r.events).toHaveLength(50 * STORM.deliveries);
    expect(r.idle).toHaveLength(0);
  });

  it('aborted while paused: the idle callback neither observes nor resyncs; abort disconnects', () => {
    const r = rig();
    start(r);
    for (let i = 0; i <= STORM.deliveries; i++) r.obs().deliver();
    r.ac.abort();
    r.events.length = 0;
    r.idle.shift()!();
    expect(r.events).toEqual([]);
    expect(r.obs().connected).toBe(false);
    expect(r.obs().log.at(-1)).toBe('disconnect');
  });

  it('an already aborted signal observes nothing', () => {
    const r = rig();
    r.ac.abort();
    const before = FakeObserver.last;
    start(r);
    expect(FakeObserver.last).toBe(before);
  });
});

describe('observeDom: scan(null) at start and after a storm, scan(added) per burst', () => {
  it('batches a delivery into one scan of its added nodes, and rescans the whole page when a storm ends', async () => {
    const r = rig();
    const scans: Array<string> = [];
    observeDom({} as Node, r.ac.signal, (added) => scans.push(added === null ? 'full' : `added ${added.length}`), r.deps);
    expect(scans).toEqual(['full']);
    r.obs().deliver({}, 3);
    r.obs().deliver({}, 2);
    await Promise.resolve();
    expect(scans).toEqual(['full', 'added 5']);
    for (let i = 0; i < STORM.deliveries; i++) r.obs().deliver();
    await Promise.resolve();
    expect(r.obs().connected).toBe(false);
    scans.length = 0;
    r.idle.shift()!();
    await Promise.resolve();
    expect(scans).toEqual(['full']);
    expect(r.obs().connected).toBe(true);
  });
});
