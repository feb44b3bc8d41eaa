// @vitest-environment happy-dom
// Issue 3 §7: the generic adapter's cost must follow the mutations, not the page. These tests
// drive the adapter with a fake MutationObserver and count what the hot path does per batch:
// DOM walks (TreeWalker), armor parses (findArmoredBlocks) and layout reads. Functional counts,
// not timings, so they fail if someone brings back a per-mutation rescan.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const parses = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../src/core/armor', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/core/armor')>();
  return {
    ...real,
    findArmoredBlocks: (...args: Parameters<typeof real.findArmoredBlocks>) => {
      parses.count += 1;
      return real.findArmoredBlocks(...args);
    },
  };
});

import { createGenericAdapter, type Visibility } from '../../../src/content/adapters/generic/adapter';
import type { ObserverCtor } from '../../../src/content/dom/watch';
import { inlineArmorFromMarkup, settle, startAdapter, type Started } from './fixtures';

const ARMOR = inlineArmorFromMarkup();

/** A MutationObserver the test delivers records to by hand (happy-dom's own is not used). */
class FakeObserver {
  static last: FakeObserver | null = null;
  options: MutationObserverInit | undefined;
  constructor(readonly cb: MutationCallback) {
    FakeObserver.last = this;
  }
  observe(_target: Node, options?: MutationObserverInit): void {
    this.options = options;
  }
  disconnect(): void {}
  deliver(records: Array<Partial<MutationRecord>>): void {
    const full = records.map((r) => ({ type: 'childList', addedNodes: [], removedNodes: [], ...r }) as unknown as MutationRecord);
    this.cb(full, this as unknown as MutationObserver);
  }
}

const added = (...nodes: Node[]): Partial<MutationRecord> => ({ type: 'childList', addedNodes: nodes as unknown as NodeList });

let started: Started | undefined;
/** Idle callbacks the watcher asked for after a storm (dom/watch.ts); run by hand. */
const idle: Array<() => void> = [];
const waiting = new Map<Element, () => void>();
const visibility: Visibility = (el, cb) => waiting.set(el, cb);
let walks: ReturnType<typeof vi.spyOn>;
let layout: Array<ReturnType<typeof vi.spyOn>>;

beforeEach(() => {
  parses.count = 0;
  waiting.clear();
  idle.length = 0;
  document.body.innerHTML = '<main id="rows"></main>';
  const rows = document.getElementById('rows')!;
  for (let i = 0; i < 300; i++) {
    const r = document.createElement('div');
    for (const t of [`From someone ${i}`, `Subject ${i}`, `Preview ${i}`]) r.append(Object.assign(document.createElement('span'), { textContent: t }));
    rows.append(r);
  }
  started = startAdapter(createGenericAdapter({ visibility, watch: { Observer: FakeObserver as unknown as ObserverCtor, now: () => 0, whenIdle: (cb) => idle.push(cb) } }));
  walks = vi.spyOn(document, 'createTreeWalker');
  layout = [
    vi.spyOn(Element.prototype, 'getBoundingClientRect'),
    vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get'),
    vi.spyOn(HTMLElement.prototype, 'innerText', 'get'),
  ];
});

afterEach(() => {
  started?.stop();
  vi.restoreAllMocks();
});

