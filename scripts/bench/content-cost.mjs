// Content script main-thread cost on a busy page (issue 3 §7), Chromium, test build: the real
// content.js (generic adapter: MutationObserver over the whole document, text scan of what was
// added, a whole-page pass after a mutation storm) on a loopback page of 10,000 nodes that
// mutates continuously.
// - The test build injects content.js on http://127.0.0.1 only, so the same page is served on
//   127.0.0.1 (content script runs) and 127.0.0.2 (it does not), in the same browser and run.
// - Workloads, N = 1,000 mutations spread over the 10,000 nodes (a span added to a row and the
//   previous one removed, and a row's text changed, alternately):
//   · one per microtask drain: each followed by a drained microtask queue, so every mutation
//     reaches the observers on its own (the worst case: no batching);
//   · one per task: each in its own task (a MessageChannel round), like a page updating itself
//     from events;
//   · all N in one task (a re-render: one observer batch).
// - Main-thread time = CDP Performance.getMetrics `TaskDuration` (everything the renderer's main
//   thread ran, isolated worlds and native work included, idle excluded) over the workload AND
//   the settle after it: SETTLE_IDLE idle callbacks of the page. Idle callbacks run in the order
//   they were requested, whichever world asked, so the content script's own deferred work (its
//   idle-time pass after a storm, dom/watch.ts) has run and is counted. `ScriptDuration`
//   (JavaScript only) and performance.now wall time of the workload itself are shown beside it.
// - cost = time(page with the content script) − time(same page without it, no observer);
//   baseline = time(page without the content script, with a bare empty MutationObserver on
//   documentElement {childList, subtree, characterData}) − the same "none".
// - The page on 127.0.0.1 then gets a real armored block and must mount our frame: proof the
//   content script was running during the measurement.
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { ROOT, importTs } from './lib/bundle.mjs';
import { ms, percentile, ratio, summarize, table, verdict } from './lib/stats.mjs';

export const CONTENT_TARGETS = { costPer1000Ms: 2 };
const TEST_BUILD = join(ROOT, 'dist/test-chrome');
const NODES = 10_000;
const MUTATIONS = 1_000;
/** Idle callbacks the page waits for after a workload (see the file comment). */
const SETTLE_IDLE = 2;
const WORKLOADS = { microtask: 'one mutation per microtask drain', task: 'one mutation per task', burst: '1,000 mutations in one task' };

/** 1,429 rows × (div + 3 spans + 3 text nodes) ≈ 10,000 nodes; counted in the page for the report. */
const BUSY = `<!doctype html><html><head><meta charset="utf-8"><title>busy</title></head><body><main id="rows"></main>
<script>
const rows = document.getElementById('rows');
for (let i = 0; i < Math.ceil(${NODES} / 7); i++) { // a row = div + 3 spans + 3 text nodes
  const r = document.createElement('div');
  r.className = 'row';
  for (const t of ['From someone ' + i, 'Subject line number ' + i, 'Preview of message ' + i]) {
    const s = document.createElement('span');
    s.textContent = t;
    r.appendChild(s);
  }
  rows.appendChild(r);
}
</script></body></html>`;

function serve(host) {
  const server = createServer((req, res) => {
    res.writeHead(req.url === '/' ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(req.url === '/' ? BUSY : 'nope');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve({ server, url: `http://${host}:${server.address().port}/` }));
  });
}

/**
 * Runs in the page: one sample of `n` mutations in the given workload (WORKLOADS), then `settle`
 * idle callbacks. Returns the workload's own wall time.
 */
