/**
 * The page watcher's storm rule in real browsers (src/content/dom/watch.ts, issue 3 §7): a
 * page that mutates once per microtask makes the content script stop observing, and its
 * idle-time whole-page pass must still find what was added meanwhile.
 * - The page inserts an armored block in the middle of a 2,000-mutation storm (one mutation
 *   per microtask drain, ~60 deliveries before the block: past the threshold in any browser)
 *   and then goes quiet: no later mutation wakes an observer, so only the pass at idle can
 *   mount the viewer.
 * - Then the page storms from task to task (a MessageChannel loop) for 3 s and inserts a
 *   second block after 0.75 s: the page itself sees our viewer appear before its storm ends
 *   (the resume is bounded by requestIdleCallback's timeout, not by the page going idle).
 * - Last, a re-render: 1,000 nodes and a third block added in one task (one delivery of more
 *   than STORM.records records, which the watcher does not look at node by node), then quiet.
 */
import * as openpgp from 'openpgp';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_KINDS, launch, until, type ExtensionHarness } from '../harness';
import { servePages, type LoopbackPages } from '../support/pages';

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>storm</title></head><body><main id="rows"></main>
<script>
const rows = document.getElementById('rows');
for (let i = 0; i < 1000; i++) {
  const r = document.createElement('div');
  r.className = 'row';
  r.textContent = 'Row ' + i;
  rows.appendChild(r);
}
const mutate = (i) => {
  const s = document.createElement('span');
  s.textContent = ' ' + i;
  rows.children[(i * 7919) % 1000].appendChild(s);
};
const block = (id, armored) => {
  const pre = document.createElement('pre');
  pre.id = id;
  pre.textContent = armored;
  // At the top: the generic adapter mounts a viewer only once its block is in view (DS-03).
  document.body.prepend(pre);
};
/** One mutation per microtask drain, the block after mutation 1,000, then nothing at all. */
window.microtaskStorm = async (armored) => {
  for (let i = 0; i < 2000; i++) {
    mutate(i);
    if (i === 1000) block('in-microtask-storm', armored);
    for (let k = 0; k < 4; k++) await Promise.resolve();
  }
  return document.querySelectorAll('.row span').length;
};
/** 1,000 spans and the block in one task (one observer delivery). */
window.rerender = (armored) => {
  for (let i = 0; i < 1000; i++) mutate(i);
  block('in-rerender', armored);
  return document.querySelectorAll('.row span').length;
};
/** One mutation per task for 3 s, the block after 0.75 s; when (ms) the page saw our viewer next to it, if before the end. */
window.taskStorm = (armored) => new Promise((resolve) => {
  const ch = new MessageChannel();
  const t0 = performance.now();
  let n = 0;
  let placed = false;
  let seenAt = null;
  ch.port1.onmessage = () => {
    mutate(n++);
    const t = performance.now() - t0;
    if (!placed && t > 750) { block('in-task-storm', armored); placed = true; }
    if (placed && seenAt === null && document.getElementById('in-task-storm').previousElementSibling?.matches('iframe[data-cachet]')) seenAt = t;
    if (t < 3000) ch.port2.postMessage(0);
    else resolve({ n, seenAt });
  };
  ch.port2.postMessage(0);
});
</script></body></html>`;

describe.each(BROWSER_KINDS)('mutation storms in %s', (kind) => {
  let h: ExtensionHarness;
  let site: LoopbackPages;
  /** Two different messages: the same ciphertext twice is one message re-rendered (controller.ts). */
  let armored: [string, string, string];

  beforeAll(async () => {
    h = await launch(kind, { backgroundIdleMs: 60_000 });
    const probe = async (text: string) => openpgp.encrypt({ message: await openpgp.createMessage({ text }), passwords: ['storm-probe'] });
    armored = [await probe('first storm probe'), await probe('second storm probe'), await probe('re-render probe')];
    site = await servePages({ '/storm': PAGE });
  }, 120_000);

  afterAll(async () => {
    await h?.close();
    site?.server.close();
  });

  /** For each Cachet frame in the page, the id of the armored element it stands for (mounted just before it, overlay/frame.ts). */
  const frames = (tab: Page): Promise<string[]> =>
    tab.evaluate(() => [...document.querySelectorAll('iframe[data-cachet]')].map((f) => f.nextElementSibling?.id ?? '?'));

  it('blocks added mid-storm (then quiet), during a task storm and in a big re-render all get their viewer', async () => {
    const tab = await h.browser.newPage();
    await tab.goto(`${site.url}/storm`, { waitUntil: 'load' });
    const spans = await tab.evaluate((a) => (window as unknown as { microtaskStorm(a: string): Promise<number> }).microtaskStorm(a), armored[0]);
    expect(spans).toBe(2000);
    const found = await until(async () => ((await frames(tab)).includes('in-microtask-storm') ? true : undefined), 30_000, 'the viewer for the block added mid-storm');
    expect(found).toBe(true);
    expect(await tab.evaluate(() => getComputedStyle(document.getElementById('in-microtask-storm')!).display)).toBe('none');

    // Storming from task to task: the page sees the second viewer appear while it still storms.
    const storm = await tab.evaluate((a) => (window as unknown as { taskStorm(a: string): Promise<{ n: number; seenAt: number | null }> }).taskStorm(a), armored[1]);
    expect(storm.n).toBeGreaterThan(100);
    expect(storm.seenAt).not.toBeNull();
    expect(storm.seenAt!).toBeGreaterThan(750);
    expect((await frames(tab)).sort()).toEqual(['in-microtask-storm', 'in-task-storm']);

    await tab.evaluate((a) => (window as unknown as { rerender(a: string): number }).rerender(a), armored[2]);
    await until(async () => ((await frames(tab)).includes('in-rerender') ? true : undefined), 30_000, 'the viewer for the block added in a re-render');
    expect((await frames(tab)).sort()).toEqual(['in-microtask-storm', 'in-rerender', 'in-task-storm']);
    await tab.close();
  }, 120_000);
});
