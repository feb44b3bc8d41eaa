/**
 * PI-03: a session is bound to the ONE frame document its content script mounted. The content
 * script gets a single-use claim token per load of its iframe, the frame spends it, and from
 * then on only that document (tab + frameId, + Chromium's documentId) is answered.
 */
import { describe, expect, it } from 'vitest';
import { CLAIM_TTL_MS } from '../../../src/background/mail/claim-token';
import { mailHarness } from './harness';

const ARMOR = '-----BEGIN PGP MESSAGE-----\n\nwV4D\n-----END PGP MESSAGE-----\n';
const read = { adapter: 'generic', kind: 'message' as const, armored: ARMOR, sender: null };

function setup(clock?: { t: number }) {
  const h = mailHarness(clock ? { clock } : {});
  const issue = (sessionId: string, sender = h.senders.content()) => h.send<{ token: string }>('issueFrameClaim', { sessionId }, sender).then((r) => r.token);
  const claim = (sessionId: string, token: string, frameId: number, o: { page?: 'read.html' | 'compose.html'; tabId?: number; documentId?: string } = {}) =>
    h.send<{ kind: string }>('claimFrame', { sessionId, token }, h.senders.frame(o.page ?? 'read.html', frameId, o.tabId ?? 1, o.documentId));
  const ask = (sessionId: string, frameId: number, o: { page?: 'read.html' | 'compose.html'; tabId?: number; documentId?: string } = {}) =>
    h.codeOf(h.send('getReadSession', { sessionId }, h.senders.frame(o.page ?? 'read.html', frameId, o.tabId ?? 1, o.documentId)));
  return { h, issue, claim, ask };
}

