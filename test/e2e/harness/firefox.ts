import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import identity from './test-identity.json';
import type { ExtensionHarness, LaunchOptions } from './types';
import { assertBuilt, closeAndClean, freshProfile } from './profile';
import { until, withTimeout } from './wait';

export const FIREFOX_PATH = '/usr/bin/firefox-esr';

/** Firefox's generated background page, present in extension.getViews() only while the event page runs. */
const BACKGROUND_VIEW = '/_generated_background_page.html';

/** The part of Firefox's `browser` global that harness.html uses (code run by page.evaluate). */
interface WebExtGlobal {
  browser: {
    extension: { getViews(): Window[] };
    tabs: { create(o: { url: string; active?: boolean }): Promise<unknown> };
  };
}

/** The href of a tab; BiDi reports extension tabs as about:blank in page.url(). */
const hrefOf = (page: Page): Promise<string> => page.evaluate(() => location.href);

/**
 * Launches headless Firefox ESR with the extension in `distDir` (normally dist/test-firefox).
 * Extension pages are opened from harness.html, which the test build's test-bridge.js opens on
 * install — see README.md in this folder for why.
 */
export async function launchFirefox(distDir: string, options: LaunchOptions = {}): Promise<ExtensionHarness> {
  assertBuilt(distDir, 'test-bridge.js');
  const manifest = JSON.parse(readFileSync(join(distDir, 'manifest.json'), 'utf8')) as {
    browser_specific_settings?: { gecko?: { id?: string } };
  };
  const geckoId = manifest.browser_specific_settings?.gecko?.id;
  if (!geckoId) throw new Error(`${distDir}/manifest.json has no browser_specific_settings.gecko.id`);
  const idleMs = options.backgroundIdleMs ?? 3000;
  const origin = `moz-extension://${identity.firefoxUuid}`;
  const profileDir = await freshProfile('firefox');
  let browser: Browser | undefined;
  try {
    browser = await withTimeout(
      puppeteer.launch({
        browser: 'firefox',
        executablePath: FIREFOX_PATH,
        headless: true,
        userDataDir: profileDir,
        extraPrefsFirefox: {
          'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: identity.firefoxUuid }),
          'extensions.background.idle.timeout': idleMs,
        },
      }),
      60_000,
      'launching Firefox',
    );
    const b = browser;
    await withTimeout(b.installExtension(distDir), 30_000, `installing ${distDir} in Firefox`);
    const control = await until(
      () => findPage(b, `${origin}/harness.html`, new Set()),
      30_000,
      'harness.html to be opened by test-bridge.js (is this a --test build?)',
    );
    return firefoxHarness(b, origin, profileDir, control, idleMs);
  } catch (e) {
    await closeAndClean(browser, profileDir);
    throw e;
  }
}

/** The first page not in `skip` whose document is `href` and fully loaded. */
async function findPage(browser: Browser, href: string, skip: Set<Page>): Promise<Page | undefined> {
  for (const page of await browser.pages()) {
    if (skip.has(page)) continue;
    // A tab mid-navigation may have no context yet, or answer late: give each one 2 s.
    const state = await withTimeout(
      page.evaluate(() => ({ href: location.href, ready: document.readyState })),
      2_000,
      'reading a tab location',
    ).catch(() => undefined);
    if (state?.href === href && state.ready === 'complete') return page;
  }
  return undefined;
}

function firefoxHarness(
  browser: Browser,
  origin: string,
  profileDir: string,
  control: Page,
  idleMs: number,
): ExtensionHarness {
  const backgroundRunning = (): Promise<boolean> =>
    control.evaluate(
      (view) => (globalThis as unknown as WebExtGlobal).browser.extension.getViews().some((w) => w.location.pathname === view),
      BACKGROUND_VIEW,
    );
  return {
    browser,
    kind: 'firefox',
    extensionOrigin: origin,
    async openExtensionPage(path) {
      const url = `${origin}/${path}`;
      const before = new Set(await browser.pages());
      await control.evaluate(async (u) => {
        await (globalThis as unknown as WebExtGlobal).browser.tabs.create({ url: u, active: true });
      }, url);
      return until(() => findPage(browser, url, before), 30_000, `opening ${path}`);
    },
    async reloadExtensionPage(page) {
      const href = await hrefOf(page);
      // Mark the old document so we know when the new one has replaced it.
      await page.evaluate(() => {
        (window as unknown as { __cachetOld?: boolean }).__cachetOld = true;
        location.reload();
      });
      await until(
        async () => {
          const s = await page.evaluate(() => ({
            old: (window as unknown as { __cachetOld?: boolean }).__cachetOld === true,
            ready: document.readyState,
            href: location.href,
          }));
          return !s.old && s.ready === 'complete' && s.href === href ? true : undefined;
        },
        30_000,
        `reloading ${href}`,
      );
    },
    async restartBackground() {
      // No API stops an event page from outside (runtime.reload would wipe storage.session), so
      // we let Firefox suspend it: the idle timeout is set low at launch, and extension.getViews()
      // from harness.html shows when it is gone without waking it.
      await until(
        async () => ((await backgroundRunning()) ? undefined : true),
        idleMs + 15_000,
        `the Firefox event page to be suspended (idle timeout ${idleMs} ms)`,
      );
    },
    close: () => closeAndClean(browser, profileDir),
  };
}

