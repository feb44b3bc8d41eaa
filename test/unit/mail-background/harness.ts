/**
 * A whole background on the fake browser, plus a fake `tabs` that records pushes, and the
 * three kinds of callers the mail path has: the webmail's content script (tab 1), our
 * frames inside that tab, and the options page.
 */
import 'fake-indexeddb/auto';
import * as openpgp from 'openpgp';
import type { Runtime } from 'webextension-polyfill';
import { createBackground } from '../../../src/background/app';
import type { TabsLike } from '../../../src/background/mail/tabs';
import { unwrapReply } from '../../../src/shared/messaging';
import type { ContentProtocol, PageProtocol } from '../../../src/shared/protocol';
import { EXTENSION_ID, fakeBrowser, type FakeBrowser } from '../background/fake-browser';

export const PASS = 'orbit-lantern-velvet-42-quartz';
export const BOB_PASS = 'marble-ocean-thunder-77-violet';

export interface Pushed {
  tabId: number;
  frameId: number | undefined;
  message: { cachetPush: number; type: string; payload: Record<string, unknown> };
}

let n = 0;

function tab(id: number): Runtime.MessageSender['tab'] {
  return { id, index: 0, highlighted: false, active: true, pinned: false, incognito: false };
}

/** `shared`: reuse storage and IndexedDB of an earlier harness (a worker restart). */
export function mailHarness(o: { clock?: { t: number }; shared?: { browser: FakeBrowser; dbName: string } } = {}) {
  const browser = o.shared?.browser ?? fakeBrowser();
  const dbName = o.shared?.dbName ?? `cachet-mail-test-${++n}-${Math.random()}`;
  const pushes: Pushed[] = [];
  const tabs: TabsLike = {
    async sendMessage(tabId, message, options) {
      pushes.push({ tabId, frameId: options?.frameId, message: structuredClone(message) as Pushed['message'] });
      return undefined;
    },
  };
  const clock = o.clock;
  const bg = createBackground({
    runtimeId: browser.runtime.id,
    extensionUrl: browser.runtime.getURL(''),
    version: '0.1.0',
    local: browser.storage.local,
    session: browser.storage.session,
    alarms: browser.alarms,
    tabs,
    dbName,
    now: clock ? () => clock.t : Date.now,
  });
  const origin = browser.runtime.getURL('');
  const senders = {
    options: { id: EXTENSION_ID, url: `${origin}options.html` } as Runtime.MessageSender,
    content: (tabId = 1, frameId = 0): Runtime.MessageSender => ({ id: EXTENSION_ID, url: 'https://mail.example.org/inbox', tab: tab(tabId), frameId }),
    /** Our frame page as a subframe of `tabId` (no session id in the URL: it claims one, PI-03). */
    frame: (page: 'read.html' | 'compose.html', frameId: number, tabId = 1, documentId?: string): Runtime.MessageSender => ({
      id: EXTENSION_ID,
      url: `${origin}${page}`,
      tab: tab(tabId),
      frameId,
      ...(documentId === undefined ? {} : { documentId }),
    }),
  };
  /** Which content script opened each session (it alone may issue the claim for its frame). */
  const openers = new Map<string, Runtime.MessageSender>();
  /** The frame the harness mounted per page + session + tab, and whether it claimed yet. */
  const mounted = new Map<string, { frameId: number; claimed: boolean }>();
  let nextFrameId = 7;
  async function send<R>(type: string, payload: unknown, sender: Runtime.MessageSender): Promise<R> {
    return unwrapReply<R>(await bg.router.handle({ cachet: 1, type, payload }, sender));
  }
  const page = <K extends keyof PageProtocol>(type: K, payload: PageProtocol[K]['req'], sender = senders.options) =>
    send<PageProtocol[K]['res']>(type, payload, sender);
  const content = async <K extends keyof ContentProtocol>(type: K, payload: ContentProtocol[K]['req'], sender = senders.content()) => {
    const res = await send<ContentProtocol[K]['res']>(type, payload, sender);
    const id = (res as { sessionId?: unknown } | null)?.sessionId;
    if (typeof id === 'string') openers.set(id, sender);
    return res;
  };
  /**
   * What the content script and our frame do after a mount (PI-03): the opener (else the
   * content script of `tabId`) asks for a claim token, the frame spends it. Failures are
   * left to the request that follows (it is then refused).
   */
  async function mountAndClaim(page: 'read.html' | 'compose.html', sessionId: string, tabId: number): Promise<number> {
    const key = `${page}|${sessionId}|${tabId}`;
    const m = mounted.get(key) ?? { frameId: nextFrameId++, claimed: false };
    mounted.set(key, m);
    if (m.claimed) return m.frameId;
    try {
      const { token } = await send<{ token: string }>('issueFrameClaim', { sessionId }, openers.get(sessionId) ?? senders.content(tabId));
      await send('claimFrame', { sessionId, token }, senders.frame(page, m.frameId, tabId));
      m.claimed = true;
    } catch {
      // unknown, closed or foreign session: not claimed
    }
    return m.frameId;
  }
  /** A request from our frame mounted for `sessionId` inside tab 1 (or `tabId`), claimed on first use. */
  const frame = async <K extends keyof PageProtocol>(page: 'read.html' | 'compose.html', sessionId: string, type: K, payload: PageProtocol[K]['req'], tabId = 1) => {
    const frameId = await mountAndClaim(page, sessionId, tabId);
    return send<PageProtocol[K]['res']>(type, payload, senders.frame(page, frameId, tabId));
  };
  async function codeOf(p: Promise<unknown>): Promise<string> {
    try {
      await p;
      return 'ok';
    } catch (e) {
      return (e as { code?: string }).code ?? 'not a CachetError';
    }
  }
  async function errorOf(p: Promise<unknown>): Promise<{ code: string; detail?: string }> {
    try {
      await p;
    } catch (e) {
      return e as { code: string; detail?: string };
    }
    throw new Error('expected a failure');
  }
  return { browser, bg, dbName, pushes, senders, page, content, frame, send, codeOf, errorOf };
}

export type MailHarness = ReturnType<typeof mailHarness>;

/** Alice's own key (generated by Cachet, passphrase PASS) and Bob's key made outside (public imported). */
export async function withKeys(h: MailHarness) {
  const alice = (await h.page('generateKey', { name: 'Alice', emails: ['alice@example.org'], passphrase: PASS, profile: 'ecc', expiresInDays: null })).key;
  const bob = await openpgp.generateKey({ userIDs: [{ name: 'Bob', email: 'bob@example.org' }], passphrase: BOB_PASS, format: 'object' });
  await h.page('commitImport', { text: bob.publicKey.armor(), encoding: 'armored', passphrases: {}, newPassphrases: {} });
  const bobPrivate = await openpgp.decryptKey({ privateKey: bob.privateKey, passphrase: BOB_PASS });
  const alicePublic = await openpgp.readKey({ armoredKey: (await h.page('exportKey', { fingerprint: alice.fingerprint, kind: 'public', passphrase: null })).armored });
  return { alice, alicePublic, bobPublic: bob.publicKey, bobPrivate, bobFingerprint: bob.publicKey.getFingerprint().toUpperCase() };
}

export async function unlockAlice(h: MailHarness, fingerprint: string): Promise<void> {
  await h.page('unlockKey', { fingerprint, passphrase: PASS });
}
