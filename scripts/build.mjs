// Builds the extension for Chrome and Firefox from one manifest (manifest.json, the Chrome form).
//   node scripts/build.mjs          -> dist/chrome, dist/firefox (+ dist/server/vault.mjs if src/server/main.ts exists)
//   node scripts/build.mjs --test   -> dist/test-chrome, dist/test-firefox (__TEST__ = true, fixed Chrome id)
// Source maps go to dist/sourcemaps/<target>/ so they can never end up in a store zip.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const test = process.argv.includes('--test');
const identity = JSON.parse(readFileSync(join(root, 'test/e2e/harness/test-identity.json'), 'utf8'));
const baseManifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

const entryPoints = {
  background: 'src/background/index.ts',
  content: 'src/content/index.ts',
  options: 'src/pages/options/index.tsx',
  popup: 'src/pages/popup/index.tsx',
  compose: 'src/pages/compose/index.tsx',
  read: 'src/pages/read/index.tsx',
  // Page API (issue 6 §1): registered per site by the background, never in the manifest.
  'page-api': 'src/page-api/index.ts',
  'page-api-bridge': 'src/content/page-api/index.ts',
  // Page-API keyring: the import confirmation window (not web-accessible) and the keygen container frame.
  'page-api-import': 'src/pages/page-api-import/index.tsx',
  'page-api-keygen': 'src/pages/page-api-keygen/index.tsx',
  // PI-03: sensitive confirmations asked by our frames, in their own window (not web-accessible).
  confirm: 'src/pages/confirm/index.tsx',
};

/** Chrome form -> per-browser manifest. Firefox MV3 runs background.scripts as an event page. */
function manifestFor(browser) {
  const m = structuredClone(baseManifest);
  m.version = version;
  // e2e tests serve webmail-like pages on loopback; match patterns cannot name ports.
  // All frames there: Roundcube's message preview is an iframe (iframe#messagecontframe).
  if (test) {
    m.content_scripts.push({
      matches: ['http://127.0.0.1/*', 'http://localhost/*'],
      js: ['content.js'],
      run_at: 'document_idle',
      all_frames: true,
    });
    // The vault e2e test runs a vault on a loopback port: granted at install, so the options
    // page's permissions.request resolves without the prompt a headless harness cannot click.
    m.host_permissions = ['http://127.0.0.1/*', 'http://localhost/*'];
  }
  if (browser === 'chrome') {
    if (test) m.key = identity.chromeKey; // fixed extension id for the e2e suite
    return m;
  }
  // Test builds: test-bridge.js opens harness.html on install (BiDi cannot navigate to moz-extension://).
  m.background = { scripts: [...(test ? ['test-bridge.js'] : []), m.background.service_worker] };
  delete m.minimum_chrome_version;
  // Firefox already gives every install its own random moz-extension:// origin; it has no use_dynamic_url.
  for (const war of m.web_accessible_resources ?? []) delete war.use_dynamic_url;
  m.browser_specific_settings = {
    gecko: {
      id: identity.geckoId,
      strict_min_version: '140.0', // data_collection_permissions needs >= 140
      data_collection_permissions: { required: ['none'] },
    },
  };
  return m;
}

/** Every file the manifest points at, so a missing icon or page fails the build instead of the install. */
function referencedFiles(m) {
  const files = new Set([...Object.values(m.icons ?? {}), ...Object.values(m.action?.default_icon ?? {})]);
  if (m.action?.default_popup) files.add(m.action.default_popup);
  if (m.options_ui?.page) files.add(m.options_ui.page);
  for (const cs of m.content_scripts ?? []) for (const f of [...(cs.js ?? []), ...(cs.css ?? [])]) files.add(f);
  for (const f of [m.background?.service_worker, ...(m.background?.scripts ?? [])]) if (f) files.add(f);
  if (m.default_locale) files.add(`_locales/${m.default_locale}/messages.json`);
  return [...files];
}

function report(outDir, files) {
  for (const f of files.filter((p) => p.endsWith('.js') || p.endsWith('.css') || p.endsWith('.mjs'))) {
    const bytes = readFileSync(f);
    const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(9);
    console.log(`  ${relative(outDir, f).padEnd(20)} ${kb(bytes.length)} ${kb(gzipSync(bytes).length)} gzip`);
  }
}

async function buildBrowser(browser) {
  const name = test ? `test-${browser}` : browser;
  const outDir = join(root, 'dist', name);
  const mapDir = join(root, 'dist', 'sourcemaps', name);
  rmSync(outDir, { recursive: true, force: true });
  rmSync(mapDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  mkdirSync(mapDir, { recursive: true });
  if (existsSync(join(root, 'public'))) cpSync(join(root, 'public'), outDir, { recursive: true });
  if (test) {
    const helpers = join(root, 'test/e2e/harness/extension');
    cpSync(join(helpers, 'harness.html'), join(outDir, 'harness.html'));
    if (browser === 'firefox') cpSync(join(helpers, 'test-bridge.js'), join(outDir, 'test-bridge.js'));
  }

  // One call for all four entries: IIFE, no splitting, so dynamic import() is inlined and the
  // background is a single classic-service-worker script; imported CSS lands next to its page.
  const result = await build({
    absWorkingDir: root,
    entryPoints,
    outdir: outDir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome120', 'firefox128'],
    minify: true,
    sourcemap: 'external', // no sourceMappingURL comment; the .map files are moved below
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    logLevel: 'warning',
    write: false,
    define: { __FIREFOX__: String(browser === 'firefox'), __TEST__: String(test) },
  });
  const written = [];
  for (const file of result.outputFiles) {
    const target = file.path.endsWith('.map') ? join(mapDir, basename(file.path)) : file.path;
    writeFileSync(target, file.contents);
    if (target === file.path) written.push(target);
  }
  const manifest = manifestFor(browser);
  writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`dist/${name}`);
  report(outDir, written);
  return referencedFiles(manifest).filter((f) => !existsSync(join(outDir, f))).map((f) => `dist/${name}/${f}`);
}

/** The vault server: a Node ESM bundle, dependencies left in node_modules (native better-sqlite3). */
async function buildServer() {
  const entry = join(root, 'src/server/main.ts');
  if (!existsSync(entry)) return;
  const outfile = join(root, 'dist/server/vault.mjs');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  console.log('dist/server');
  report(dirname(outfile), [outfile]);
}

const started = Date.now();
const missing = [];
for (const browser of ['chrome', 'firefox']) missing.push(...(await buildBrowser(browser)));
if (!test) await buildServer();
if (missing.length > 0) {
  console.error(`\nBuild incomplete: files referenced by the manifest are missing (add them under public/):`);
  for (const f of missing) console.error(`  ${f}`);
  process.exit(1);
}
console.log(`built in ${Date.now() - started} ms`);
