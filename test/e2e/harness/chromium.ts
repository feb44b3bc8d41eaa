import puppeteer, { type Browser, type Page, type Target } from 'puppeteer-core';
import type { ExtensionHarness } from './types';
import { assertBuilt, closeAndClean, freshProfile } from './profile';
import { until, withTimeout } from './wait';

export const CHROMIUM_PATH = '/usr/lib/chromium/chromium'; // the real binary; /usr/bin/chromium adds --load-extension=

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches headless Chromium with the extension in `distDir` (normally dist/test-chrome). */
export async function launchChromium(distDir: string): Promise<ExtensionHarness> {
  assertBuilt(distDir, 'harness.html');
  const profileDir = await freshProfile('chromium');
  let browser: Browser | undefined;
  try {
    browser = await withTimeout(
      puppeteer.launch({
        executablePath: CHROMIUM_PATH,
        headless: true,
        pipe: true,
        enableExtensions: true, // without it installExtension returns an id but the worker never starts
        userDataDir: profileDir,
        args: ARGS,
      }),
      30_000,
      'launching Chromium',
    );
    const id = await withTimeout(browser.installExtension(distDir), 30_000, `installing ${distDir} in Chromium`);
    const origin = `chrome-extension://${id}`;
    const isWorker = (t: Target): boolean => t.type() === 'service_worker' && t.url().startsWith(`${origin}/`);
    await browser.waitForTarget(isWorker, { timeout: 30_000 }).catch(() => {
      throw new Error(`the extension service worker never started (${origin}); check background.js for a load error`);
    });
    return chromiumHarness(browser, origin, profileDir, isWorker);
  } catch (e) {
    await closeAndClean(browser, profileDir);
    throw e;
  }
}

function chromiumHarness(
  browser: Browser,
  origin: string,
  profileDir: string,
  isWorker: (t: Target) => boolean,
): ExtensionHarness {
  let control: Page | undefined;
  const open = async (path: string): Promise<Page> => {
    const page = await browser.newPage();
    await withTimeout(page.goto(`${origin}/${path}`, { waitUntil: 'load' }), 30_000, `opening ${path}`);
    return page;
  };
  return {
    browser,
    kind: 'chromium',
    extensionOrigin: origin,
    openExtensionPage: open,
    async reloadExtensionPage(page) {
      await withTimeout(page.reload({ waitUntil: 'load' }), 30_000, `reloading ${page.url()}`);
    },
    async restartBackground() {
      // The ServiceWorker domain must come from an extension page's CDP session.
      control ??= await open('harness.html');
      if (!browser.targets().some(isWorker)) return; // already stopped (idle): nothing to wait for
      const cdp = await control.createCDPSession();
      try {
        // stopAllWorkers alone is not enough: issued right after ServiceWorker.enable on a fresh
        // session it can come before the session learnt of the running version, and it is then
        // a no-op (seen with a busy worker while a web page held our frame). So wait for the
        // running version of our worker to be reported, stop it by id, and stop all as well.
        const running = new Promise<string>((resolveVersion) => {
          cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
            for (const v of e.versions) {
              if (v.scriptURL.startsWith(`${origin}/`) && v.runningStatus !== 'stopped') resolveVersion(v.versionId);
            }
          });
        });
        await cdp.send('ServiceWorker.enable');
        const versionId = await withTimeout(running, 5_000, 'the running service worker version').catch(() => null);
        if (versionId !== null) await cdp.send('ServiceWorker.stopWorker', { versionId });
        await cdp.send('ServiceWorker.stopAllWorkers');
      } finally {
        await cdp.detach();
      }
      await until(
        async () => (browser.targets().some(isWorker) ? undefined : true),
        15_000,
        'the service worker to stop after ServiceWorker.stopWorker/stopAllWorkers',
      );
    },
    close: () => closeAndClean(browser, profileDir),
  };
}
