// `npm run bench`: Cachet's benchmarks (issue 2 §8, issue 4 §6). Not a test: it prints tables,
// ratios against baselines measured in the same run, and whether each target is met; it exits
// non-zero only when something fails to run, never because a number is slow.
//
//   npm run bench                          everything (builds the store and test builds first)
//   npm run bench -- --quick               few runs, 1 s load slices: a smoke run while developing
//   npm run bench -- --no-build            use dist/ and artifacts/ as they are
//   npm run bench -- --no-build-test       rebuild + pack the store build, keep dist/test-chrome
//   npm run bench -- --skip=vault,sizes    sections: crypto (Node + Chromium + cold start), sizes, vault, adapters,
//                                          read (read latency, issue 3 §7), content (content script cost, issue 3 §7)
//   BENCH_DATABASE_URL=postgres://… (or TEST_DATABASE_URL) adds the vault on PostgreSQL.
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { benchAdapters, printAdapters } from './adapters.mjs';
import { benchContentCost, printContentCost } from './content-cost.mjs';
import { benchReadLatency, printReadLatency } from './read-latency.mjs';
import { makeWorkDir, ROOT } from './lib/bundle.mjs';
import { benchExtension } from './crypto-extension.mjs';
import { benchNodeCrypto } from './crypto-node.mjs';
import { printCrypto, printColdStart, printSizes, printTargets, printVault } from './report.mjs';
import { measureSizes } from './sizes.mjs';
import { benchVault } from './vault/index.mjs';

const args = process.argv.slice(2);
const unknown = args.filter((a) => !/^--(quick|no-build|no-build-test|skip=[a-z,]+)$/.test(a));
if (unknown.length > 0) {
  console.error(`unknown argument(s): ${unknown.join(' ')}\nsee the header of scripts/bench/index.mjs`);
  process.exit(2);
}
const quick = args.includes('--quick');
const skip = new Set((args.find((a) => a.startsWith('--skip='))?.slice(7) ?? '').split(',').filter(Boolean));
const settings = quick
  ? { keyRuns: 2, messageRuns: 5, coldRuns: 3, connections: 64, durationMs: 1000, warmupMs: 200, slices: 1 }
  : { keyRuns: 5, messageRuns: 20, coldRuns: 10, connections: 64, durationMs: 5000, warmupMs: 300, slices: 5 };
const postgresUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || undefined;
const log = (m) => console.log(`· ${m}`);

function npm(script) {
  log(`npm run ${script}`);
  const r = spawnSync('npm', ['run', script], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run ${script} failed:\n${r.stdout}\n${r.stderr}`);
}

const failures = [];
async function section(name, fn) {
  if (skip.has(name)) return undefined;
  try {
    return await fn();
  } catch (e) {
    failures.push(name);
    console.error(`\n${name}: ${e instanceof Error ? e.stack : e}\n`);
    return undefined;
  }
}

const started = Date.now();
console.log(`Cachet benchmark — ${new Date().toISOString()}`);
console.log(`Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(quick ? 'QUICK mode: few runs, numbers are only a smoke test' : '');

const work = makeWorkDir();
const results = {};
try {
  if (!args.includes('--no-build')) {
    await section('build', async () => {
      npm('pack'); // store build (dist/chrome, dist/firefox, dist/server) + artifacts/*.zip
      if (!args.includes('--no-build-test')) npm('build:test'); // dist/test-chrome for the harness
    });
  }
  results.node = await section('crypto', () => {
    log(`Node baseline: ${settings.keyRuns} key runs, ${settings.messageRuns} message runs`);
    return benchNodeCrypto({ ...settings, workDir: work.dir });
  });
  results.extension = await section('crypto', () => {
    log('Chromium: background over runtime messaging, extension page, cold starts');
    return benchExtension({ ...settings, workDir: work.dir });
  });
  results.sizes = await section('sizes', async () => measureSizes());
  results.adapters = await section('adapters', () => {
    log('webmail adapters: detection and main-thread cost on the fixtures (Chromium page)');
    return benchAdapters(settings);
  });
  results.read = await section('read', () => {
    log('read latency: 10 KB encrypted mail on a loopback page → plaintext in the viewer frame (Chromium, test build)');
    return benchReadLatency({ ...settings, workDir: work.dir });
  });
  results.content = await section('content', () => {
    log('content script main-thread cost: 10,000-node page, continuous mutations (Chromium, test build)');
    return benchContentCost({ ...settings, workDir: work.dir });
  });
  results.vault = await section('vault', async () => {
    const key = results.node?.key ?? (await benchNodeCrypto({ keyRuns: 1, messageRuns: 1, workDir: work.dir })).key;
    log(`vault: ${settings.connections} connections, ${settings.durationMs / 1000} s per scenario${postgresUrl ? '' : ' (PostgreSQL: set BENCH_DATABASE_URL)'}`);
    return benchVault({ ...settings, key, postgresUrl, log });
  });
} finally {
  work.remove();
}

console.log('');
if (results.node || results.extension) printCrypto(results.node, results.extension, settings);
if (results.extension) printColdStart(results.extension);
if (results.sizes) printSizes(results.sizes);
if (results.adapters) printAdapters(results.adapters);
if (results.read) printReadLatency(results.read);
if (results.content) printContentCost(results.content);
if (results.vault) printVault(results.vault, settings);
printTargets(results, settings);
console.log(`\ntotal ${((Date.now() - started) / 1000).toFixed(0)} s; load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`);
if (failures.length > 0) {
  console.error(`\nsections that failed to run: ${[...new Set(failures)].join(', ')}`);
  process.exit(1);
}
