// The extension side, in headless Chromium through the e2e harness (bundled on the fly):
// - key generation and unlock as the user gets them: chrome.runtime.sendMessage round trips from
//   the options page to the background (core + IndexedDB + storage.session included);
// - encrypt+sign / decrypt+verify of 10 KB: PageProtocol has no message for them yet, so Cachet's
//   core is evaluated in an extension page (bench.html) added to a temporary copy of
//   dist/test-chrome; generation and unlock are timed there too, to split messaging/storage
//   overhead from the browser's crypto speed;
// - background cold start: stop the service worker, then time the first getStatus round trip.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, bundleForBrowser, importTs } from './lib/bundle.mjs';
import { PASSPHRASE, USER } from './lib/workload.mjs';

const TEST_BUILD = join(ROOT, 'dist/test-chrome');

/** dist/test-chrome + bench.html/bench.js in a temp folder (same manifest key, same extension id). */
async function benchExtensionCopy() {
  if (!existsSync(join(TEST_BUILD, 'harness.html'))) {
    throw new Error('dist/test-chrome is missing: run `npm run build:test` (or `npm run bench` without --no-build)');
  }
  const dir = mkdtempSync(join(tmpdir(), 'cachet-bench-ext-'));
  cpSync(TEST_BUILD, dir, { recursive: true });
  cpSync(join(import.meta.dirname, 'page/bench.html'), join(dir, 'bench.html'));
  await bundleForBrowser('scripts/bench/page/bench-page.mjs', join(dir, 'bench.js'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** One runtime.sendMessage round trip timed inside the extension page. */
async function roundTrip(page, type, payload) {
  const r = await page.evaluate(async (t, p) => {
    const t0 = performance.now();
    const reply = await chrome.runtime.sendMessage({ cachet: 1, type: t, payload: p });
    return { ms: performance.now() - t0, reply };
  }, type, payload);
  if (!r.reply?.ok) throw new Error(`${type} failed in the extension: ${JSON.stringify(r.reply?.error ?? r.reply)}`);
  return r;
}

async function repeat(n, fn) {
  const times = [];
  for (let i = 0; i < n; i++) times.push(await fn(i));
  return times;
}

export async function benchExtension({ keyRuns, messageRuns, coldRuns, workDir }) {
  const copy = await benchExtensionCopy();
  const { launchChromium } = await importTs('test/e2e/harness/index.ts', workDir, 'harness');
  const h = await launchChromium(copy.dir);
  try {
    const options = await h.openExtensionPage('options.html');
    await roundTrip(options, 'getStatus', {}); // warm: worker running, keyring opened

    let fingerprint;
    const generate = await repeat(keyRuns, async () => {
      const r = await roundTrip(options, 'generateKey', { name: USER.name, emails: [USER.email], passphrase: PASSPHRASE, profile: 'ecc', expiresInDays: null });
      fingerprint = r.reply.value.key.fingerprint;
      return r.ms;
    });
    const unlock = await repeat(keyRuns, async () => (await roundTrip(options, 'unlockKey', { fingerprint, passphrase: PASSPHRASE })).ms);

    const cold = await repeat(coldRuns, async () => {
      await h.restartBackground();
      return (await roundTrip(options, 'getStatus', {})).ms;
    });
    const warm = await repeat(coldRuns, async () => (await roundTrip(options, 'getStatus', {})).ms);

    const page = await h.openExtensionPage('bench.html');
    const inPage = (op) => page.evaluate((o) => globalThis.cachetBench[o](), op);
    const pageTimes = {
      generate: await repeat(keyRuns, () => inPage('generate')),
      unlock: await repeat(keyRuns, () => inPage('unlock')),
      // One untimed run of each message operation first (JIT, WASM/crypto init), as in Node.
      encrypt: (await repeat(messageRuns + 1, () => inPage('encrypt'))).slice(1),
      decrypt: (await repeat(messageRuns + 1, () => inPage('decrypt'))).slice(1),
    };
    const version = await h.browser.version();
    return { background: { generate, unlock }, page: pageTimes, coldStart: cold, warmStatus: warm, keyCount: keyRuns, version };
  } finally {
    await h.close();
    copy.remove();
  }
}
