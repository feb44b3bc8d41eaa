/** Shared vitest glue: run a target (unless FUZZ_ONLY excludes it) and fail with its report. */
import { expect, it } from 'vitest';
import { runTarget, selected, type FuzzTarget } from './runner';

/** Long runs (`npm run fuzz` sets FUZZ_TOTAL) take as long as they need; `npm test` runs are small. */
const TIMEOUT_MS = process.env.FUZZ_TOTAL ? 24 * 3600_000 : 300_000;

/** Declares one vitest case for a fuzz target built lazily (the corpus is async). */
export function fuzzCase<T>(file: string, name: string, make: () => Promise<FuzzTarget<T>>): void {
  it.runIf(selected(name))(
    `${name}: only CachetErrors, each case within its time budget, bounded heap`,
    async () => {
      const target = await make();
      const report = await runTarget(target, file);
      expect(report.failure, JSON.stringify(report.failure, null, 2)).toBeNull();
      expect(report.runs).toBeGreaterThanOrEqual(target.minRuns);
    },
    TIMEOUT_MS,
  );
}