function pageRun(n, workload, bare, settle) {
  const rows = [...document.querySelectorAll('#rows > .row')];
  let mo = null;
  if (bare) {
    mo = new MutationObserver(() => {});
    mo.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  }
  const drain = async () => {
    for (let i = 0; i < 4; i++) await Promise.resolve();
  };
  const channel = new MessageChannel();
  const nextTask = () =>
    new Promise((resolve) => {
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(0);
    });
  const mutate = (i, last) => {
    const row = rows[(i * 7919) % rows.length];
    if (i % 2 === 0) {
      if (last) last.remove();
      const s = document.createElement('span');
      s.textContent = String(i);
      row.appendChild(s);
      return s;
    }
    row.firstChild.firstChild.data = `From someone ${i}`;
    return last;
  };
  return (async () => {
    const t0 = performance.now();
    let t;
    if (workload === 'burst') {
      const spans = [];
      for (let i = 0; i < n; i++) {
        const s = mutate(i, null);
        if (s && i % 2 === 0) spans.push(s);
      }
      await drain();
      t = performance.now() - t0;
      for (const s of spans) s.remove();
    } else {
      let last = null;
      for (let i = 0; i < n; i++) {
        last = mutate(i, last);
        await (workload === 'task' ? nextTask() : drain());
      }
      last?.remove();
      await drain();
      t = performance.now() - t0;
    }
    for (let i = 0; i < settle; i++) await new Promise((resolve) => requestIdleCallback(resolve));
    mo?.disconnect();
    channel.port1.close();
    return t;
  })();
}

async function metrics(cdp) {
  const { metrics: all } = await cdp.send('Performance.getMetrics');
  const get = (name) => all.find((m) => m.name === name)?.value ?? Number.NaN;
  return { script: get('ScriptDuration'), task: get('TaskDuration') };
}

async function sample(tab, cdp, workload, bare) {
  const m0 = await metrics(cdp);
  const wall = await tab.evaluate(pageRun, MUTATIONS, workload, bare, SETTLE_IDLE);
  const m1 = await metrics(cdp);
  return { wall, script: (m1.script - m0.script) * 1000, main: (m1.task - m0.task) * 1000 };
}

export async function benchContentCost({ coldRuns, workDir }) {
  if (!existsSync(join(TEST_BUILD, 'harness.html'))) throw new Error('dist/test-chrome is missing: run `npm run build:test`');
  const { launchChromium, until } = await importTs('test/e2e/harness/index.ts', workDir, 'harness-content');
  const runs = Math.max(30, coldRuns * 10);
  const withCs = await serve('127.0.0.1');
  const without = await serve('127.0.0.2');
  const h = await launchChromium(TEST_BUILD);
  try {
    const open = async (site) => {
      const tab = await h.browser.newPage();
      await tab.goto(site.url, { waitUntil: 'load' });
      await tab.evaluate(() => new Promise((r) => requestIdleCallback(() => r(), { timeout: 1000 })));
      const cdp = await tab.createCDPSession();
      await cdp.send('Performance.enable');
      return { tab, cdp };
    };
    const ext = await open(withCs);
    const plain = await open(without);
    const nodes = await ext.tab.evaluate(() => {
      const w = document.createTreeWalker(document.getElementById('rows'), NodeFilter.SHOW_ALL);
      let n = 0;
      while (w.nextNode()) n++;
      return n;
    });
    const out = {};
    for (const w of Object.keys(WORKLOADS)) for (const who of ['cs', 'none', 'bare']) out[`${who}:${w}`] = [];
    const one = async (t, workload, bare) => {
      await t.tab.bringToFront();
      return sample(t.tab, t.cdp, workload, bare);
    };
    await one(ext, 'microtask', false); // warm-up (JIT, the content script's first scans)
    await one(plain, 'microtask', false);
    for (let r = 0; r < runs; r++) {
      for (const w of Object.keys(WORKLOADS)) {
        out[`none:${w}`].push(await one(plain, w, false));
        out[`bare:${w}`].push(await one(plain, w, true));
        out[`cs:${w}`].push(await one(ext, w, false));
      }
    }
    // Proof the content script was there: a real armored block in the measured page gets our frame.
    const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'probe' }), passwords: ['bench-probe'] });
    await ext.tab.bringToFront();
    await ext.tab.evaluate((a) => {
      const pre = document.createElement('pre');
      pre.textContent = a;
      document.body.prepend(pre);
    }, armored);
    await until(async () => (await ext.tab.$('iframe[data-cachet]')) ?? undefined, 30_000, 'the content script mounting a viewer on the measured page');
    const plainHasFrame = await plain.tab.evaluate(() => document.querySelector('iframe[data-cachet]') !== null);
    if (plainHasFrame) throw new Error('the 127.0.0.2 page has a Cachet frame: the baseline page runs the content script');
    return { samples: out, runs, nodes, version: await h.browser.version() };
  } finally {
    await h.close();
    withCs.server.close();
    without.server.close();
  }
}

