/**
 * Page-API keyring handlers on a whole background (fake browser, real keystore, real
 * OpenPGP.js): importPublicKey only after the user's decision in our window, with Mailvelope's
 * statuses, KM-01 conflicts, private keys refused, one prompt per tab; key generation only
 * when the page armed the container AND our frame asked; only public keys pushed to the page.
 */
import * as openpgp from 'openpgp';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import type { StorageAreaLike } from '../../../src/background/browser-deps';
import type { PageApiDeps } from '../../../src/background/page-api/deps';
import { pageApiKeyringContentHandlers, PROMPTS } from '../../../src/background/page-api/keyring-content-handlers';
import type { PageApiKeyringDeps } from '../../../src/background/page-api/keyring-deps';
import { pageApiKeyringPageHandlers } from '../../../src/background/page-api/keyring-page-handlers';
import { backgroundHarness } from '../background/harness';

const ORIGIN = 'https://webmail.example.org';
const EXT = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';

function area(init: Record<string, unknown> = {}): StorageAreaLike {
  const m = new Map<string, unknown>(Object.entries(init));
  return {
    async get(keys) {
      if (keys === null || keys === undefined) return Object.fromEntries(m);
      const list = Array.isArray(keys) ? keys : [keys];
      return Object.fromEntries(list.filter((k) => m.has(k)).map((k) => [k, structuredClone(m.get(k))]));
    },
    async set(items) {
      for (const [k, v] of Object.entries(items)) m.set(k, structuredClone(v));
    },
    async remove(keys) {
      for (const k of Array.isArray(keys) ? keys : [keys]) m.delete(k);
    },
  };
}

async function publicKey(email: string): Promise<{ armored: string; privateArmored: string; fpr: string }> {
  const { publicKey: pub, privateKey } = await openpgp.generateKey({ type: 'ecc', userIDs: [{ name: 'x', email }], format: 'armored' });
  const fpr = (await openpgp.readKey({ armoredKey: pub })).getFingerprint().toUpperCase();
  return { armored: pub, privateArmored: privateKey, fpr };
}

// The prompt limit is per tab and kept by the module for the worker's life: each test has its own tab.
let tabs = 6;

function setup(tabId = ++tabs) {
  const h = backgroundHarness();
  const local = area({ 'cachet.pageApiSites': [ORIGIN] });
  const pushes: Array<{ tabId: number; message: { type: string; payload: Record<string, unknown> } }> = [];
  const windows = new Set<number>();
  const opened: string[] = [];
  let nextWindow = 100;
  const removed: Array<(windowId: number) => void> = [];
  const kd: PageApiKeyringDeps = {
    session: area(),
    local,
    async openWindow(path) {
      opened.push(path);
      windows.add(++nextWindow);
      return nextWindow;
    },
    windowExists: async (id) => windows.has(id),
    closeWindow: async (id) => void windows.delete(id),
    pageUrl: (p) => `${EXT}/${p}`,
    sendToTab: async (t, message) => void pushes.push({ tabId: t, message: message as (typeof pushes)[number]['message'] }),
    broadcast: async () => undefined,
    onWindowRemoved: (l) => void removed.push(l),
  };
  const pd = { local } as unknown as PageApiDeps; // the guard reads the enabled sites only
  const content = pageApiKeyringContentHandlers(h.bg.context, () => pd, () => kd);
  const page = pageApiKeyringPageHandlers(h.bg.context, () => kd);
  const bridge: Runtime.MessageSender = { id: 'abcdefghijklmnopabcdefghijklmnop', url: `${ORIGIN}/?_task=mail`, frameId: 0, tab: { id: tabId, index: 0, highlighted: false, active: true, pinned: false, incognito: false } };
  const win = (path: string, windowId: number): Runtime.MessageSender => ({
    id: bridge.id,
    url: `${EXT}/${path}`,
    tab: { id: 900, windowId, index: 0, highlighted: false, active: true, pinned: false, incognito: false },
  });
  const frame = (path: string): Runtime.MessageSender => ({ id: bridge.id, url: `${EXT}/${path}`, frameId: 3, tab: bridge.tab });
  return { h, kd, content, page, bridge, win, frame, pushes, windows, opened, removed };
}

