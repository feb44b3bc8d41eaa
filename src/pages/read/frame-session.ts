/**
 * What both of our webmail frames (compose.html, read.html) share: getting the session this
 * frame document is bound to, and telling the content script our height.
 *
 * The URL carries no session id (SECURITY.md PI-03): a page could read our iframe's `src` and
 * frame a live copy. Instead the content script that mounted us posts, after each load, a
 * single-use claim `{ cachetClaim: { sessionId, token } }` to us with targetOrigin = our origin
 * (content/overlay/frame-claim.ts argues why the page can neither read nor forge it). We spend
 * it with `claimFrame`; the background then answers this document only. The message is used
 * as a bearer token and nothing else: no control ever comes through window.postMessage
 * (PI-02), a forged claim is refused by the background and only shows our error state.
 */
import { useEffect, useState } from 'preact/hooks';
import { CLAIM_TOKEN_PATTERN, SESSION_ID_PATTERN } from '../../shared/frame-claim-protocol';
import { call, RpcError } from '../lib/rpc';

/** How long a frame waits for its claim before it shows its error state (a late claim still wins). */
export const CLAIM_WAIT_MS = 6000;
/** Claims tried per document: ours comes once per load; anything beyond is the page's noise. */
const MAX_CLAIMS = 8;

interface Claim {
  sessionId: string;
  token: string;
}

let claimed: string | null = null;

/** The session this document claimed, or null (not yet, or refused). Read by the apps the gate renders. */
export function claimedSessionId(): string | null {
  return claimed;
}

/** A well-formed claim message, or null (anything else the page posts). */
export function parseClaim(data: unknown): Claim | null {
  if (typeof data !== 'object' || data === null) return null;
  const c = (data as { cachetClaim?: unknown }).cachetClaim;
  if (typeof c !== 'object' || c === null) return null;
  const { sessionId, token } = c as Record<string, unknown>;
  if (typeof sessionId !== 'string' || typeof token !== 'string') return null;
  return SESSION_ID_PATTERN.test(sessionId) && CLAIM_TOKEN_PATTERN.test(token) ? { sessionId, token } : null;
}

export type ClaimState = 'waiting' | 'refused' | 'claimed';

/** Listens for our content script's claim and spends it; 'refused' after a refusal or CLAIM_WAIT_MS. */
export function useFrameClaim(): ClaimState {
  const [state, setState] = useState<ClaimState>(claimed ? 'claimed' : 'waiting');
  useEffect(() => {
    if (claimed) return;
    let done = false;
    let tries = 0;
    const spend = async (c: Claim): Promise<void> => {
      try {
        await call('claimFrame', c);
      } catch (e) {
        // The background stopped while answering: the token is kept in storage.session, try once more.
        if (!(e instanceof RpcError && e.code === 'BACKGROUND_RESTARTED')) throw e;
        await call('claimFrame', c);
      }
    };
    const claim = (c: Claim): void => {
      if (done || tries >= MAX_CLAIMS) return;
      tries++;
      spend(c).then(
        () => {
          if (done) return;
          done = true;
          claimed = c.sessionId;
          setState('claimed');
        },
        () => {
          if (!done) setState('refused');
        },
      );
    };
    // The only thing this listener does: hand a well-formed claim to the background.
    const onClaim = (e: MessageEvent) => {
      if (e.source !== window.parent) return;
      const c = parseClaim(e.data);
      if (c) claim(c);
    };
    window.addEventListener('message', onClaim);
    const timer = setTimeout(() => {
      if (!done) setState((s) => (s === 'waiting' ? 'refused' : s));
    }, CLAIM_WAIT_MS);
    return () => {
      done = true;
      clearTimeout(timer);
      window.removeEventListener('message', onClaim);
    };
  }, []);
  return state;
}

/** Reports the document height whenever it changes (ResizeObserver, no polling). */
export function useAutoResize(sessionId: string | null): void {
  useEffect(() => {
    if (!sessionId) return;
    let last = -1;
    let frame = 0;
    const report = () => {
      frame = 0;
      const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
      if (height === last) return;
      last = height;
      void call('resizeFrame', { sessionId, height }).catch(() => undefined);
    };
    const observer = new ResizeObserver(() => {
      if (frame === 0) frame = requestAnimationFrame(report);
    });
    observer.observe(document.documentElement);
    return () => {
      observer.disconnect();
      if (frame !== 0) cancelAnimationFrame(frame);
    };
  }, [sessionId]);
}
