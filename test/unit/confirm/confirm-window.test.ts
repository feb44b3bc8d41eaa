/**
 * PI-03: sensitive confirmations asked by our frames are answered in an extension window only.
 * Through the whole background (router, schemas, frame binding, real keystore and OpenPGP.js):
 * a frame's ask imports / encrypts nothing; only our confirm.html, carrying exactly that id,
 * in the window opened for it, reads and answers the question; closing the window refuses; a
 * second answer does nothing; a page-API encryption needs the approval of that very request,
 * sign choice and recipient list.
 */
import * as openpgp from 'openpgp';
import { describe, expect, it, vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';

// The confirmation handlers use `ext.windows` / `ext.runtime.sendMessage` / `ext.storage.session`,
// bound when src/shared/api.ts loads: give it the fake browser (plus a fake windows API) first.
const shared = await vi.hoisted(async () => {
  const { fakeBrowser } = await import('../background/fake-browser');
  const browser = fakeBrowser();
  const opened: Array<{ id: number; url: string }> = [];
  const closed: number[] = [];
  const removedListeners: Array<(windowId: number) => void> = [];
  const broadcasts: unknown[] = [];
  const bridgePushes: Array<{ type?: string }> = [];
  let next = 500;
  Object.assign(browser, {
    // Pushes to the page-API bridge (page-api/page-handlers.ts sends them with ext.tabs).
    tabs: {
      async sendMessage(_tabId: number, m: { type?: string }) {
        bridgePushes.push(m);
      },
    },
    windows: {
      async create(o: { url: string }) {
        opened.push({ id: ++next, url: o.url });
        return { id: next };
      },
      async remove(id: number) {
        closed.push(id);
      },
      onRemoved: { addListener: (l: (windowId: number) => void) => removedListeners.push(l) },
    },
  });
  Object.assign(browser.runtime, {
    async sendMessage(m: unknown) {
      broadcasts.push(m);
    },
  });
  (globalThis as { browser?: unknown }).browser = browser;
  return { browser, dbName: `cachet-confirm-${Math.random()}`, opened, closed, removedListeners, broadcasts, bridgePushes };
});

const { mailHarness, withKeys, PASS } = await import('../mail-background/harness');
const { putEditorState, getEditorState } = await import('../../../src/background/page-api/editor-state');
const { pageApiContentHandlers } = await import('../../../src/background/page-api/content-handlers');
type PageApiDeps = import('../../../src/background/page-api/deps').PageApiDeps;

type H = ReturnType<typeof mailHarness>;
const ORIGIN = shared.browser.runtime.getURL('');

function tab(id: number, windowId: number): Runtime.MessageSender['tab'] {
  return { id, windowId, index: 0, highlighted: false, active: true, pinned: false, incognito: false };
}

/** Our confirm.html for `id` in window `windowId` (what the browser reports for that window). */
function windowSender(id: string, windowId: number, o: { url?: string } = {}): Runtime.MessageSender {
  return { id: shared.browser.runtime.id, url: o.url ?? `${ORIGIN}confirm.html#${id}`, tab: tab(900 + windowId, windowId), frameId: 0 };
}

const lastWindow = () => shared.opened[shared.opened.length - 1]!;

async function foundKey(email: string) {
  const { publicKey } = await openpgp.generateKey({ type: 'ecc', userIDs: [{ name: 'Carol', email }], format: 'object' });
  return { armored: publicKey.armor(), fpr: publicKey.getFingerprint().toUpperCase() };
}

async function setup() {
  // The fake browser (and its windows) is shared; the keyring is fresh per test.
  const h = mailHarness({ shared: { browser: shared.browser, dbName: `cachet-confirm-${Math.random()}` } });
  const k = await withKeys(h);
  const { sessionId } = await h.content('openComposeSession', { adapter: 'generic', recipients: { to: [], cc: [], bcc: [] }, sender: null, quotedArmored: null });
  return { h, k, sessionId };
}

const SOURCES = [{ kind: 'wkd' as const, domain: 'example.net', method: 'direct' as const }];

async function askImport(h: H, sessionId: string, key: { armored: string; fpr: string }, address: string, replace = false) {
  return h.frame('compose.html', sessionId, 'askLookupImport', { address, armored: key.armored, fingerprint: key.fpr, replace, sources: SOURCES });
}

describe('PI-03: importing a found key is confirmed in a window', () => {
  it('the frame only asks: the window shows what the background parsed, and only its approval imports', async () => {
    const { h, sessionId } = await setup();
    const carol = await foundKey('carol@example.net');
    const { confirmationId } = await askImport(h, sessionId, carol, 'carol@example.net');
    const w = lastWindow();
    expect(w.url).toBe(`${ORIGIN}confirm.html#${confirmationId}`);
    const ks = await h.bg.context.keystore();
    expect(await ks.get(carol.fpr)).toBeNull();
    expect(await h.frame('compose.html', sessionId, 'getConfirmationOutcome', { confirmationId })).toEqual({ state: 'pending', error: null });

    const view = await h.send<{ kind: string; fingerprint: string; address: string; replace: boolean; sources: unknown; info: { userIds: Array<{ email: string }> } }>('getConfirmation', { confirmationId }, windowSender(confirmationId, w.id));
    expect(view).toMatchObject({ kind: 'lookupImport', fingerprint: carol.fpr, address: 'carol@example.net', replace: false, sources: SOURCES });
    expect(view.info.userIds.map((u) => u.email)).toEqual(['carol@example.net']);

    // Neither the asking frame, nor the options page, nor the window of another id may answer.
    for (const sender of [h.senders.frame('compose.html', 7), h.senders.options, windowSender(confirmationId, w.id + 1), windowSender(confirmationId, w.id, { url: `${ORIGIN}confirm.html?x=1#${confirmationId}` }), windowSender(confirmationId, w.id, { url: `${ORIGIN}options.html#${confirmationId}` })]) {
      expect(await h.codeOf(h.send('answerConfirmation', { confirmationId, approve: true }, sender))).not.toBe('ok');
    }
    // A content script (the page's side) cannot even send these.
    expect(await h.codeOf(h.send('answerConfirmation', { confirmationId, approve: true }, h.senders.content()))).toBe('FORBIDDEN');
    expect(await ks.get(carol.fpr)).toBeNull();

    shared.broadcasts.length = 0;
    expect(await h.send('answerConfirmation', { confirmationId, approve: true }, windowSender(confirmationId, w.id))).toEqual({ state: 'approved', error: null });
    expect((await ks.get(carol.fpr))?.fingerprint).toBe(carol.fpr);
    expect(shared.closed).toContain(w.id);
    expect(shared.broadcasts).toContainEqual({ cachetConfirmation: 1, confirmationId });
    expect(await h.frame('compose.html', sessionId, 'getConfirmationOutcome', { confirmationId })).toEqual({ state: 'approved', error: null });
    // Answered once: a second answer (or a refusal after the fact) is refused.
    expect(await h.codeOf(h.send('answerConfirmation', { confirmationId, approve: false }, windowSender(confirmationId, w.id)))).not.toBe('ok');
    // Another tab cannot read how it ended.
    expect(await h.codeOf(h.send('getConfirmationOutcome', { confirmationId }, h.senders.frame('compose.html', 7, 2)))).not.toBe('ok');
  });

  it('two answers at once: one acts, the other is refused; the frame reads "approved" only once the key is stored', async () => {
    const { h, sessionId } = await setup();
    const carol = await foundKey('carol@example.net');
    const { confirmationId } = await askImport(h, sessionId, carol, 'carol@example.net');
    const w = lastWindow();
    const ks = await h.bg.context.keystore();
    const outcomes: string[] = [];
    // Poll the outcome as the frame does while the window's answer is carried out.
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const o = await h.frame('compose.html', sessionId, 'getConfirmationOutcome', { confirmationId });
        if (o.state === 'approved') outcomes.push((await ks.get(carol.fpr)) ? 'approved, stored' : 'approved, NOT stored');
        await new Promise((r) => setTimeout(r, 1));
      }
    })();
    const answers = await Promise.all([0, 1].map(() => h.codeOf(h.send('answerConfirmation', { confirmationId, approve: true }, windowSender(confirmationId, w.id)))));
    polling = false;
    await poller;
    expect(answers.sort()).toEqual(['FORBIDDEN', 'ok'].sort());
    expect(outcomes.every((o) => o === 'approved, stored')).toBe(true);
    expect((await ks.get(carol.fpr))?.fingerprint).toBe(carol.fpr);
  });

  it('closing the window refuses: nothing is imported', async () => {
    const { h, sessionId } = await setup();
    const carol = await foundKey('carol@example.net');
    const { confirmationId } = await askImport(h, sessionId, carol, 'carol@example.net');
    for (const l of shared.removedListeners) l(lastWindow().id);
    await vi.waitFor(async () => expect(await h.frame('compose.html', sessionId, 'getConfirmationOutcome', { confirmationId })).toEqual({ state: 'refused', error: null }));
    expect(await (await h.bg.context.keystore()).get(carol.fpr)).toBeNull();
    expect(await h.codeOf(h.send('answerConfirmation', { confirmationId, approve: true }, windowSender(confirmationId, lastWindow().id)))).not.toBe('ok');
  });

  it('a new question from the same tab closes and refuses the previous one', async () => {
    const { h, sessionId } = await setup();
    const first = await askImport(h, sessionId, await foundKey('carol@example.net'), 'carol@example.net');
    const firstWindow = lastWindow().id;
    const second = await askImport(h, sessionId, await foundKey('dave@example.net'), 'dave@example.net');
    expect(shared.closed).toContain(firstWindow);
    expect(await h.codeOf(h.send('getConfirmation', { confirmationId: first.confirmationId }, windowSender(first.confirmationId, firstWindow)))).not.toBe('ok');
    expect(await h.send('getConfirmation', { confirmationId: second.confirmationId }, windowSender(second.confirmationId, lastWindow().id))).toMatchObject({ address: 'dave@example.net' });
  });

  it('refuses at once a key that is not the fingerprint asked for, or lacks the address', async () => {
    const { h, sessionId } = await setup();
    const carol = await foundKey('carol@example.net');
    const other = await foundKey('carol@example.net');
    const opened = shared.opened.length;
    expect(await h.codeOf(askImport(h, sessionId, { armored: other.armored, fpr: carol.fpr }, 'carol@example.net'))).toBe('KEY_INVALID');
    expect(await h.codeOf(askImport(h, sessionId, carol, 'mallory@example.net'))).toBe('KEY_INVALID');
    expect(shared.opened.length).toBe(opened);
  });

  it('KM-01: a second key for a known address is asked as a replacement, showing the current key; approving makes it the default', async () => {
    const { h, sessionId, k } = await setup();
    const bob2 = await foundKey('bob@example.org');
    expect(await h.codeOf(askImport(h, sessionId, bob2, 'bob@example.org', false))).toBe('KEY_CONFLICT');
    const { confirmationId } = await askImport(h, sessionId, bob2, 'bob@example.org', true);
    const w = lastWindow();
    expect(await h.send('getConfirmation', { confirmationId }, windowSender(confirmationId, w.id))).toMatchObject({ replace: true, conflictsWith: [k.bobFingerprint] });
    await h.send('answerConfirmation', { confirmationId, approve: true }, windowSender(confirmationId, w.id));
    const ks = await h.bg.context.keystore();
    expect((await ks.defaults()).find((d) => d.email === 'bob@example.org')?.fingerprint).toBe(bob2.fpr);
    expect(await ks.get(k.bobFingerprint)).not.toBeNull();
  });

  it('an import that fails after approval says why, in the window and to the frame', async () => {
    const { h, sessionId } = await setup();
    const carol = await foundKey('carol@example.net');
    const { confirmationId } = await askImport(h, sessionId, carol, 'carol@example.net');
    // Meanwhile another key arrived for carol (another editor, the options page…): no silent takeover.
    const other = await foundKey('carol@example.net');
    await h.page('commitImport', { text: other.armored, encoding: 'armored', passphrases: {}, newPassphrases: {} });
    const w = lastWindow();
    expect(await h.send('answerConfirmation', { confirmationId, approve: true }, windowSender(confirmationId, w.id))).toEqual({ state: 'failed', error: 'KEY_CONFLICT' });
    expect(await h.frame('compose.html', sessionId, 'getConfirmationOutcome', { confirmationId })).toEqual({ state: 'failed', error: 'KEY_CONFLICT' });
    expect(await (await h.bg.context.keystore()).get(carol.fpr)).toBeNull();
  });
});

