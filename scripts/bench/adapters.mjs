// Webmail adapters (issue 8 §4), in headless Chromium on the saved fixtures, without the
// extension: the adapters' own code (src/content/adapters/{gmail,outlook,yahoo}) bundled into
// the page, the way the content script runs it.
// - detection: a fixture's view (compose root / opened message) is inserted into its page with
//   the adapter running; time from the insertion to the adapter's onCompose/onRead. Baseline:
//   a bare MutationObserver on the same page noticing the same insertion (the floor any
//   DOM-driven content script pays).
// - main-thread cost on a 50-message thread: 1,000 childList mutations (a span added to and
//   removed from message headers, as webmails do for hover cards and timestamps), each followed
//   by a drained microtask queue, and the same 1,000 in one task (a re-render: one observer
//   batch); cost = time with the adapter − time with no observer. Baseline: the same with a
//   bare, empty MutationObserver.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';
import { ROOT } from './lib/bundle.mjs';
import { ms, ratio, summarize, table, verdict } from './lib/stats.mjs';

const CHROMIUM = '/usr/lib/chromium/chromium';
export const ADAPTER_TARGETS = { detectionMs: 50, costPer1000Ms: 1 };
const SITES = {
  outlook: { compose: 'compose-new.html', read: 'read-single.html' },
  yahoo: { compose: 'compose-new.html', read: 'read-single.html' },
  gmail: { compose: 'compose-new.html', read: 'read-single.html' },
};

