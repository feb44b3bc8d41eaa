import { describe, expect, it } from 'vitest';
import { MAX_SESSIONS, SESSION_TTL_MS } from '../../../src/background/mail/session-store';
import { mailHarness, withKeys } from './harness';

const ARMOR = '-----BEGIN PGP MESSAGE-----\n\nwV4D\n-----END PGP MESSAGE-----\n';
const read = { adapter: 'generic', kind: 'message' as const, armored: ARMOR, sender: 'Alice <alice@example.org>' };

describe('mail sessions: opening, binding, lifetime', () => {
  it('opens a read session bound to the content script tab; the frame URL carries no session id (PI-03)', async () => {
    const h = mailHarness();
    const { sessionId, claim, ...rest } = await h.content('openReadSession', read);
    expect(sessionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // No URL in the answer (the content script makes it from runtime.getURL): only the first claim token.
    expect(rest).toEqual({});
    expect(claim).toMatch(/^[0-9a-f]{32}$/);
    expect(await h.frame('read.html', sessionId, 'getReadSession', { sessionId })).toEqual({
      kind: 'message',
      sender: 'Alice <alice@example.org>',
      locked: true,
    });
  });

  it('refuses frames of another tab, frames naming another session, the wrong page and the options page', async () => {
    const h = mailHarness();
    const a = await h.content('openReadSession', read);
    const b = await h.content('openReadSession', read, h.senders.content(2));
    // Our read.html in tab 2 asking for tab 1's session.
    expect(await h.codeOf(h.frame('read.html', a.sessionId, 'getReadSession', { sessionId: a.sessionId }, 2))).toBe('FORBIDDEN');
    // A frame carrying session b in its URL asking for session a.
    expect(await h.codeOf(h.frame('read.html', b.sessionId, 'getReadSession', { sessionId: a.sessionId }, 2))).toBe('FORBIDDEN');
    // compose.html#a asking for the read session a.
    expect(await h.codeOf(h.frame('compose.html', a.sessionId, 'getReadSession', { sessionId: a.sessionId }))).toBe('FORBIDDEN');
    expect(await h.codeOf(h.page('decryptReadSession', { sessionId: a.sessionId, passphrase: null }))).toBe('FORBIDDEN');
    // The content script itself may never ask for a frame message (the router refuses).
    const fromContent = await h.bg.router.handle({ cachet: 1, type: 'decryptReadSession', payload: { sessionId: a.sessionId, passphrase: null } }, h.senders.content());
    expect(fromContent).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // And extension pages may not open sessions (content messages only).
    expect(await h.bg.router.handle({ cachet: 1, type: 'openReadSession', payload: read }, h.senders.options)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('closeSession works only from the tab that opened it', async () => {
    const h = mailHarness();
    const { sessionId } = await h.content('openReadSession', read);
    await h.content('closeSession', { sessionId }, h.senders.content(2));
    expect(await h.codeOf(h.frame('read.html', sessionId, 'getReadSession', { sessionId }))).toBe('ok');
    await h.content('closeSession', { sessionId });
    expect(await h.codeOf(h.frame('read.html', sessionId, 'getReadSession', { sessionId }))).toBe('FORBIDDEN');
  });

  it('survives a worker restart, expires after its lifetime', async () => {
    const clock = { t: Date.parse('2026-01-01T00:00:00Z') };
    const h = mailHarness({ clock });
    const { sessionId } = await h.content('openReadSession', read);
    const restarted = mailHarness({ clock, shared: { browser: h.browser, dbName: h.dbName } });
    expect((await restarted.frame('read.html', sessionId, 'getReadSession', { sessionId })).kind).toBe('message');
    clock.t += SESSION_TTL_MS;
    expect(await restarted.codeOf(restarted.frame('read.html', sessionId, 'getReadSession', { sessionId }))).toBe('FORBIDDEN');
    expect([...h.browser.storage.session.data.keys()].filter((k) => k.startsWith('mail-session:'))).toEqual([]);
  });

  it('caps the number of sessions (the oldest go)', async () => {
    const clock = { t: Date.parse('2026-01-01T00:00:00Z') };
    const h = mailHarness({ clock });
    const first = await h.content('openReadSession', read);
    for (let i = 0; i < MAX_SESSIONS; i++) {
      clock.t += 1;
      await h.content('openReadSession', read);
    }
    expect([...h.browser.storage.session.data.keys()].filter((k) => k.startsWith('mail-session:'))).toHaveLength(MAX_SESSIONS);
    expect(await h.codeOf(h.frame('read.html', first.sessionId, 'getReadSession', { sessionId: first.sessionId }))).toBe('FORBIDDEN');
  });

  it('validates sizes: 51 recipients, a bad session id, an unknown property', async () => {
    const h = mailHarness();
    const many = Array.from({ length: 26 }, (_, i) => `r${i}@example.org`);
    expect(
      await h.codeOf(h.content('openComposeSession', { adapter: 'generic', recipients: { to: many, cc: many, bcc: [] }, sender: null, quotedArmored: null })),
    ).toBe('TOO_LARGE');
    expect(await h.codeOf(h.content('closeSession', { sessionId: '../options' }))).toBe('BAD_REQUEST');
    const extra = await h.bg.router.handle({ cachet: 1, type: 'openReadSession', payload: { ...read, html: '<b>' } }, h.senders.content());
    expect(extra).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('resizeFrame pushes the height to the session tab and frame only', async () => {
    const h = mailHarness();
    const { sessionId } = await h.content('openReadSession', read, h.senders.content(1, 4));
    await h.frame('read.html', sessionId, 'resizeFrame', { sessionId, height: 321 });
    expect(h.pushes).toEqual([{ tabId: 1, frameId: 4, message: { cachetPush: 1, type: 'frameHeight', payload: { sessionId, height: 321 } } }]);
  });

  it('getComposeSession: recipients, parsed sender and the sender key', async () => {
    const h = mailHarness();
    const { alice } = await withKeys(h);
    const { sessionId, claim } = await h.content('openComposeSession', {
      adapter: 'roundcube',
      recipients: { to: ['bob@example.org'], cc: [], bcc: [] },
      sender: 'Alice <Alice@Example.org>',
      quotedArmored: null,
    });
    expect(claim).toMatch(/^[0-9a-f]{32}$/);
    const s = await h.frame('compose.html', sessionId, 'getComposeSession', { sessionId });
    expect(s).toMatchObject({ sender: 'alice@example.org', hasQuote: false, recipients: { to: ['bob@example.org'], cc: [], bcc: [] } });
    expect(s.senderKey?.fingerprint).toBe(alice.fingerprint);
  });
});
