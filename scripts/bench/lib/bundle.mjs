// On-the-fly esbuild bundles of TypeScript sources the benchmark reuses (no tsx). Outputs live in
// a per-run folder under node_modules/.cache so Node resolves the external packages from this
// checkout; the caller removes it at the end.
import { build } from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');

export function makeWorkDir() {
  const dir = join(ROOT, 'node_modules', '.cache', `cachet-bench-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Bundles a TypeScript entry for Node (ESM, packages left in node_modules) and imports it. */
export async function importTs(entry, outDir, name) {
  const outfile = join(outDir, `${name}.mjs`);
  await build({
    entryPoints: [join(ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return import(outfile);
}

/** Bundles a browser entry (IIFE, minified) the way scripts/build.mjs bundles extension pages. */
export async function bundleForBrowser(entry, outfile) {
  await build({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome120'],
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    define: { __FIREFOX__: 'false', __TEST__: 'true' },
  });
}