describe('PI-03: a page-API encryption is approved in a window', () => {
  async function pageApiSession(h: H, recipients: string[]) {
    const { sessionId } = await h.content('openComposeSession', { adapter: 'page-api', recipients: { to: [], cc: [], bcc: [] }, sender: null, quotedArmored: null });
    await putEditorState(shared.browser.storage.session as never, sessionId, { signMsg: true, predefinedText: null, request: { requestId: 'r1', recipients }, quote: null });
    return sessionId;
  }
  const encrypt = (h: H, sessionId: string, sign = true) =>
    h.frame('compose.html', sessionId, 'confirmPageApiEncrypt', { sessionId, requestId: 'r1', text: 'the secret', sign, passphrase: PASS, attachments: [] });

  it('a click in the frame alone encrypts nothing; the window shows the recipients with their keys and the sign choice', async () => {
    const { h, k } = await setup();
    const sessionId = await pageApiSession(h, ['bob@example.org', 'alice@example.org']);
    expect(await h.codeOf(encrypt(h, sessionId))).toBe('FORBIDDEN');
    const { confirmationId } = await h.frame('compose.html', sessionId, 'askPageApiEncrypt', { sessionId, requestId: 'r1', sign: true });
    const w = lastWindow();
    const view = await h.send('getConfirmation', { confirmationId }, windowSender(confirmationId, w.id));
    expect(view).toMatchObject({ kind: 'pageApiEncrypt', sign: true, recipients: [{ address: 'bob@example.org', fingerprint: k.bobFingerprint }, { address: 'alice@example.org', fingerprint: k.alice.fingerprint }] });
    expect(await h.codeOf(encrypt(h, sessionId))).toBe('FORBIDDEN');
    await h.send('answerConfirmation', { confirmationId, approve: true }, windowSender(confirmationId, w.id));
    // Another sign choice than the one approved is not covered.
    expect(await h.codeOf(encrypt(h, sessionId, false))).toBe('FORBIDDEN');
    const pushesBefore = shared.bridgePushes.length;
    expect(await encrypt(h, sessionId)).toMatchObject({ armoredLength: expect.any(Number) });
    expect(shared.bridgePushes.slice(pushesBefore).map((p) => p.type)).toEqual(['encrypted']);
    // Spent: the request is gone with its approval.
    expect((await getEditorState(shared.browser.storage.session as never, sessionId))?.approval ?? null).toBeNull();
  });

  it('recipients changed by the page after the approval are not covered by it', async () => {
    const { h } = await setup();
    const sessionId = await pageApiSession(h, ['bob@example.org']);
    const { confirmationId } = await h.frame('compose.html', sessionId, 'askPageApiEncrypt', { sessionId, requestId: 'r1', sign: true });
    await h.send('answerConfirmation', { confirmationId, approve: true }, windowSender(confirmationId, lastWindow().id));
    const state = (await getEditorState(shared.browser.storage.session as never, sessionId))!;
    await putEditorState(shared.browser.storage.session as never, sessionId, { ...state, request: { requestId: 'r1', recipients: ['bob@example.org', 'mallory@example.net'] } });
    expect(await h.codeOf(encrypt(h, sessionId))).toBe('FORBIDDEN');
  });

  it('a new encrypt request from the page, even reusing the approved id, clears the approval', async () => {
    const { h } = await setup();
    const sessionId = await pageApiSession(h, ['bob@example.org']);
    const { confirmationId } = await h.frame('compose.html', sessionId, 'askPageApiEncrypt', { sessionId, requestId: 'r1', sign: true });
    await h.send('answerConfirmation', { confirmationId, approve: true }, windowSender(confirmationId, lastWindow().id));
    // The webmail's bridge (content script of the same tab, page API on for its site) asks again.
    await shared.browser.storage.local.set({ 'cachet.pageApiSites': ['https://mail.example.org'] });
    const deps = { local: shared.browser.storage.local, session: shared.browser.storage.session, broadcast: async () => undefined } as unknown as PageApiDeps;
    const bridge = pageApiContentHandlers(h.bg.context, () => deps);
    await bridge.pageApiEncrypt({ sessionId, requestId: 'r1', recipients: ['bob@example.org'] }, { sender: h.senders.content() });
    expect((await getEditorState(shared.browser.storage.session as never, sessionId))?.approval ?? null).toBeNull();
    expect(await h.codeOf(encrypt(h, sessionId))).toBe('FORBIDDEN');
  });

  it('recipients changed while the window was open: approving fails and approves nothing', async () => {
    const { h } = await setup();
    const sessionId = await pageApiSession(h, ['bob@example.org']);
    const { confirmationId } = await h.frame('compose.html', sessionId, 'askPageApiEncrypt', { sessionId, requestId: 'r1', sign: true });
    const state = (await getEditorState(shared.browser.storage.session as never, sessionId))!;
    await putEditorState(shared.browser.storage.session as never, sessionId, { ...state, request: { requestId: 'r1', recipients: ['mallory@example.net'] } });
    expect(await h.send('answerConfirmation', { confirmationId, approve: true }, windowSender(confirmationId, lastWindow().id))).toMatchObject({ state: 'failed' });
    expect(await h.codeOf(encrypt(h, sessionId))).toBe('FORBIDDEN');
  });

  it('only the frame of that session may ask; an unknown request is refused', async () => {
    const { h, sessionId: generic } = await setup();
    const sessionId = await pageApiSession(h, ['bob@example.org']);
    expect(await h.codeOf(h.frame('compose.html', sessionId, 'askPageApiEncrypt', { sessionId, requestId: 'nope', sign: true }))).toBe('BAD_REQUEST');
    expect(await h.codeOf(h.frame('compose.html', generic, 'askPageApiEncrypt', { sessionId: generic, requestId: 'r1', sign: true }))).toBe('BAD_REQUEST');
    expect(await h.codeOf(h.send('askPageApiEncrypt', { sessionId, requestId: 'r1', sign: true }, h.senders.frame('compose.html', 99)))).not.toBe('ok');
  });
});