async function pageBundle() {
  const out = await build({
    stdin: {
      contents: `import { gmailAdapter } from './src/content/adapters/gmail/adapter';
        import { outlookAdapter } from './src/content/adapters/outlook/adapter';
        import { yahooAdapter } from './src/content/adapters/yahoo/adapter';
        globalThis.__adapters = { gmail: gmailAdapter, outlook: outlookAdapter, yahoo: yahooAdapter };`,
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    minify: true,
    write: false,
    define: { __FIREFOX__: 'false', __TEST__: 'false' },
  });
  return out.outputFiles[0].text;
}

/** Runs in the page: detection times (adapter and bare observer) for one view, `runs` times each. */
function pageDetect(id, kind, runs) {
  const a = globalThis.__adapters[id];
  const sel = a.spec.selectors[kind === 'compose' ? 'composeRoot' : 'message'];
  const view = document.querySelector(sel);
  const parent = view.parentNode;
  const next = view.nextSibling;
  view.remove();
  const insert = () => {
    const copy = view.cloneNode(true);
    parent.insertBefore(copy, next);
    return copy;
  };
  const once = (start) =>
    new Promise((resolve) => {
      let t0 = 0;
      let copy = null;
      const stop = start(() => {
        const t = performance.now() - t0;
        stop();
        copy.remove();
        resolve(t);
      });
      t0 = performance.now();
      copy = insert();
    });
  const adapter = (done) => {
    const ac = new AbortController();
    let first = true; // the start-up pass finds nothing: the view is not in the page yet
    const hit = () => first || done();
    a.start({ doc: document, signal: ac.signal, onCompose: kind === 'compose' ? hit : () => {}, onRead: kind === 'read' ? hit : () => {} });
    first = false;
    return () => ac.abort();
  };
  const bare = (done) => {
    const mo = new MutationObserver(() => done());
    mo.observe(document.documentElement, { childList: true, subtree: true });
    return () => mo.disconnect();
  };
  return (async () => {
    const out = { adapter: [], bare: [] };
    for (let i = 0; i < runs; i++) {
      out.bare.push(await once(bare));
      out.adapter.push(await once(adapter));
    }
    parent.insertBefore(view, next);
    return out;
  })();
}

/** Runs in the page: a 50-message thread, 1,000 mutations per mode; ms per mode. */
function pageMutations(id, messages, mutations, runs) {
  const a = globalThis.__adapters[id];
  const one = document.querySelector(a.spec.selectors.message);
  const list = one.parentNode;
  for (let i = 1; i < messages; i++) list.appendChild(one.cloneNode(true));
  const heads = [...list.querySelectorAll(a.spec.selectors.message)].map((m) => m.firstElementChild);
  const drain = async () => {
    for (let i = 0; i < 4; i++) await Promise.resolve();
  };
  const loop = async () => {
    const t0 = performance.now();
    let last = null;
    for (let i = 0; i < mutations; i++) {
      if (last) last.remove();
      last = document.createElement('span');
      last.textContent = String(i);
      heads[i % heads.length].appendChild(last);
      await drain();
    }
    last?.remove();
    await drain();
    return performance.now() - t0;
  };
  /** The same 1,000 mutations in one task (a re-render): the observer gets them as one batch. */
  const burst = async () => {
    const t0 = performance.now();
    const spans = [];
    for (let i = 0; i < mutations; i++) {
      const s = document.createElement('span');
      s.textContent = String(i);
      heads[i % heads.length].appendChild(s);
      spans.push(s);
    }
    await drain();
    const t = performance.now() - t0;
    for (const s of spans) s.remove();
    await drain();
    return t;
  };
  const modes = {
    none: () => () => {},
    bare: () => {
      const mo = new MutationObserver(() => {});
      mo.observe(document.documentElement, { childList: true, subtree: true });
      return () => mo.disconnect();
    },
    adapter: () => {
      const ac = new AbortController();
      a.start({ doc: document, signal: ac.signal, onCompose() {}, onRead() {} });
      return () => ac.abort();
    },
  };
  return (async () => {
    const out = { none: [], bare: [], adapter: [] };
    const bursts = { none: [], bare: [], adapter: [] };
    await loop(); // warm-up
    await burst();
    for (let r = 0; r < runs; r++) {
      for (const [name, start] of Object.entries(modes)) {
        const stop = start();
        out[name].push(await loop());
        bursts[name].push(await burst());
        stop();
      }
    }
    return { ...out, bursts };
  })();
}

export async function benchAdapters({ coldRuns }) {
  const runs = Math.max(5, coldRuns * 2);
  const script = await pageBundle();
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    pipe: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const results = {};
  try {
    for (const [id, views] of Object.entries(SITES)) {
      const r = { detect: {}, mutations: null };
      for (const [kind, file] of Object.entries(views)) {
        const page = await browser.newPage();
        await page.setContent(readFileSync(join(ROOT, 'test/fixtures/webmail', id, file), 'utf8'));
        await page.addScriptTag({ content: script });
        r.detect[kind] = await page.evaluate(pageDetect, id, kind, runs);
        if (kind === 'read') r.mutations = await page.evaluate(pageMutations, id, 50, 1000, Math.max(3, Math.ceil(runs / 2)));
        await page.close();
      }
      results[id] = r;
    }
  } finally {
    await browser.close();
  }
  return results;
}

export function printAdapters(results) {
  const rows = [];
  const targets = [];
  for (const [id, r] of Object.entries(results)) {
    for (const [kind, d] of Object.entries(r.detect)) {
      const a = summarize(d.adapter);
      const b = summarize(d.bare);
      // performance.now() is clamped to 0.1 ms in a page without cross-origin isolation: no ratio below that.
      rows.push([`${id} ${kind}: detection`, `${ms(a.p50)} ms`, `${ms(a.p90)} ms`, `${ms(b.p50)} ms`, ratio(a.p50, b.p50 >= 0.1 ? b.p50 : Number.NaN)]);
      targets.push([`${id} ${kind}: detection ≤ ${ADAPTER_TARGETS.detectionMs} ms (p90)`, `${ms(a.p90)} ms`, verdict(a.p90 <= ADAPTER_TARGETS.detectionMs)]);
    }
    const none = summarize(r.mutations.none).p50;
    const cost = summarize(r.mutations.adapter).p50 - none;
    const bare = summarize(r.mutations.bare).p50 - none;
    rows.push([`${id}: cost / 1,000 mutations, one per task`, `${ms(Math.max(0, cost))} ms`, '', `${ms(Math.max(0, bare))} ms`, ratio(Math.max(cost, 0), bare >= 0.5 ? bare : Number.NaN)]);
    const bNone = summarize(r.mutations.bursts.none).p50;
    const bCost = summarize(r.mutations.bursts.adapter).p50 - bNone;
    const bBare = summarize(r.mutations.bursts.bare).p50 - bNone;
    rows.push([`${id}: cost / 1,000 mutations in one task`, `${ms(Math.max(0, bCost))} ms`, '', `${ms(Math.max(0, bBare))} ms`, ratio(Math.max(bCost, 0), bBare >= 0.5 ? bBare : Number.NaN)]);
    targets.push([`${id}: main thread ≤ ${ADAPTER_TARGETS.costPer1000Ms} ms / 1,000 mutations, one per task`, `${ms(Math.max(0, cost))} ms`, verdict(cost <= ADAPTER_TARGETS.costPer1000Ms)]);
    targets.push([`${id}: main thread ≤ ${ADAPTER_TARGETS.costPer1000Ms} ms / 1,000 mutations, one task`, `${ms(Math.max(0, bCost))} ms`, verdict(bCost <= ADAPTER_TARGETS.costPer1000Ms)]);
  }
  console.log('Webmail adapters (Chromium, fixtures; baseline = a bare MutationObserver in the same page)');
  table(['measure', 'p50', 'p90', 'baseline p50', 'ratio'], rows);
  console.log('');
  console.log('Targets (adapters)');
  table(['target', 'measured', 'verdict'], targets);
  console.log('');
}
