/**
 * PI-03 claim delivery inside our frames: the content script posts the claim right after the
 * frame's trusted `load`. The frame must already listen then — a listener added from a Preact
 * effect (run after paint) lost claims that came first, and the frame showed its error state
 * (seen in CI under load: Firefox read frames without their Decrypt button).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Claim } from '../../../src/pages/read/frame-session';

type Session = typeof import('../../../src/pages/read/frame-session');

const SESSION = '3f2b6c1e-9a4d-4e2f-8b7a-1c2d3e4f5a6b';
const TOKEN = '0123456789abcdef0123456789abcdef';

/** A frame window whose parent is `parent`, delivering `message` events like a browser. */
function frameWindow(parent: object): Window {
  const target = new EventTarget();
  return Object.assign(target, { parent }) as unknown as Window;
}

function post(win: Window, data: unknown, source: unknown): void {
  const e = new Event('message') as Event & { data: unknown; source: unknown };
  Object.defineProperty(e, 'data', { value: data });
  Object.defineProperty(e, 'source', { value: source });
  win.dispatchEvent(e);
}

describe('frame claim listener', () => {
  let session: Session;
  beforeEach(async () => {
    vi.resetModules();
    vi.useFakeTimers();
    session = await import('../../../src/pages/read/frame-session');
  });
  afterEach(() => vi.useRealTimers());

  it('spends a claim that arrives before anything is rendered', async () => {
    const parent = {};
    const win = frameWindow(parent);
    const spent: Claim[] = [];
    session.startClaimListener(win, async (c) => void spent.push(c));
    post(win, { cachetClaim: { sessionId: SESSION, token: TOKEN } }, parent);
    await vi.waitFor(() => expect(session.claimedSessionId()).toBe(SESSION));
    expect(spent).toEqual([{ sessionId: SESSION, token: TOKEN }]);
    // The wait ending later does not turn a claimed frame into an error.
    vi.advanceTimersByTime(session.CLAIM_WAIT_MS + 1);
    expect(session.claimedSessionId()).toBe(SESSION);
  });

  it('ignores claims from anything but its parent, and garbage', async () => {
    const parent = {};
    const win = frameWindow(parent);
    const spend = vi.fn(async () => undefined);
    session.startClaimListener(win, spend);
    post(win, { cachetClaim: { sessionId: SESSION, token: TOKEN } }, {}); // a sibling or the frame itself
    post(win, { cachetClaim: { sessionId: SESSION, token: 'nope' } }, parent);
    post(win, 'cachetClaim', parent);
    await vi.advanceTimersByTimeAsync(10);
    expect(spend).not.toHaveBeenCalled();
    expect(session.claimedSessionId()).toBeNull();
  });

  it('a refused claim leaves the frame unclaimed; the next good one still wins', async () => {
    const parent = {};
    const win = frameWindow(parent);
    const spend = vi.fn(async (c: Claim) => {
      if (c.token !== TOKEN) throw new Error('FORBIDDEN');
    });
    session.startClaimListener(win, spend);
    post(win, { cachetClaim: { sessionId: SESSION, token: 'f'.repeat(32) } }, parent);
    await vi.advanceTimersByTimeAsync(1);
    expect(session.claimedSessionId()).toBeNull();
    post(win, { cachetClaim: { sessionId: SESSION, token: TOKEN } }, parent);
    await vi.waitFor(() => expect(session.claimedSessionId()).toBe(SESSION));
    expect(spend).toHaveBeenCalledTimes(2);
  });

  it('is started once: a second start adds no second listener', async () => {
    const parent = {};
    const win = frameWindow(parent);
    const spend = vi.fn(async () => undefined);
    session.startClaimListener(win, spend);
    session.startClaimListener(win, spend);
    post(win, { cachetClaim: { sessionId: SESSION, token: TOKEN } }, parent);
    await vi.waitFor(() => expect(session.claimedSessionId()).toBe(SESSION));
    expect(spend).toHaveBeenCalledTimes(1);
  });
});
