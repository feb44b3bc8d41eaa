/** Builds a whole background on the fake browser and calls it the way pages and content scripts do. */
import 'fake-indexeddb/auto';
import type { Runtime } from 'webextension-polyfill';
import { createBackground } from '../../../src/background/app';
import { unwrapReply } from '../../../src/shared/messaging';
import type { ContentProtocol, PageProtocol } from '../../../src/shared/protocol';
import { EXTENSION_ID, fakeBrowser } from './fake-browser';

let n = 0;

/** `clock`: a frozen, test-driven time; without it the real clock runs. */
export function backgroundHarness(clock?: { t: number }) {
  const browser = fakeBrowser();
  const dbName = `cachet-handlers-${++n}-${Math.random()}`;
  const bg = createBackground({
    runtimeId: browser.runtime.id,
    extensionUrl: browser.runtime.getURL(''),
    version: '0.1.0',
    local: browser.storage.local,
    session: browser.storage.session,
    alarms: browser.alarms,
    dbName,
    now: clock ? () => clock.t : Date.now,
  });
  browser.alarms.onAlarm.addListener((a) => bg.cache.onAlarm(a));
  const pageSender: Runtime.MessageSender = { id: EXTENSION_ID, url: browser.runtime.getURL('options.html') };
  const contentSender: Runtime.MessageSender = {
    id: EXTENSION_ID,
    url: 'https://mail.example.org/',
    tab: { id: 1, index: 0, highlighted: false, active: true, pinned: false, incognito: false },
  };
  async function page<K extends keyof PageProtocol>(type: K, payload: PageProtocol[K]['req']): Promise<PageProtocol[K]['res']> {
    return unwrapReply(await bg.router.handle({ cachet: 1, type, payload }, pageSender));
  }
  async function content<K extends keyof ContentProtocol>(
    type: K,
    payload: ContentProtocol[K]['req'],
  ): Promise<ContentProtocol[K]['res']> {
    return unwrapReply(await bg.router.handle({ cachet: 1, type, payload }, contentSender));
  }
  /** The error code a call fails with ("ok" if it succeeds). */
  async function codeOf(p: Promise<unknown>): Promise<string> {
    try {
      await p;
      return 'ok';
    } catch (e) {
      return (e as { code?: string }).code ?? 'not a CachetError';
    }
  }
  return { browser, bg, clock, dbName, page, content, codeOf, contentSender };
}