describe('generic adapter hot path (fake MutationObserver, counted)', () => {
  it('a page without armor costs no walk and no parse at start', () => {
    // Started in beforeEach: the initial whole-page check is one textContent search.
    expect(parses.count).toBe(0);
    expect(FakeObserver.last?.options).toMatchObject({ childList: true, subtree: true });
  });

  it('1,000 mutations without armor, one per batch and all in one batch: zero walks, zero parses, zero layout reads', async () => {
    const rows = [...document.querySelectorAll('#rows > div')];
    const spans: Element[] = [];
    for (let i = 0; i < 1000; i++) {
      const s = document.createElement('span');
      s.textContent = String(i);
      rows[(i * 7919) % rows.length]!.append(s);
      spans.push(s);
      FakeObserver.last!.deliver([added(s), { type: 'childList', removedNodes: [s] as unknown as NodeList }]);
    }
    FakeObserver.last!.deliver(spans.map((s) => added(s, document.createTextNode('plain text'))));
    await settle();
    // 1,000 deliveries at once are a storm: the watcher paused and asked for one idle-time pass.
    expect(idle).toHaveLength(1);
    idle.shift()!();
    await settle();
    expect(walks).not.toHaveBeenCalled();
    expect(parses.count).toBe(0);
    for (const spy of layout) expect(spy).not.toHaveBeenCalled();
    expect(waiting.size).toBe(0);
  });

  it('a block added while a storm has paused the observer is found by the idle-time whole-page pass, walked once', async () => {
    const rows = [...document.querySelectorAll('#rows > div')];
    for (let i = 0; i < 100; i++) {
      const s = document.createElement('span');
      rows[i]!.append(s);
      FakeObserver.last!.deliver([added(s)]);
    }
    expect(idle).toHaveLength(1);
    const pre = document.createElement('pre');
    pre.textContent = ARMOR;
    document.body.append(pre);
    FakeObserver.last!.deliver([added(pre)]); // already queued when it paused: dropped
    await settle();
    expect(waiting.size).toBe(0);
    expect(walks).not.toHaveBeenCalled();
    idle.shift()!();
    await settle();
    expect([...waiting.keys()]).toEqual([pre]);
    expect(walks).toHaveBeenCalledTimes(1);
    expect(parses.count).toBe(1);
  });

  it('an armored block added among 199 other mutations: one batch, one walk of that block only, found once', async () => {
    const pre = document.createElement('pre');
    pre.textContent = ARMOR;
    document.body.append(pre);
    const noise = Array.from({ length: 199 }, (_, i) => added(Object.assign(document.createElement('span'), { textContent: `n${i}` })));
    FakeObserver.last!.deliver([...noise.slice(0, 100), added(pre), ...noise.slice(100)]);
    await settle();
    expect(walks).toHaveBeenCalledTimes(1);
    expect(walks.mock.calls[0]?.[0]).toBe(pre);
    expect(parses.count).toBe(1);
    expect([...waiting.keys()]).toEqual([pre]);
    expect(idle).toHaveLength(0);
  });

  it('a re-render of 1,000 records is not looked at node by node: the idle-time whole-page pass finds its block, once', async () => {
    const pre = document.createElement('pre');
    pre.textContent = ARMOR;
    document.body.append(pre);
    const textContent = vi.spyOn(Node.prototype, 'textContent', 'get');
    const noise = Array.from({ length: 999 }, (_, i) => added(Object.assign(document.createElement('span'), { textContent: `n${i}` })));
    FakeObserver.last!.deliver([...noise.slice(0, 500), added(pre), ...noise.slice(500)]);
    await settle();
    expect(textContent).not.toHaveBeenCalled();
    expect(walks).not.toHaveBeenCalled();
    expect(idle).toHaveLength(1);
    idle.shift()!();
    await settle();
    expect(walks).toHaveBeenCalledTimes(1);
    expect(walks.mock.calls[0]?.[0]).toBe(document.body);
    expect(parses.count).toBe(1);
    expect([...waiting.keys()]).toEqual([pre]);
  });

  it('a block arriving line by line (BEGIN first, END last, separate mutations) is found when END arrives, and only then parsed', async () => {
    const pre = document.createElement('pre');
    document.body.append(pre);
    const lines = ARMOR.replace(/\n$/, '').split('\n');
    const end = lines.findIndex((l) => l.startsWith('-----END PGP'));
    expect(end).toBe(lines.length - 1);
    let afterBegin = -1;
    for (const [i, line] of lines.entries()) {
      const t = document.createTextNode(`${line}\n`);
      pre.append(t);
      FakeObserver.last!.deliver([added(t)]);
      await settle();
      if (i === 0) afterBegin = parses.count;
      if (i === end - 1) {
        // The BEGIN line was checked (incomplete, nothing found); the body lines cost no parse.
        expect(afterBegin).toBeGreaterThan(0);
        expect(parses.count).toBe(afterBegin);
        expect(waiting.size).toBe(0);
      }
    }
    expect([...waiting.keys()]).toEqual([pre]);
    waiting.get(pre)!();
    expect(String(started!.read[0]!.blocks()[0]!.armored).trim()).toBe(ARMOR.trim());
  });
});
