// Mozilla's own linter (addons-linter through web-ext) must find no error in the Firefox build;
// warnings are printed for review but do not fail.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { distDir, ROOT } from './dist';

interface LintMessage {
  code: string;
  message: string;
  file?: string;
}
interface LintReport {
  summary: { errors: number; warnings: number; notices: number };
  errors: LintMessage[];
  warnings: LintMessage[];
}

it('web-ext lint reports no error on dist/firefox', { timeout: 120_000 }, async () => {
  const webExt = join(ROOT, 'node_modules/.bin/web-ext');
  const args = ['lint', '--source-dir', distDir('firefox'), '--output=json', '--no-config-discovery'];
  // web-ext exits non-zero when there are errors; the JSON report is on stdout either way.
  const { stdout } = await promisify(execFile)(webExt, args, { cwd: ROOT, timeout: 90_000 }).catch(
    (e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }),
  );
  const report = JSON.parse(stdout) as LintReport;
  for (const w of report.warnings) console.warn(`web-ext lint warning ${w.code} (${w.file ?? '-'}): ${w.message}`);
  expect(report.errors.map((e) => `${e.code} ${e.file ?? ''}: ${e.message}`)).toEqual([]);
});
