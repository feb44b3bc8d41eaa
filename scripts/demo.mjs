// `npm run demo`: a real webmail to try Cachet on. Brings up Roundcube + Dovecot + Postfix on
// loopback (scripts/webmail/up.sh, root needed: it installs the Debian packages when missing),
// builds the test build (its content script runs on http://127.0.0.1 without a permission prompt),
// starts the vault on SQLite, opens Chromium with Cachet loaded when a display is available, and
// prints the logins. Ctrl-C stops everything it started.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
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

if (!existsSync(join(root, 'node_modules'))) run('npm', ['ci', '--no-audit', '--no-fund']);
run(process.execPath, [join(root, 'scripts/build.mjs')]);
run(process.execPath, [join(root, 'scripts/build.mjs'), '--test']);
run('bash', [join(root, 'scripts/webmail/up.sh')]);
const env = readFileSync(join(root, '.test-tmp/webmail/env'), 'utf8');
const webmailUrl = /^RC_URL=(.*)$/m.exec(env)?.[1] ?? 'http://127.0.0.1:18280/';

const children = [];
const vault = spawn(process.execPath, [join(root, 'dist/server/vault.mjs')], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, DATA_DIR: join(root, '.test-tmp/demo-vault') },
});
children.push(vault);

const chromeDir = join(root, 'dist/test-chrome');
if (process.env.DISPLAY && existsSync(CHROMIUM)) {
  const profile = join(root, '.test-tmp/demo-profile');
  mkdirSync(profile, { recursive: true });
  children.push(
    spawn(CHROMIUM, [`--user-data-dir=${profile}`, `--load-extension=${chromeDir}`, '--no-first-run', webmailUrl], {
      stdio: 'ignore',
    }),
  );
}

console.log(`
Cachet demo
  Webmail:  ${webmailUrl}
            alice@example.test / alice-pw     bob@example.test / bob-pw
  Vault:    http://127.0.0.1:8787 (SQLite in .test-tmp/demo-vault)
  Extension (test build, runs on http://127.0.0.1 without asking): ${chromeDir}
${process.env.DISPLAY ? '  Chromium opened with Cachet loaded.' : '  No display: load the folder above in Chromium (chrome://extensions → Load unpacked).'}
  First open Cachet's options page (toolbar icon → Options) and generate a key for alice.
Ctrl-C stops the webmail, the vault and the browser.
`);

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  spawnSync('bash', [join(root, 'scripts/webmail/down.sh')], { cwd: root, stdio: 'inherit' });
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
vault.on('exit', (code) => {
  if (!stopping) console.error(`vault exited (${code}); stopping the demo`);
  stop();
});