const keys = async (s: ReturnType<typeof setup>) => (await s.h.page('listKeys', {})).keys;

/** Our keygen frame after the bridge posted it a claim and it spent it (PI-03). */
async function claimedFrame(s: ReturnType<typeof setup>, sessionId: string, documentId = 'doc-1'): Promise<Runtime.MessageSender> {
  const frame = { ...s.frame('page-api-keygen.html'), documentId } as Runtime.MessageSender;
  const { token } = await s.content.pageApiKeyGenClaim({ sessionId }, { sender: s.bridge });
  await s.page.claimPageApiKeyGen({ sessionId, token }, { sender: frame });
  return frame;
}

describe('page API importPublicKey: the user decides in an extension window', () => {
  let s: ReturnType<typeof setup>;
  beforeEach(() => {
    s = setup();
  });

  it('opens our window, imports nothing before the decision, IMPORTED after Import; the page gets the status only', async () => {
    const carol = await publicKey('carol@example.org');
    await s.content.pageApiImportKey({ requestId: 'r1', armored: carol.armored }, { sender: s.bridge });
    expect(s.opened).toHaveLength(1);
    const importId = s.opened[0]!.split('#')[1]!;
    expect(s.opened[0]).toBe(`page-api-import.html#${importId}`);
    const prompt = await s.page.getPageApiImport({ importId }, { sender: s.win(s.opened[0]!, 101) });
    expect(prompt).toMatchObject({ origin: ORIGIN, fingerprint: carol.fpr, state: 'new', conflicts: [], expires: null });
    expect(prompt.userIds.map((u) => u.email)).toEqual(['carol@example.org']);
    expect(await keys(s)).toHaveLength(0);
    expect(s.pushes).toHaveLength(0);

    expect(await s.page.decidePageApiImport({ importId, accept: true, replace: false }, { sender: s.win(s.opened[0]!, 101) })).toEqual({ status: 'IMPORTED' });
    expect((await keys(s)).map((k) => k.fingerprint)).toEqual([carol.fpr]);
    expect(s.pushes).toEqual([{ tabId: s.bridge.tab!.id, message: { cachetPageApiPush: 1, type: 'keyImport', payload: { requestId: 'r1', status: 'IMPORTED' } } }]);
    expect(s.windows.has(101)).toBe(false); // closed after the decision
    // The same decision cannot be replayed.
    expect(await s.h.codeOf(s.page.decidePageApiImport({ importId, accept: true, replace: false }, { sender: s.win(s.opened[0]!, 101) }))).toBe('FORBIDDEN');
  });

  it('refusal answers REJECTED and stores nothing; only our window with that id may decide', async () => {
    const carol = await publicKey('carol@example.org');
    await s.content.pageApiImportKey({ requestId: 'r1', armored: carol.armored }, { sender: s.bridge });
    const importId = s.opened[0]!.split('#')[1]!;
    // Another window, a frame of ours in the page, another id: all refused.
    expect(await s.h.codeOf(s.page.decidePageApiImport({ importId, accept: true, replace: false }, { sender: s.win(s.opened[0]!, 555) }))).toBe('FORBIDDEN');
    expect(await s.h.codeOf(s.page.decidePageApiImport({ importId, accept: true, replace: false }, { sender: s.frame(`compose.html#${importId}`) }))).toBe('FORBIDDEN');
    expect(await s.h.codeOf(s.page.decidePageApiImport({ importId, accept: true, replace: false }, { sender: s.win('page-api-import.html#0000', 101) }))).toBe('FORBIDDEN');
    expect(await s.page.decidePageApiImport({ importId, accept: false, replace: false }, { sender: s.win(s.opened[0]!, 101) })).toEqual({ status: 'REJECTED' });
    expect(await keys(s)).toHaveLength(0);
    expect(s.pushes.map((p) => p.message.payload)).toEqual([{ requestId: 'r1', status: 'REJECTED' }]);
  });

  it('the user closing our window answers the page REJECTED (windows.onRemoved) and frees the tab', async () => {
    const carol = await publicKey('carol@example.org');
    await s.content.pageApiImportKey({ requestId: 'r1', armored: carol.armored }, { sender: s.bridge });
    expect(s.removed).toHaveLength(1);
    s.windows.delete(101);
    s.removed[0]!(101);
    await expect.poll(() => s.pushes.map((p) => p.message.payload)).toEqual([{ requestId: 'r1', status: 'REJECTED' }]);
    await s.content.pageApiImportKey({ requestId: 'r2', armored: carol.armored }, { sender: s.bridge });
    expect(s.pushes).toHaveLength(1); // r1 was already answered, not twice
    expect(await keys(s)).toHaveLength(0);
  });

  it('refuses private keys and pages where the API is off; one prompt per tab, a closed window counts as REJECTED, and a rate limit', async () => {
    const carol = await publicKey('carol@example.org');
    expect(await s.h.codeOf(s.content.pageApiImportKey({ requestId: 'r0', armored: carol.privateArmored }, { sender: s.bridge }))).toBe('BAD_REQUEST');
    expect(s.opened).toHaveLength(0);
    const elsewhere = { ...s.bridge, url: 'https://evil.example/' };
    expect(await s.h.codeOf(s.content.pageApiImportKey({ requestId: 'r0', armored: carol.armored }, { sender: elsewhere }))).toBe('FORBIDDEN');

    await s.content.pageApiImportKey({ requestId: 'r1', armored: carol.armored }, { sender: s.bridge });
    expect(await s.h.codeOf(s.content.pageApiImportKey({ requestId: 'r2', armored: carol.armored }, { sender: s.bridge }))).toBe('FORBIDDEN');
    s.windows.clear(); // the user closed the window
    await s.content.pageApiImportKey({ requestId: 'r3', armored: carol.armored }, { sender: s.bridge });
    expect(s.pushes.map((p) => p.message.payload)).toEqual([{ requestId: 'r1', status: 'REJECTED' }]);
    s.windows.clear();
    await s.content.pageApiImportKey({ requestId: 'r4', armored: carol.armored }, { sender: s.bridge });
    s.windows.clear();
    expect(PROMPTS.max).toBe(3);
    expect(await s.h.codeOf(s.content.pageApiImportKey({ requestId: 'r5', armored: carol.armored }, { sender: s.bridge }))).toBe('FORBIDDEN');
    expect(s.opened).toHaveLength(3);
    expect(await keys(s)).toHaveLength(0);
  });

  it('KM-01: an address bound to another key is shown as a conflict; the current key stays the default unless the user replaces it; UPDATED for a known key', async () => {
    const first = await publicKey('carol@example.org');
    const second = await publicKey('carol@example.org');
    await s.h.page('commitImport', { text: first.armored, encoding: 'armored', passphrases: {}, newPassphrases: {} });
    await s.content.pageApiImportKey({ requestId: 'r1', armored: second.armored }, { sender: s.bridge });
    const importId = s.opened[0]!.split('#')[1]!;
    const prompt = await s.page.getPageApiImport({ importId }, { sender: s.win(s.opened[0]!, 101) });
    expect(prompt.conflicts).toEqual([{ email: 'carol@example.org', current: [first.fpr] }]);
    expect(await s.page.decidePageApiImport({ importId, accept: true, replace: true }, { sender: s.win(s.opened[0]!, 101) })).toEqual({ status: 'IMPORTED' });
    const resolved = await s.h.page('resolveRecipients', { addresses: ['carol@example.org'] });
    expect(resolved.statuses[0]?.key?.fingerprint).toBe(second.fpr);

    await s.content.pageApiImportKey({ requestId: 'r2', armored: second.armored }, { sender: s.bridge });
    const again = s.opened[1]!.split('#')[1]!;
    expect((await s.page.getPageApiImport({ importId: again }, { sender: s.win(s.opened[1]!, 102) })).state).toBe('update');
    expect(await s.page.decidePageApiImport({ importId: again, accept: true, replace: false }, { sender: s.win(s.opened[1]!, 102) })).toEqual({ status: 'UPDATED' });
  });
});

