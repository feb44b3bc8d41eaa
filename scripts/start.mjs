// `npm start`: dependencies, both builds, how to load the extension, and the vault server.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = '/usr/lib/chromium/chromium';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`\n\`${cmd} ${args.join(' ')}\` failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}

if (!existsSync(join(root, 'node_modules'))) {
  console.log('Installing npm dependencies (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}
run(process.execPath, [join(root, 'scripts/build.mjs')]);

const chromeDir = join(root, 'dist/chrome');
const firefoxManifest = join(root, 'dist/firefox/manifest.json');
console.log(`
Load the extension
  Chrome/Chromium: open chrome://extensions, turn on "Developer mode", click "Load unpacked",
                   choose ${chromeDir}
  Firefox:         open about:debugging#/runtime/this-firefox, click "Load Temporary Add-on…",
                   choose ${firefoxManifest}
`);

if (process.env.DISPLAY && existsSync(CHROMIUM)) {
  // A dedicated profile so the developer's own browser profile is never touched.
  const profile = join(root, 'dist/dev-profile/chromium');
  mkdirSync(profile, { recursive: true });
  const child = spawn(
    CHROMIUM,
    [`--user-data-dir=${profile}`, `--load-extension=${chromeDir}`, '--no-first-run', 'chrome://extensions'],
    { detached: true, stdio: 'ignore' },
  );
  child.on('error', (e) => console.error(`could not start Chromium: ${e.message}`));
  child.unref();
  console.log(`Opened Chromium with the extension loaded (profile ${profile}); close its window to stop it.\n`);
}

const vault = join(root, 'dist/server/vault.mjs');
if (existsSync(vault)) {
  console.log('Starting the vault server (Ctrl-C stops it)…\n');
  const child = spawn(process.execPath, [vault], { cwd: root, stdio: 'inherit' });
  // The terminal sends Ctrl-C to the whole process group; the vault shuts down on its own,
  // we just wait for it and pass on its exit code.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 0)));
} else {
  console.log('No vault server built yet (src/server/main.ts is missing); nothing else to start.');
}
