// The store zips hold exactly the store build: manifest at the root, no source maps, no test helpers.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { distDir, listFiles, readManifest, ROOT, STORE_DIRS } from './dist';

/** Entries of a zip, directories left out (`zip -sf` lists without extracting). */
function zipEntries(zip: string): string[] {
  const out = execFileSync('zip', ['-sf', zip], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('Archive contains:') && !l.startsWith('Total ') && !l.endsWith('/'));
}

beforeAll(() => {
  for (const name of STORE_DIRS) distDir(name); // clear error if `npm run build` was not run
  execFileSync(process.execPath, [join(ROOT, 'scripts/pack.mjs')], { cwd: ROOT, stdio: 'pipe' });
});

describe.each(STORE_DIRS)('artifacts/cachet-%s-<version>.zip', (name) => {
  const zip = (): string => join(ROOT, 'artifacts', `cachet-${name}-${readManifest(name).version}.zip`);

  it('contains exactly the files of the store build', () => {
    expect(zipEntries(zip()).sort()).toEqual(listFiles(distDir(name)).sort());
  });

  it('has the manifest at the root and nothing for tests or debugging', () => {
    const entries = zipEntries(zip());
    expect(entries).toContain('manifest.json');
    expect(entries.filter((e) => e.endsWith('.map') || /harness\.html|test-bridge\.js/.test(e))).toEqual([]);
  });
});