/** p50 over runs of (a[i] − b[i]) for `key`. */
function pairedP50(a, b, key) {
  return summarize(a.map((x, i) => x[key] - b[i][key])).p50;
}

/** "p25 … p75" of the run-by-run differences: how far one run's difference strays (noise). */
function pairedSpread(a, b, key) {
  const d = a.map((x, i) => x[key] - b[i][key]);
  return `${ms(percentile(d, 25))} … ${ms(percentile(d, 75))}`;
}

export function printContentCost(r) {
  const p50 = (list, key) => summarize(list.map((x) => x[key])).p50;
  const rows = [];
  const targets = [];
  const HOW = { main: 'main thread, CDP TaskDuration', script: 'JavaScript, CDP ScriptDuration', wall: 'workload wall, performance.now' };
  for (const [w, label] of Object.entries(WORKLOADS)) {
    const cs = r.samples[`cs:${w}`];
    const none = r.samples[`none:${w}`];
    const bare = r.samples[`bare:${w}`];
    for (const key of ['main', 'script', 'wall']) {
      // Paired: each run's samples were taken back to back, so load that drifts during the
      // bench cancels out of each difference.
      const cost = pairedP50(cs, none, key);
      const base = pairedP50(bare, none, key);
      rows.push([`${label} (${HOW[key]})`, `${ms(Math.max(0, cost))} ms`, pairedSpread(cs, none, key), `${ms(Math.max(0, base))} ms`, ratio(Math.max(cost, 0), base >= 0.1 ? base : Number.NaN), `${ms(p50(none, key))} ms`]);
      if (key === 'main') targets.push([`content script ≤ ${CONTENT_TARGETS.costPer1000Ms} ms of main-thread time / 1,000 mutations, ${label}`, `${ms(Math.max(0, cost))} ms`, verdict(cost <= CONTENT_TARGETS.costPer1000Ms)]);
    }
  }
  console.log(`Content script on a busy page (${r.version}; ~${r.nodes.toLocaleString('en')} nodes, ${MUTATIONS.toLocaleString('en')} mutations per sample + ${SETTLE_IDLE} idle callbacks, ${r.runs} samples, p50)`);
  console.log('  cost = p50 of (page with content.js − same page without it), run by run; baseline = the same for a bare MutationObserver');
  // A main-thread figure below the JavaScript one is inside the noise the spread column shows.
  table(['per 1,000 mutations', 'content script', 'its p25 … p75', 'bare observer', 'ratio', 'workload alone'], rows);
  console.log('');
  console.log('Targets (content script)');
  table(['target', 'measured', 'verdict'], targets);
  console.log('');
}

// `node scripts/bench/content-cost.mjs [--quick]`: this section alone (needs dist/test-chrome).
if (import.meta.url === `file://${process.argv[1]}`) {
  const { makeWorkDir } = await import('./lib/bundle.mjs');
  const work = makeWorkDir();
  try {
    printContentCost(await benchContentCost({ coldRuns: process.argv.includes('--quick') ? 3 : 10, workDir: work.dir }));
  } finally {
    work.remove();
  }
}
