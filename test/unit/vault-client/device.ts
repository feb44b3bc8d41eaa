/**
 * One browser profile ("device"): a whole background on the fake browser, with its own
 * keyring and vault IndexedDB, talking to the live vault through a switchable fetch
 * (offline, or a hostile rewrite of responses).
 */
import 'fake-indexeddb/auto';
import type { Runtime } from 'webextension-polyfill';
import { createBackground } from '../../../src/background/app';
import type { FetchLike, RetryPolicy } from '../../../src/background/vault/http';
import { unwrapReply } from '../../../src/shared/messaging';
import type { PageProtocol } from '../../../src/shared/protocol';
import { EXTENSION_ID, fakeBrowser } from '../background/fake-browser';

/** Fast, still bounded retries so "vault stopped" tests finish quickly. */
export const TEST_RETRY: RetryPolicy = {
  attempts: 3,
  baseMs: 5,
  maxMs: 20,
  timeoutMs: 10_000,
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  random: Math.random,
};

/** OPAQUE with cheap Argon2 (the server cannot tell; production uses OPAQUE_KEY_STRETCHING). */
const CHEAP = { 'argon2id-custom': { memory: 256, iterations: 1, parallelism: 1 } } as const;

export type Rewrite = (url: string, init: RequestInit) => Promise<Response> | null;

let n = 0;

export function device(name: string) {
  const browser = fakeBrowser();
  const dbName = `cachet-vault-client-${name}-${++n}-${Math.random()}`;
  const net = { offline: false, calls: 0, rewrite: null as Rewrite | null };
  const fetchFn: FetchLike = async (url, init) => {
    net.calls++;
    if (net.offline) throw new TypeError('fetch failed');
    const rewritten = net.rewrite?.(url, init);
    return rewritten ?? fetch(url, init);
  };
  const make = () => createBackground({
    runtimeId: browser.runtime.id,
    extensionUrl: browser.runtime.getURL(''),
    version: '0.1.0',
    local: browser.storage.local,
    session: browser.storage.session,
    alarms: browser.alarms,
    dbName,
    vault: { deviceName: `test ${name}`, fetch: fetchFn, retry: TEST_RETRY, keyStretching: CHEAP },
  });
  let bg = make();
  browser.alarms.onAlarm.addListener((a) => bg.cache.onAlarm(a));
  browser.alarms.onAlarm.addListener((a) => bg.vault.onAlarm(a));
  /** A new worker over the same storage (the service worker died): nothing kept in memory. */
  async function restart(): Promise<void> {
    await bg.vault.idle();
    bg = make();
    await bg.start();
    await bg.vault.idle();
  }
  const sender: Runtime.MessageSender = { id: EXTENSION_ID, url: browser.runtime.getURL('options.html') };
  async function page<K extends keyof PageProtocol>(type: K, payload: PageProtocol[K]['req']): Promise<PageProtocol[K]['res']> {
    const res = unwrapReply<PageProtocol[K]['res']>(await bg.router.handle({ cachet: 1, type, payload }, sender));
    // Local changes push in the background: let them settle so tests see a stable state.
    await bg.vault.idle();
    return res;
  }
  return { browser, net, page, restart, alarmsDue: () => browser.alarms.fireDue(Number.MAX_SAFE_INTEGER), get bg() { return bg; } };
}

export type Device = ReturnType<typeof device>;
