/**
 * PI-03, content side: after each trusted load of OUR iframe a fresh claim token goes to that
 * iframe's window only, addressed to our exact extension origin (never '*'); loads the page
 * dispatches itself (untrusted) get nothing. The browser halves run in
 * test/e2e/security/page-isolation.test.ts.
 */
import { describe, expect, it, vi } from 'vitest';
import { deliverClaims, deliverFrameClaims, extensionOrigin, FIRST_CLAIM_MAX_AGE_MS, type PendingSession } from '../../../src/content/overlay/frame-claim';

const SESSION = '0f8fad5b-d9cb-469f-a165-70867728950e';
const ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';

function fakeIframe() {
  const listeners = new Set<(e: Event) => void>();
  const posted: Array<{ data: unknown; origin: string }> = [];
  const iframe = {
    addEventListener: (type: string, l: (e: Event) => void) => type === 'load' && listeners.add(l),
    removeEventListener: (type: string, l: (e: Event) => void) => type === 'load' && listeners.delete(l),
    contentWindow: { postMessage: (data: unknown, origin: string) => posted.push({ data, origin }) },
  };
  const load = (isTrusted: boolean) => {
    for (const l of listeners) l({ type: 'load', isTrusted } as Event);
  };
  return { iframe: iframe as unknown as HTMLIFrameElement, posted, load, listeners };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('PI-03: claim delivery into our iframe', () => {
  it('each trusted load gets a fresh token, posted to our exact origin only', async () => {
    const f = fakeIframe();
    let n = 0;
    const issue = vi.fn(async (id: string) => `${id === SESSION ? 'a' : 'b'}${String(++n).padStart(31, '0')}`);
    deliverFrameClaims(f.iframe, SESSION, issue, ORIGIN);
    f.load(true);
    await settle();
    f.load(true); // a remount / reload: a new document needs a new claim
    await settle();
    expect(issue).toHaveBeenCalledTimes(2);
    expect(f.posted).toEqual([
      { data: { cachetClaim: { sessionId: SESSION, token: `a${'1'.padStart(31, '0')}` } }, origin: ORIGIN },
      { data: { cachetClaim: { sessionId: SESSION, token: `a${'2'.padStart(31, '0')}` } }, origin: ORIGIN },
    ]);
    expect(f.posted.every((p) => p.origin !== '*')).toBe(true);
  });

  it('a load event the page dispatches (untrusted) issues and posts nothing; stop removes the listener', async () => {
    const f = fakeIframe();
    const issue = vi.fn(async () => 'c'.repeat(32));
    const stop = deliverFrameClaims(f.iframe, SESSION, issue, ORIGIN);
    f.load(false);
    await settle();
    expect(issue).not.toHaveBeenCalled();
    stop();
    expect(f.listeners.size).toBe(0);
  });

  it('a refused issue (session closed, background gone) posts nothing and throws nothing', async () => {
    const f = fakeIframe();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    deliverFrameClaims(f.iframe, SESSION, async () => Promise.reject(new Error('FORBIDDEN')), ORIGIN);
    f.load(true);
    await settle();
    expect(f.posted).toEqual([]);
    warn.mockRestore();
  });

  it('a frame mounted before its session is open: the first load waits for it and spends the token the opening answer carried', async () => {
    const f = fakeIframe();
    let open!: (s: PendingSession) => void;
    const session = new Promise<PendingSession>((r) => (open = r));
    const issue = vi.fn(async () => 'f'.repeat(32));
    deliverClaims(f.iframe, session, issue, ORIGIN);
    f.load(true); // the frame loaded first
    await settle();
    expect(f.posted).toEqual([]);
    open({ sessionId: SESSION, claim: 'e'.repeat(32) });
    await settle();
    expect(f.posted).toEqual([{ data: { cachetClaim: { sessionId: SESSION, token: 'e'.repeat(32) } }, origin: ORIGIN }]);
    expect(issue).not.toHaveBeenCalled();
    // A reload (remount) cannot reuse it: a fresh token from the background.
    f.load(true);
    await settle();
    expect(issue).toHaveBeenCalledTimes(1);
    expect(f.posted.at(-1)).toEqual({ data: { cachetClaim: { sessionId: SESSION, token: 'f'.repeat(32) } }, origin: ORIGIN });
  });

  it('a frame that loads long after the session opened gets a fresh token, not the one the background is about to expire', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const f = fakeIframe();
      const issue = vi.fn(async () => 'f'.repeat(32));
      deliverClaims(f.iframe, Promise.resolve({ sessionId: SESSION, claim: 'e'.repeat(32) }), issue, ORIGIN);
      await settle();
      vi.setSystemTime(Date.now() + FIRST_CLAIM_MAX_AGE_MS + 1);
      f.load(true);
      await settle();
      expect(issue).toHaveBeenCalledTimes(1);
      expect(f.posted).toEqual([{ data: { cachetClaim: { sessionId: SESSION, token: 'f'.repeat(32) } }, origin: ORIGIN }]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a session that never opens (refused, background gone) posts nothing', async () => {
    const f = fakeIframe();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const issue = vi.fn(async () => 'f'.repeat(32));
    deliverClaims(f.iframe, Promise.reject(new Error('FORBIDDEN')), issue, ORIGIN);
    f.load(true);
    await settle();
    expect(f.posted).toEqual([]);
    expect(issue).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('extensionOrigin is scheme://host, also for extension schemes', () => {
    expect(extensionOrigin(`${ORIGIN}/`)).toBe(ORIGIN);
    expect(extensionOrigin('moz-extension://5b1c6b6e-7f0a-4d7e-9a57-0d3f5f4c2b11/')).toBe('moz-extension://5b1c6b6e-7f0a-4d7e-9a57-0d3f5f4c2b11');
  });
});
