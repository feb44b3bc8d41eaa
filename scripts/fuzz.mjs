#!/usr/bin/env node
/**
 * `npm run fuzz`: the long fuzz run (issue 7 §2). Runs the test/fuzz targets through vitest
 * with FUZZ_TOTAL inputs spread by weight (default 1,000,000; `node scripts/fuzz.mjs 20000`
 * or FUZZ_TOTAL=… for a shorter run), then prints one report: inputs per entry point, the
 * error codes they ended in, the slowest case, heap, and every failure with the command that
 * replays it. Exit code 1 when any target failed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const total = Number(process.argv[2] ?? process.env.FUZZ_TOTAL ?? 1_000_000);
if (!Number.isSafeInteger(total) || total <= 0) {
  console.error('usage: node scripts/fuzz.mjs [total inputs]');
  process.exit(2);
}
const reportDir = mkdtempSync(path.join(tmpdir(), 'cachet-fuzz-'));
const env = {
  ...process.env,
  FUZZ_TOTAL: String(total),
  FUZZ_REPORT_DIR: reportDir,
  // --expose-gc: the runner collects before and after a target so heap growth is measured, not noise.
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --expose-gc`.trim(),
};
const started = Date.now();
const run = spawnSync('npx', ['vitest', 'run', '--project', 'unit', 'test/fuzz/', '--reporter=dot'], { env, stdio: 'inherit' });

const reports = readdirSync(reportDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(path.join(reportDir, f), 'utf8')))
  .sort((a, b) => b.runs - a.runs);
rmSync(reportDir, { recursive: true, force: true });

const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
console.log(`\nCachet fuzz report — ${total.toLocaleString('en')} inputs requested, ${Math.round((Date.now() - started) / 1000)} s\n`);
console.log(`${pad('entry point', 18)}${lpad('inputs', 10)}${lpad('accepted', 10)}${lpad('slowest ms', 12)}${lpad('heap MB start/peak/end', 25)}  refusals (CachetError codes, replies, HTTP statuses)`);
let inputs = 0;
let slowest = null;
for (const r of reports) {
  inputs += r.runs;
  if (!slowest || r.slowestMs > slowest.slowestMs) slowest = r;
  const codes = Object.entries(r.errorsByCode).sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c}×${n}`).join(' ');
  console.log(`${pad(r.name, 18)}${lpad(r.runs, 10)}${lpad(r.passed, 10)}${lpad(r.slowestMs, 12)}${lpad(`${r.heapStartMb}/${r.heapPeakMb}/${r.heapEndMb}`, 25)}  ${codes}`);
}
console.log(`${pad('total', 18)}${lpad(inputs, 10)}`);
if (slowest) console.log(`\nslowest case: ${slowest.name}, ${slowest.slowestMs} ms — ${slowest.slowestInput}`);
const failures = reports.filter((r) => r.failure);
for (const r of failures) {
  console.log(`\nFAILURE in ${r.name}: ${r.failure.error}\n  input: ${r.failure.input}\n  replay: ${r.failure.repro}`);
}
const missing = run.status !== 0 && failures.length === 0;
if (missing) console.log('\nvitest failed outside the fuzz properties (see its output above).');
console.log(failures.length === 0 && !missing ? '\nno failures' : `\n${failures.length} target(s) failed`);
process.exit(failures.length === 0 && run.status === 0 ? 0 : 1);
