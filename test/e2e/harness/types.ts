import type { Browser, Page } from 'puppeteer-core';

/** What both browser launchers return; tests are written once against this. */
export interface ExtensionHarness {
  browser: Browser;
  kind: 'chromium' | 'firefox';
  /** `chrome-extension://<id>` or `moz-extension://<uuid>`, no trailing slash. */
  extensionOrigin: string;
  /** Opens `path` (e.g. "options.html", "popup.html?x=1") of the extension in a new tab, loaded. */
  openExtensionPage(path: string): Promise<Page>;
  /** Reloads an extension page (Firefox refuses page.reload()/goto on moz-extension pages). */
  reloadExtensionPage(page: Page): Promise<void>;
  /**
   * Stops the background (Chromium service worker / Firefox event page) and resolves once it is
   * really gone; the next message starts a fresh one. storage.session and IndexedDB survive.
   */
  restartBackground(): Promise<void>;
  /** Closes the browser and deletes its profile. Safe to call twice. */
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** Firefox only: ms of idle before the event page is suspended (default 3000). */
  backgroundIdleMs?: number;
}