describe('PI-03: frame claims', () => {
  it('an unclaimed session answers no frame, not even the right page in the right tab', async () => {
    const { h, ask } = setup();
    const { sessionId } = await h.content('openReadSession', read);
    expect(await ask(sessionId, 3)).toBe('FORBIDDEN');
  });

  it('the claiming frame is answered; a second claimer with the same token and every other frame are refused', async () => {
    const { h, issue, claim, ask } = setup();
    const { sessionId } = await h.content('openReadSession', read);
    const token = await issue(sessionId);
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(await claim(sessionId, token, 3)).toMatchObject({ kind: 'read' });
    expect(await ask(sessionId, 3)).toBe('ok');
    // The page's copy (another frame in the same tab) replays the token: spent.
    expect(await h.codeOf(claim(sessionId, token, 4))).toBe('FORBIDDEN');
    expect(await ask(sessionId, 4)).toBe('FORBIDDEN');
    // Still ours after the refused attempt.
    expect(await ask(sessionId, 3)).toBe('ok');
  });

  it('unknown, guessed, expired and other-session tokens are refused', async () => {
    const clock = { t: Date.parse('2026-01-01T00:00:00Z') };
    const { h, issue, claim } = setup(clock);
    const a = await h.content('openReadSession', read);
    const b = await h.content('openReadSession', read);
    const tokenA = await issue(a.sessionId);
    const tokenB = await issue(b.sessionId);
    expect(await h.codeOf(claim(a.sessionId, '0'.repeat(32), 3))).toBe('FORBIDDEN');
    expect(await h.codeOf(claim(a.sessionId, tokenB, 3))).toBe('FORBIDDEN');
    expect(await h.codeOf(claim(a.sessionId, 'nope', 3))).toBe('BAD_REQUEST');
    clock.t += CLAIM_TTL_MS;
    expect(await h.codeOf(claim(a.sessionId, tokenA, 3))).toBe('FORBIDDEN');
    // A fresh token replaces an unspent one: only the latest mount can claim.
    const old = await issue(b.sessionId);
    const fresh = await issue(b.sessionId);
    expect(await h.codeOf(claim(b.sessionId, old, 3))).toBe('FORBIDDEN');
    expect(await h.codeOf(claim(b.sessionId, tokenB, 3))).toBe('FORBIDDEN');
    expect(await claim(b.sessionId, fresh, 3)).toMatchObject({ kind: 'read' });
  });

  it('a claim from another tab, the wrong page, a top-level document or a content script is refused', async () => {
    const { h, issue, claim, ask } = setup();
    const { sessionId } = await h.content('openReadSession', read);
    const token = await issue(sessionId);
    expect(await h.codeOf(claim(sessionId, token, 3, { tabId: 2 }))).toBe('FORBIDDEN');
    expect(await h.codeOf(claim(sessionId, token, 3, { page: 'compose.html' }))).toBe('FORBIDDEN');
    expect(await h.codeOf(claim(sessionId, token, 0))).toBe('FORBIDDEN');
    const viaContent = await h.bg.router.handle({ cachet: 1, type: 'claimFrame', payload: { sessionId, token } }, h.senders.content());
    expect(viaContent).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // None of those spent it: our own frame still claims.
    expect(await claim(sessionId, token, 3)).toMatchObject({ kind: 'read' });
    expect(await ask(sessionId, 3, { tabId: 2 })).toBe('FORBIDDEN');
  });

  it('only the content script (tab and frame) that opened the session gets tokens; pages and frames get none', async () => {
    const { h, issue } = setup();
    const { sessionId } = await h.content('openReadSession', read, h.senders.content(1, 4));
    expect(await h.codeOf(issue(sessionId))).toBe('FORBIDDEN');
    expect(await h.codeOf(issue(sessionId, h.senders.content(2, 4)))).toBe('FORBIDDEN');
    expect(await issue(sessionId, h.senders.content(1, 4))).toMatch(/^[0-9a-f]{32}$/);
    const fromFrame = await h.bg.router.handle({ cachet: 1, type: 'issueFrameClaim', payload: { sessionId } }, h.senders.frame('read.html', 3));
    expect(fromFrame).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await h.codeOf(issue('0f8fad5b-d9cb-469f-a165-70867728950e', h.senders.content(1, 4)))).toBe('FORBIDDEN');
  });

  it('remount: a new load claims with a fresh token, and the previous document is refused from then on', async () => {
    const { h, issue, claim, ask } = setup();
    const { sessionId } = await h.content('openReadSession', read);
    expect(await claim(sessionId, await issue(sessionId), 3, { documentId: 'DOC-A' })).toMatchObject({ kind: 'read' });
    expect(await ask(sessionId, 3, { documentId: 'DOC-A' })).toBe('ok');
    // Chromium: the same frame reloaded is a new document; without a claim it gets nothing.
    expect(await ask(sessionId, 3, { documentId: 'DOC-B' })).toBe('FORBIDDEN');
    expect(await claim(sessionId, await issue(sessionId), 3, { documentId: 'DOC-B' })).toMatchObject({ kind: 'read' });
    expect(await ask(sessionId, 3, { documentId: 'DOC-B' })).toBe('ok');
    expect(await ask(sessionId, 3, { documentId: 'DOC-A' })).toBe('FORBIDDEN');
    // Re-inserted element: a new frame id, claimed again; the old frame id is refused.
    expect(await claim(sessionId, await issue(sessionId), 9)).toMatchObject({ kind: 'read' });
    expect(await ask(sessionId, 9)).toBe('ok');
    expect(await ask(sessionId, 3, { documentId: 'DOC-B' })).toBe('FORBIDDEN');
  });

  it('a session update never undoes a newer binding; closing drops the binding with the session', async () => {
    const { h, issue, claim, ask } = setup();
    const { sessionId } = await h.content('openReadSession', read);
    await claim(sessionId, await issue(sessionId), 3);
    const s = await h.bg.context.mail.sessions.get(sessionId);
    await claim(sessionId, await issue(sessionId), 5);
    await h.bg.context.mail.sessions.update(s!);
    expect(await ask(sessionId, 5)).toBe('ok');
    expect(await ask(sessionId, 3)).toBe('FORBIDDEN');
    await h.content('closeSession', { sessionId });
    expect([...h.browser.storage.session.data.keys()].filter((k) => k.includes(sessionId))).toEqual([]);
    expect(await ask(sessionId, 5)).toBe('FORBIDDEN');
  });

  it('the answer that opens a session carries its first claim: single use, replaced by a newer one', async () => {
    const { h, issue, claim, ask } = setup();
    const opened = await h.content('openReadSession', read);
    expect(opened.claim).toMatch(/^[0-9a-f]{32}$/);
    // The first load of the frame spends it (no issueFrameClaim round trip after the load).
    expect(await claim(opened.sessionId, opened.claim, 3)).toMatchObject({ kind: 'read' });
    expect(await ask(opened.sessionId, 3)).toBe('ok');
    expect(await h.codeOf(claim(opened.sessionId, opened.claim, 4))).toBe('FORBIDDEN');
    // Not yet spent and a reload asked for a fresh one: the first is void.
    const other = await h.content('openReadSession', read);
    const fresh = await issue(other.sessionId);
    expect(await h.codeOf(claim(other.sessionId, other.claim, 5))).toBe('FORBIDDEN');
    expect(await claim(other.sessionId, fresh, 5)).toMatchObject({ kind: 'read' });
    // Compose sessions get theirs the same way.
    const compose = await h.content('openComposeSession', { adapter: 'generic', recipients: { to: [], cc: [], bcc: [] }, sender: null, quotedArmored: null });
    expect(await claim(compose.sessionId, compose.claim, 6, { page: 'compose.html' })).toEqual({ kind: 'compose' });
  });

  it('a read claim is answered with what getReadSession would say, so the frame does not have to ask', async () => {
    const { h, claim } = setup();
    const opened = await h.content('openReadSession', { ...read, sender: 'Alice <alice@example.org>' });
    const answer = await claim(opened.sessionId, opened.claim, 3);
    const info = await h.send('getReadSession', { sessionId: opened.sessionId }, h.senders.frame('read.html', 3, 1));
    expect(answer).toEqual({ kind: 'read', read: info });
    expect(info).toEqual({ kind: 'message', sender: 'Alice <alice@example.org>', locked: true });
  });
});
