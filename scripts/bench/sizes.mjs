// Bundle sizes of the store build (dist/chrome, dist/firefox) and of the store zips
// (artifacts/cachet-<browser>-<version>.zip, written by `npm run pack`).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from './lib/bundle.mjs';

const KB = 1024;
/** Targets from issue 2 §8 and the reference sizes quoted there. */
export const SIZE_TARGETS = { contentScript: 30 * KB, storeZip: 700 * KB };
export const REFERENCES = { contentScript: 'Mailvelope 164 KB, FlowCrypt 909 KB', storeZip: 'Mailvelope 2.85 MB' };

function fileSize(path) {
  const bytes = readFileSync(path);
  return { bytes: bytes.length, gzip: gzipSync(bytes).length };
}

/** Script and style bundles of one build (not icons, locales or HTML). */
function bundles(dir) {
  const out = [];
  const walk = (sub) => {
    for (const e of readdirSync(join(dir, sub))) {
      const rel = sub ? `${sub}/${e}` : e;
      if (statSync(join(dir, rel)).isDirectory()) walk(rel);
      else if (/\.(js|css)$/.test(e)) out.push({ file: rel, ...fileSize(join(dir, rel)) });
    }
  };
  walk('');
  return out.sort((a, b) => a.file.localeCompare(b.file));
}

export function measureSizes() {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const result = { bundles: {}, zips: {} };
  for (const browser of ['chrome', 'firefox']) {
    const dir = join(ROOT, 'dist', browser);
    if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`dist/${browser} is missing: run \`npm run pack\``);
    result.bundles[browser] = bundles(dir);
    const zip = join(ROOT, 'artifacts', `cachet-${browser}-${version}.zip`);
    result.zips[browser] = existsSync(zip) ? { file: `artifacts/cachet-${browser}-${version}.zip`, bytes: statSync(zip).size } : undefined;
  }
  return result;
}
