// Store-ready zips of the store builds: artifacts/cachet-<browser>-<version>.zip.
// Run after `node scripts/build.mjs` (npm run pack does both). Source maps live in
// dist/sourcemaps/ and test builds in dist/test-*, so neither can reach a zip; we check anyway.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outDir = join(root, 'artifacts');
mkdirSync(outDir, { recursive: true });

const FORBIDDEN = [/\.map$/, /^harness\.html$/, /^test-bridge\.js$/];

function files(dir, prefix = '') {
  return readdirSync(dir).flatMap((e) =>
    statSync(join(dir, e)).isDirectory() ? files(join(dir, e), `${prefix}${e}/`) : [`${prefix}${e}`],
  );
}

for (const browser of ['chrome', 'firefox']) {
  const src = join(root, 'dist', browser);
  if (!existsSync(join(src, 'manifest.json'))) {
    console.error(`dist/${browser} is missing: run \`node scripts/build.mjs\` first`);
    process.exit(1);
  }
  const list = files(src);
  const bad = list.filter((f) => FORBIDDEN.some((re) => re.test(f.split('/').pop())));
  if (bad.length > 0) {
    console.error(`refusing to pack dist/${browser}: it contains ${bad.join(', ')}`);
    process.exit(1);
  }
  const zip = join(outDir, `cachet-${browser}-${version}.zip`);
  rmSync(zip, { force: true });
  // -X: no extra file attributes (uid/gid, times beyond DOS), so zips differ only when content does.
  execFileSync('zip', ['-q', '-X', '-r', zip, '.'], { cwd: src, stdio: 'inherit' });
  console.log(`${zip} (${(statSync(zip).size / 1024).toFixed(1)} KB, ${list.length} files)`);
}