describe('PI-03: signing without encryption is approved in a window', () => {
  it('the window shows the text that will leave Cachet in the clear; only that text is signed, once', async () => {
    const { h, sessionId, k } = await setup();
    await h.page('unlockKey', { fingerprint: k.alice.fingerprint, passphrase: PASS });
    const text = 'Meeting moved to 3pm.\n'.repeat(200);
    const req = { sessionId, text, recipients: { to: [], cc: [], bcc: [] }, mode: 'sign' as const, attachments: [], passphrase: null };
    expect(await h.codeOf(h.frame('compose.html', sessionId, 'submitCompose', req))).toBe('FORBIDDEN');
    const { confirmationId } = await h.frame('compose.html', sessionId, 'askSignOnly', { sessionId, text });
    const w = lastWindow();
    const view = await h.send<{ kind: string; preview: string; characters: number }>('getConfirmation', { confirmationId }, windowSender(confirmationId, w.id));
    expect(view.kind).toBe('signOnly');
    expect(view.characters).toBe(text.length);
    expect(text.startsWith(view.preview) && view.preview.length > 0).toBe(true);
    expect(await h.codeOf(h.frame('compose.html', sessionId, 'submitCompose', req))).toBe('FORBIDDEN');
    await h.send('answerConfirmation', { confirmationId, approve: true }, windowSender(confirmationId, w.id));
    // Another text than the approved one is not covered.
    expect(await h.codeOf(h.frame('compose.html', sessionId, 'submitCompose', { ...req, text: `${text}P.S. secret` }))).toBe('FORBIDDEN');
    await h.frame('compose.html', sessionId, 'submitCompose', req);
    expect(await h.codeOf(h.frame('compose.html', sessionId, 'submitCompose', req))).toBe('FORBIDDEN');
    // The ended question no longer holds the text.
    expect(JSON.stringify(await shared.browser.storage.session.get(null))).not.toContain('Meeting moved');
  });

  it('refused in the window: nothing is signed', async () => {
    const { h, sessionId } = await setup();
    const { confirmationId } = await h.frame('compose.html', sessionId, 'askSignOnly', { sessionId, text: 'hello' });
    await h.send('answerConfirmation', { confirmationId, approve: false }, windowSender(confirmationId, lastWindow().id));
    expect(await h.codeOf(h.frame('compose.html', sessionId, 'submitCompose', { sessionId, text: 'hello', recipients: { to: [], cc: [], bcc: [] }, mode: 'sign', attachments: [], passphrase: PASS }))).toBe('FORBIDDEN');
  });
});
