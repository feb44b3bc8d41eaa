/**
 * The fuzz runner shared by every entry point: fast-check properties with a per-case time
 * budget, the slowest case, heap growth over the run, and a JSON report that
 * `scripts/fuzz.mjs` gathers. The property every target holds: an input either goes through
 * or fails with ONE `CachetError` whose code is in ERROR_CODES — never another exception,
 * never a case slower than the budget, never a heap that keeps growing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { ERROR_CODES, isCachetError } from '../../src/core/errors';

export interface FuzzTarget<T> {
  /** Report name, e.g. "armor-detect". */
  name: string;
  /** Share of FUZZ_TOTAL: cheap parsers get most. */
  weight: number;
  /** Fewest cases even in the small `npm test` run. */
  minRuns: number;
  /** A case slower than this fails (generous: 2 cores shared by many processes). */
  budgetMs: number;
  arbitrary: fc.Arbitrary<T>;
  /**
   * Runs the entry point; throws on a broken property. CachetErrors are checked by the
   * runner. May return a label for a refusal that is an answer, not an exception (a router
   * Reply, an HTTP status), so the report counts it like an error code.
   */
  run(input: T): string | void | Promise<string | void>;
  /** Short, safe description of an input for the report. */
  describe?(input: T): string;
}

export interface FuzzFailure {
  seed: number;
  path: string;
  error: string;
  input: string;
  repro: string;
}

export interface FuzzReport {
  name: string;
  runs: number;
  errorsByCode: Record<string, number>;
  passed: number;
  failure: FuzzFailure | null;
  slowestMs: number;
  slowestInput: string;
  heapStartMb: number;
  heapPeakMb: number;
  heapEndMb: number;
  durationMs: number;
}

/** Inputs of the default `npm test` run, spread over all targets by weight. */
export const DEFAULT_TOTAL = 1500;
export const TOTAL_WEIGHT = 100;
/** Heap may grow this much over one target's run before it counts as unbounded. */
export const MAX_HEAP_GROWTH_MB = 384;

const KNOWN_CODES = new Set<string>(ERROR_CODES);

function envInt(name: string): number | null {
  const v = process.env[name];
  if (v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : null;
}

/** How many cases this target gets: its weight's share of FUZZ_TOTAL, at least minRuns. */
export function runsFor(t: { weight: number; minRuns: number }): number {
  const total = envInt('FUZZ_TOTAL') ?? DEFAULT_TOTAL;
  return Math.max(t.minRuns, Math.round((total * t.weight) / TOTAL_WEIGHT));
}

function heapMb(): number {
  return Math.round((process.memoryUsage().heapUsed / 1024 / 1024) * 10) / 10;
}

function collect(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) g();
}

function show(e: unknown): string {
  if (isCachetError(e)) return `CachetError ${e.code}${e.detail ? ` (${e.detail.slice(0, 120)})` : ''}`;
  if (e instanceof Error) return `${e.name}: ${e.message.slice(0, 300)}\n${(e.stack ?? '').split('\n').slice(1, 6).join('\n')}`;
  return String(e).slice(0, 300);
}

/** A case that may fail only with a known CachetError; resolves to the code (or refusal label) or null. */
async function expectOnlyCachetError(run: () => string | void | Promise<string | void>): Promise<string | null> {
  try {
    const label = await run();
    return typeof label === 'string' ? label : null;
  } catch (e) {
    if (isCachetError(e) && KNOWN_CODES.has(e.code)) return e.code;
    throw e;
  }
}

/** Runs one target with fast-check; FUZZ_SEED / FUZZ_PATH replay a reported failure. */
export async function runTarget<T>(t: FuzzTarget<T>, file: string): Promise<FuzzReport> {
  const runs = runsFor(t);
  const seed = envInt('FUZZ_SEED') ?? (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
  const replayPath = process.env.FUZZ_PATH;
  const errorsByCode: Record<string, number> = {};
  let passed = 0;
  let slowestMs = 0;
  let slowestInput = '';
  collect();
  const heapStartMb = heapMb();
  let heapPeakMb = heapStartMb;
  let count = 0;
  const sampleEvery = Math.max(1, Math.floor(runs / 50));
  const describe = t.describe ?? ((x: T) => fc.stringify(x).slice(0, 200));
  const started = performance.now();

  const property = fc.asyncProperty(t.arbitrary, async (input) => {
    const t0 = performance.now();
    const code = await expectOnlyCachetError(() => t.run(input));
    const ms = performance.now() - t0;
    if (code === null) passed++;
    else errorsByCode[code] = (errorsByCode[code] ?? 0) + 1;
    if (ms > slowestMs) {
      slowestMs = ms;
      slowestInput = describe(input);
    }
    if (++count % sampleEvery === 0) heapPeakMb = Math.max(heapPeakMb, heapMb());
    if (ms > t.budgetMs) throw new Error(`case took ${Math.round(ms)} ms (budget ${t.budgetMs} ms)`);
  });
  const result = await fc.check(property, {
    numRuns: runs,
    seed,
    ...(replayPath ? { path: replayPath } : {}),
    endOnFailure: process.env.FUZZ_SHRINK !== '1',
  });
  collect();
  const heapEndMb = heapMb();
  let failure: FuzzFailure | null = null;
  if (result.failed) {
    const pathStr = result.counterexamplePath ?? '';
    failure = {
      seed: result.seed,
      path: pathStr,
      error: show(result.errorInstance),
      input: result.counterexample ? describe(result.counterexample[0] as T) : '',
      repro: `FUZZ_SEED=${result.seed} FUZZ_PATH=${pathStr} FUZZ_ONLY=${t.name} npx vitest run --project unit ${file}`,
    };
  } else if (heapEndMb - heapStartMb > MAX_HEAP_GROWTH_MB) {
    failure = { seed, path: '', error: `heap grew ${Math.round(heapEndMb - heapStartMb)} MB over the run`, input: '', repro: `FUZZ_SEED=${seed}` };
  }
  const report: FuzzReport = {
    name: t.name,
    runs: result.numRuns,
    errorsByCode,
    passed,
    failure,
    slowestMs: Math.round(slowestMs * 10) / 10,
    slowestInput,
    heapStartMb,
    heapPeakMb,
    heapEndMb,
    durationMs: Math.round(performance.now() - started),
  };
  writeReport(report);
  return report;
}

function writeReport(r: FuzzReport): void {
  const dir = process.env.FUZZ_REPORT_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${r.name}.json`), JSON.stringify(r, null, 2));
}

/** FUZZ_ONLY=name[,name] limits a run to some targets (replaying a failure). */
export function selected(name: string): boolean {
  const only = process.env.FUZZ_ONLY;
  return !only || only.split(',').includes(name);
}

/** Per-test timeout for vitest: long runs get as long as they need. */
export function testTimeoutFor(t: { weight: number; minRuns: number; budgetMs: number }): number {
  return Math.max(120_000, runsFor(t) * 50 + 60_000);
}
