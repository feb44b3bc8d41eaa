// The printed report: one table per section, then every target with its verdict.
import { kb, ms, ratio, summarize, table, verdict } from './lib/stats.mjs';
import { REFERENCES, SIZE_TARGETS } from './sizes.mjs';

export const TARGETS = { coldStartMs: 100, vault304VsBare: 0.4, vaultP99Ms: 20 };

const OPS = [
  ['generate', 'key generation (v4 ECC, Argon2id-protected)'],
  ['unlock', 'unlock (Argon2id 64 MiB S2K)'],
  ['encrypt', 'encrypt+sign 10 KB'],
  ['decrypt', 'decrypt+verify 10 KB'],
];

export function printCrypto(node, ext, settings) {
  console.log(`1. Crypto, ms per operation (p90 of ${settings.keyRuns} runs for keys = slowest run)`);
  const rows = [];
  for (const [op, label] of OPS) {
    const base = node ? summarize(node.times[op]) : undefined;
    const row = (where, s) => [label, where, String(s.n), ms(s.p50), ms(s.p90), base ? ratio(s.p50, base.p50) : 'n/a', base ? ratio(s.p90, base.p90) : 'n/a'];
    if (base) rows.push(row('Node, raw OpenPGP.js (baseline)', base));
    if (ext?.background[op]) rows.push(row('Chromium background, sendMessage', summarize(ext.background[op])));
    else if (ext) rows.push([label, 'Chromium background, sendMessage', '-', '-', '-', '(no message yet)', '']);
    if (ext) rows.push(row('Chromium extension page, src/core', summarize(ext.page[op])));
  }
  table(['operation', 'where', 'runs', 'p50 ms', 'p90 ms', 'p50 vs Node', 'p90 vs Node'], rows);
  if (ext) {
    console.log(`  (${ext.version}; background rows: chrome.runtime.sendMessage from the options page, so they include`);
    console.log('   messaging, IndexedDB and storage.session; PageProtocol has no encrypt/decrypt message yet, so those');
    console.log('   run src/core in an extension page added to a temporary copy of dist/test-chrome)');
  }
  console.log('');
}

export function printColdStart(ext) {
  const cold = summarize(ext.coldStart);
  const warm = summarize(ext.warmStatus);
  console.log('2. Background cold start: worker stopped, first getStatus round trip (Chromium)');
  table(
    ['measure', 'runs', 'p50 ms', 'p90 ms', 'vs warm p50', 'target'],
    [
      ['first getStatus after a stop', String(cold.n), ms(cold.p50), ms(cold.p90), ratio(cold.p50, warm.p50), `≤ ${TARGETS.coldStartMs} ms: ${verdict(cold.p50 <= TARGETS.coldStartMs)}`],
      ['getStatus, worker running', String(warm.n), ms(warm.p50), ms(warm.p90), '1.00×', ''],
    ],
  );
  console.log(`  (keyring holds ${ext.keyCount} keys; getStatus opens IndexedDB and parses the default key)\n`);
}

export function printSizes(sizes) {
  console.log('3. Bundle sizes (store build, minified)');
  const rows = sizes.bundles.chrome.map((b) => {
    const target = b.file === 'content.js' ? `≤ ${kb(SIZE_TARGETS.contentScript)}: ${verdict(b.bytes <= SIZE_TARGETS.contentScript)}` : '';
    return [`dist/chrome/${b.file}`, kb(b.bytes), kb(b.gzip), target, b.file === 'content.js' ? REFERENCES.contentScript : ''];
  });
  const same = JSON.stringify(sizes.bundles.chrome) === JSON.stringify(sizes.bundles.firefox);
  if (!same) for (const b of sizes.bundles.firefox) rows.push([`dist/firefox/${b.file}`, kb(b.bytes), kb(b.gzip), '', '']);
  for (const [browser, z] of Object.entries(sizes.zips)) {
    rows.push([z?.file ?? `${browser} zip (missing: npm run pack)`, kb(z?.bytes), '(zip)', `≤ ${kb(SIZE_TARGETS.storeZip)}: ${verdict(z ? z.bytes <= SIZE_TARGETS.storeZip : undefined)}`, REFERENCES.storeZip]);
  }
  table(['file', 'size', 'gzip', 'target', 'for comparison'], rows);
  if (same) console.log('  (dist/firefox bundles are byte-for-byte the same sizes)');
  console.log('');
}

const MB = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

export function printVault(vault, settings) {
  console.log(`4. Vault over loopback: ${settings.connections} keep-alive connections, ${settings.durationMs / 1000} s per scenario, closed loop`);
  for (const [backend, r] of Object.entries(vault)) {
    const bareRps = r.bare304.rps;
    const row = (name, s, vsBare) => [
      name,
      s.rps.toFixed(0),
      ms(s.p50),
      ms(s.p99),
      ms(s.max),
      Object.entries(s.statuses).map(([k, v]) => `${k}×${v}`).join(' ') + (s.errors ? ` errors×${s.errors}` : ''),
      `${MB(s.memory.rss)} (peak ${MB(s.memory.peak)})`,
      vsBare ? `${((s.rps / bareRps) * 100).toFixed(0)}%` : '',
    ];
    console.log(`  ${backend}: vault idle RSS after seeding ${MB(r.idle.rss)}`);
    table(
      ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'statuses', 'server RSS', 'vs bare'],
      [
        row('bare node:http 304 (baseline)', r.bare304, true),
        row('GET /v1/sync 304 (nothing new)', r.sync304, true),
        row('GET /v1/sync 200 (1 changed key)', r.syncChanged, true),
        row('PUT /v1/keys/:fp If-Match (CAS)', r.putCas, true),
      ],
    );
  }
  console.log('  (the 304 rows alternate bare/vault slices so background load hits both alike)\n');
}

export function printTargets(results, settings) {
  const rows = [];
  const content = results.sizes?.bundles.chrome.find((b) => b.file === 'content.js');
  if (results.sizes) rows.push(['content script ≤ 30 KB minified', kb(content?.bytes), verdict(content ? content.bytes <= SIZE_TARGETS.contentScript : undefined)]);
  for (const [browser, z] of Object.entries(results.sizes?.zips ?? {})) {
    rows.push([`${browser} store zip ≤ 700 KB`, kb(z?.bytes), verdict(z ? z.bytes <= SIZE_TARGETS.storeZip : undefined)]);
  }
  if (results.extension) {
    const p50 = summarize(results.extension.coldStart).p50;
    rows.push(['cold start ≤ 100 ms (p50, Chromium)', `${ms(p50)} ms`, verdict(p50 <= TARGETS.coldStartMs)]);
  }
  for (const [backend, r] of Object.entries(results.vault ?? {})) {
    const share = r.sync304.rps / r.bare304.rps;
    rows.push([`${backend}: 304 path ≥ 40% of bare throughput`, `${(share * 100).toFixed(0)}%`, verdict(share >= TARGETS.vault304VsBare)]);
    for (const [name, s] of [['sync 304', r.sync304], ['sync changed', r.syncChanged], ['PUT CAS', r.putCas]]) {
      rows.push([`${backend}: ${name} p99 ≤ 20 ms at ${settings.connections} connections`, `${ms(s.p99)} ms`, verdict(s.p99 <= TARGETS.vaultP99Ms)]);
    }
  }
  console.log('Targets');
  table(['target', 'measured', 'verdict'], rows);
}
