/**
 * getPageApiQuote through the whole background (router, schema, frame binding): the page's
 * quoted mail is decrypted for our editor frame only after a click (auto-decrypt is off),
 * asks for the passphrase, returns the shown text with the page's header and indent choice,
 * and the quoted mail's attachments only when the page asked keepAttachments.
 */
import * as openpgp from 'openpgp';
import { describe, expect, it, vi } from 'vitest';

// The page-API handlers read `ext.storage.session`, bound when src/shared/api.ts loads: give it
// the fake browser this harness uses, before any import of the background.
const shared = await vi.hoisted(async () => {
  const { fakeBrowser } = await import('../background/fake-browser');
  const browser = fakeBrowser();
  (globalThis as { browser?: unknown }).browser = browser;
  return { browser, dbName: `cachet-page-api-quote-${Math.random()}` };
});

const { mailHarness, withKeys, PASS } = await import('../mail-background/harness');
const { putEditorState } = await import('../../../src/background/page-api/editor-state');
const { toBase64 } = await import('../../../src/core/keys/armor');
const { buildMixed } = await import('../../../src/core/mime');

const FILE = Uint8Array.from([0, 1, 2, 250, 255]);

async function setup(keepAttachments: boolean) {
  const h = mailHarness({ shared });
  const k = await withKeys(h);
  const body = buildMixed('Shown text\nsecond line', [{ filename: 'f.bin', data: FILE }]);
  const quoted = await openpgp.encrypt({ message: await openpgp.createMessage({ text: body }), encryptionKeys: k.alicePublic });
  const { sessionId } = await h.content('openComposeSession', { adapter: 'page-api', recipients: { to: [], cc: [], bcc: [] }, sender: null, quotedArmored: quoted });
  await putEditorState(shared.browser.storage.session as never, sessionId, {
    signMsg: true,
    predefinedText: null,
    request: null,
    quote: { indent: true, header: 'On Monday, alice wrote:', keepAttachments },
  });
  return { h, sessionId };
}

describe('page-API editor: getPageApiQuote', () => {
  it('waits for a click, asks the passphrase, returns the shown text only', async () => {
    const { h, sessionId } = await setup(false);
    expect(await h.frame('compose.html', sessionId, 'getPageApiQuote', { sessionId, passphrase: null, clicked: false })).toEqual({ status: 'click' });
    expect(await h.codeOf(h.frame('compose.html', sessionId, 'getPageApiQuote', { sessionId, passphrase: null, clicked: true }))).toBe('PASSPHRASE_REQUIRED');
    const r = await h.frame('compose.html', sessionId, 'getPageApiQuote', { sessionId, passphrase: PASS, clicked: true });
    expect(r).toEqual({ status: 'ok', text: 'Shown text\r\nsecond line', header: 'On Monday, alice wrote:', indent: true, attachments: [] });
  });

  it('keepAttachments: the quoted mail’s files come along', async () => {
    const { h, sessionId } = await setup(true);
    const r = await h.frame('compose.html', sessionId, 'getPageApiQuote', { sessionId, passphrase: PASS, clicked: true });
    expect(r.status === 'ok' && r.attachments).toEqual([{ name: 'f.bin', mimeType: 'application/octet-stream', base64: toBase64(FILE) }]);
  });

  it('an ordinary compose session (not page-API) has no page-API quote; a content script cannot ask', async () => {
    const h = mailHarness({ shared });
    await withKeys(h);
    const { sessionId } = await h.content('openComposeSession', { adapter: 'generic', recipients: { to: [], cc: [], bcc: [] }, sender: null, quotedArmored: null });
    expect(await h.frame('compose.html', sessionId, 'getPageApiQuote', { sessionId, passphrase: null, clicked: true })).toEqual({ status: 'none' });
    expect(await h.codeOf(h.send('getPageApiQuote', { sessionId, passphrase: null, clicked: true }, h.senders.content()))).toBe('FORBIDDEN');
  });
});
