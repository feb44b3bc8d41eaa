/**
 * What both of our webmail frames (compose.html, read.html) share: getting the session this
 * frame document is bound to, and telling the content script our height.
 *
 * The URL carries no session id (SECURITY.md PI-03): a page could read our iframe's `src` and
 * frame a live copy. Instead the content script that mounted us posts, after each load, a
 * single-use claim `{ cachetClaim: { sessionId, token } }` to us with targetOrigin = our origin
 * (content/overlay/frame-claim.ts argues why the page can neither read nor forge it). We spend
 * it with `claimFrame`; the background then answers this document only (for a read frame, the
 * answer also says what the session is). The message is used
 * as a bearer token and nothing else: no control ever comes through window.postMessage
 * (PI-02), a forged claim is refused by the background and only shows our error state.
 */
import { useEffect, useState } from 'preact/hooks';
import { CLAIM_TOKEN_PATTERN, SESSION_ID_PATTERN } from '../../shared/frame-claim-protocol';
import { call, RpcError, type Res } from '../lib/rpc';

/** How long a frame waits for its claim before it shows its error state (a late claim still wins). */
export const CLAIM_WAIT_MS = 6000;
/** Claims tried per document: ours comes once per load; anything beyond is the page's noise. */
const MAX_CLAIMS = 8;

export interface Claim {
  sessionId: string;
  token: string;
}

let claimed: string | null = null;
let claimAnswer: Res<'claimFrame'> | null = null;

/** The session this document claimed, or null (not yet, or refused). Read by the apps the gate renders. */
export function claimedSessionId(): string | null {
  return claimed;
}

/** For a read session, what the claim's answer said about it (what getReadSession answers), or null. */
export function claimedReadInfo(): NonNullable<Res<'claimFrame'>['read']> | null {
  return claimAnswer?.read ?? null;
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

let claimState: ClaimState = 'waiting';
const subscribers = new Set<(s: ClaimState) => void>();
let listening = false;

function setClaimState(s: ClaimState): void {
  claimState = s;
  for (const notify of subscribers) notify(s);
}

/**
 * Starts listening for our content script's claim; idempotent. The entry scripts call it when
 * they run, that is before this document's `load`: the content script posts the claim only
 * after that trusted `load`, so it cannot arrive before the listener exists. (Listening from a
 * Preact effect, run after paint, lost the claim whenever the effect came late — a loaded
 * machine, a throttled frame — and the frame then showed its error state.)
 */
export function startClaimListener(win: Window = window, claimFrame: (c: Claim) => Promise<Res<'claimFrame'> | unknown> = (c) => call('claimFrame', c)): void {
  if (listening || claimed) return;
  listening = true;
  let tries = 0;
  const spend = async (c: Claim): Promise<unknown> => {
    try {
      return await claimFrame(c);
    } catch (e) {
      // The background stopped while answering: the token is kept in storage.session, try once more.
      if (!(e instanceof RpcError && e.code === 'BACKGROUND_RESTARTED')) throw e;
      return claimFrame(c);
    }
  };
  const timer = setTimeout(() => {
    if (claimState === 'waiting') setClaimState('refused');
  }, CLAIM_WAIT_MS);
  const claim = (c: Claim): void => {
    if (claimed || tries >= MAX_CLAIMS) return;
    tries++;
    spend(c).then(
      (answer) => {
        if (claimed) return;
        claimed = c.sessionId;
        claimAnswer = isClaimAnswer(answer) ? answer : null;
        clearTimeout(timer);
        win.removeEventListener('message', onClaim);
        setClaimState('claimed');
      },
      () => {
        if (!claimed) setClaimState('refused');
      },
    );
  };
  // The only thing this listener does: hand a well-formed claim to the background.
  const onClaim = (e: MessageEvent): void => {
    if (e.source !== win.parent) return;
    const c = parseClaim(e.data);
    if (c) claim(c);
  };
  win.addEventListener('message', onClaim);
}

function isClaimAnswer(x: unknown): x is Res<'claimFrame'> {
  return typeof x === 'object' && x !== null && typeof (x as { kind?: unknown }).kind === 'string';
}

/** This document's claim state, re-rendering on change; 'refused' after a refusal or CLAIM_WAIT_MS. */
export function useFrameClaim(): ClaimState {
  startClaimListener();
  const [state, setState] = useState<ClaimState>(claimState);
  useEffect(() => {
    subscribers.add(setState);
    setState(claimState); // anything that changed between render and this effect
    return () => void subscribers.delete(setState);
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