describe('page API key-generation container: the page arms, the user clicks in our frame', () => {
  it('generates nothing on the page’s generate() alone; our frame’s request makes a v4 ECC key, filed; the page gets the public key only', async () => {
    const s = setup();
    const { sessionId, frameUrl } = await s.content.pageApiOpenKeyGen({ userIds: [{ email: 'Alice@Example.org', fullName: 'Alice' }], keySize: 4096 }, { sender: s.bridge });
    expect(frameUrl).toBe(`${EXT}/page-api-keygen.html`); // PI-03: no session id in the URL
    const frame = await claimedFrame(s, sessionId);
    expect(await s.page.getPageApiKeyGen({ sessionId }, { sender: frame })).toMatchObject({ origin: ORIGIN, step: 'idle', requestId: null, userIds: [{ email: 'alice@example.org', name: 'Alice' }] });
    // Our frame cannot generate before the page asked.
    expect(await s.h.codeOf(s.page.generatePageApiKey({ sessionId, requestId: 'g1', passphrase: 'violet-harbour-quiet-engine-83' }, { sender: frame }))).toBe('BAD_REQUEST');

    await s.content.pageApiGenerateKey({ sessionId, requestId: 'g1', confirmRequired: false }, { sender: s.bridge });
    expect(await s.page.getPageApiKeyGen({ sessionId }, { sender: frame })).toMatchObject({ step: 'armed', requestId: 'g1' });
    expect(await keys(s)).toHaveLength(0); // armed is not generated
    // Another tab's frame, or our frame with another id, cannot press it.
    expect(await s.h.codeOf(s.page.generatePageApiKey({ sessionId, requestId: 'g1', passphrase: 'violet-harbour-quiet-engine-83' }, { sender: { ...frame, tab: { ...frame.tab!, id: 8 } } }))).toBe('FORBIDDEN');
    expect(await s.h.codeOf(s.page.generatePageApiKey({ sessionId, requestId: 'g1', passphrase: 'short' }, { sender: frame }))).toBe('PASSPHRASE_TOO_WEAK');

    const { fingerprint } = await s.page.generatePageApiKey({ sessionId, requestId: 'g1', passphrase: 'violet-harbour-quiet-engine-83' }, { sender: frame });
    const stored = await keys(s);
    expect(stored.map((k) => [k.fingerprint, k.hasSecret, k.algorithm, k.emails])).toEqual([[fingerprint, true, 'ed25519', ['alice@example.org']]]);
    const push = s.pushes.find((p) => p.message.type === 'keyGen')!;
    const armored = push.message.payload.armoredPublic as string;
    expect(armored).toContain('BEGIN PGP PUBLIC KEY BLOCK');
    const key = await openpgp.readKey({ armoredKey: armored });
    expect(key.isPrivate()).toBe(false);
    expect(key.getFingerprint().toUpperCase()).toBe(fingerprint);
    expect(JSON.stringify(s.pushes)).not.toContain('PRIVATE KEY');
    // One key per container.
    expect(await s.h.codeOf(s.content.pageApiGenerateKey({ sessionId, requestId: 'g2', confirmRequired: false }, { sender: s.bridge }))).toBe('BAD_REQUEST');
  }, 60_000);

  it('generate(true) keeps the key out of the keyring until confirm(); reject() drops it', async () => {
    for (const confirm of [true, false]) {
      const s = setup();
      const { sessionId } = await s.content.pageApiOpenKeyGen({ userIds: [{ email: 'bob@example.org', fullName: '' }], keySize: null }, { sender: s.bridge });
      const frame = await claimedFrame(s, sessionId);
      await s.content.pageApiGenerateKey({ sessionId, requestId: 'g1', confirmRequired: true }, { sender: s.bridge });
      await s.page.generatePageApiKey({ sessionId, requestId: 'g1', passphrase: 'violet-harbour-quiet-engine-83' }, { sender: frame });
      expect(await keys(s)).toHaveLength(0);
      await s.content.pageApiDecideKeyGen({ sessionId, confirm }, { sender: s.bridge });
      expect(await keys(s)).toHaveLength(confirm ? 1 : 0);
      expect((await s.page.getPageApiKeyGen({ sessionId }, { sender: frame })).step).toBe(confirm ? 'confirmed' : 'rejected');
    }
  }, 60_000);

  it('PI-03: only the frame document that spent the bridge’s claim may use the container; a framed copy, a URL with the id, a reused token get nothing', async () => {
    const s = setup();
    const { sessionId } = await s.content.pageApiOpenKeyGen({ userIds: [{ email: 'carol@example.org', fullName: 'Carol' }], keySize: null }, { sender: s.bridge });
    const unclaimed = { ...s.frame('page-api-keygen.html'), documentId: 'doc-1' } as Runtime.MessageSender;
    expect(await s.h.codeOf(s.page.getPageApiKeyGen({ sessionId }, { sender: unclaimed }))).toBe('FORBIDDEN');
    // The old way (session id in the fragment) is no key any more.
    expect(await s.h.codeOf(s.page.getPageApiKeyGen({ sessionId }, { sender: s.frame(`page-api-keygen.html#${sessionId}`) }))).toBe('FORBIDDEN');
    // Only the bridge of the tab and frame that opened the container gets a token.
    expect(await s.h.codeOf(s.content.pageApiKeyGenClaim({ sessionId }, { sender: { ...s.bridge, frameId: 4 } }))).toBe('FORBIDDEN');
    const { token } = await s.content.pageApiKeyGenClaim({ sessionId }, { sender: s.bridge });
    // A made-up token, a frame with a fragment, another tab: refused, and the real token still works once.
    expect(await s.h.codeOf(s.page.claimPageApiKeyGen({ sessionId, token: 'f'.repeat(32) }, { sender: unclaimed }))).toBe('FORBIDDEN');
    expect(await s.h.codeOf(s.page.claimPageApiKeyGen({ sessionId, token }, { sender: s.frame(`page-api-keygen.html#${sessionId}`) }))).toBe('FORBIDDEN');
    expect(await s.h.codeOf(s.page.claimPageApiKeyGen({ sessionId, token }, { sender: { ...unclaimed, tab: { ...unclaimed.tab!, id: 8 } } }))).toBe('FORBIDDEN');
    await s.page.claimPageApiKeyGen({ sessionId, token }, { sender: unclaimed });
    expect((await s.page.getPageApiKeyGen({ sessionId }, { sender: unclaimed })).step).toBe('idle');
    expect(await s.h.codeOf(s.page.claimPageApiKeyGen({ sessionId, token }, { sender: { ...unclaimed, documentId: 'copy' } as Runtime.MessageSender }))).toBe('FORBIDDEN');
    // A copy of our frame the page framed itself (another document, same tab) is not the bound one.
    const copy = { ...s.frame('page-api-keygen.html'), frameId: 7, documentId: 'copy' } as Runtime.MessageSender;
    await s.content.pageApiGenerateKey({ sessionId, requestId: 'g1', confirmRequired: false }, { sender: s.bridge });
    expect(await s.h.codeOf(s.page.getPageApiKeyGen({ sessionId }, { sender: copy }))).toBe('FORBIDDEN');
    expect(await s.h.codeOf(s.page.generatePageApiKey({ sessionId, requestId: 'g1', passphrase: 'violet-harbour-quiet-engine-83' }, { sender: copy }))).toBe('FORBIDDEN');
    expect(await keys(s)).toHaveLength(0);
  });
});
