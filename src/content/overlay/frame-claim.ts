/**
 * Hands our iframe its session (SECURITY.md PI-03). The frame URL carries no session id, so
 * a page that reads our iframe's `src` and frames a copy gets a frame that owns nothing.
 *
 * After every trusted `load` of OUR iframe element (first mount, a remount re-inserting it,
 * any reload) we post `{ cachetClaim: { sessionId, token } }` to `iframe.contentWindow` with
 * targetOrigin = our extension origin. The first token comes with the answer that opened the
 * session (no round trip after the load); each later one is fresh from the background
 * (issueFrameClaim). Why the page can neither read nor forge it:
 * - the browser delivers a message with an exact targetOrigin only if the document in that
 *   window is of that origin: if the page navigated our iframe elsewhere, it is dropped;
 * - a message to a cross-origin window is seen only by that window; the page cannot listen
 *   in on it, and this isolated world's `contentWindow`/`postMessage` are not the page's
 *   (Chromium's isolated world, Firefox's Xray wrappers), so patching them changes nothing;
 * - `load` events the page dispatches itself are untrusted and ignored;
 * - the token is 128 random bits, single use, replaced by the next one, expires in a minute,
 *   and binds the session to the claiming frame document (background/mail/binding.ts).
 * This is a one-way delivery of a bearer token, not control: every request still goes over
 * runtime messaging and is checked in the background (PI-02).
 */
import { ext } from '../../shared/api';
import { sendContent } from '../../shared/messaging';
import type { FrameClaimMessage } from '../../shared/frame-claim-protocol';
import type { SessionId } from '../../shared/mail-protocol';

/** How long the token that came with the session's opening is used; the background's lifetime is 60 s. */
export const FIRST_CLAIM_MAX_AGE_MS = 45_000;

/** Asks the background for a claim token for this session's frame. */
export type ClaimIssuer = (sessionId: SessionId) => Promise<string>;

export const issueClaim: ClaimIssuer = async (sessionId) => (await sendContent('issueFrameClaim', { sessionId })).token;

/** `scheme://host` of our pages (WHATWG gives "null" for extension schemes in some engines). */
export function extensionOrigin(base: string = ext.runtime.getURL('')): string {
  const u = new URL(base);
  return `${u.protocol}//${u.host}`;
}

/**
 * The session a mounted iframe belongs to, possibly not known yet (the content script mounts
 * the frame while the background opens the session), and the first claim token the opening
 * answer carried (spent on the first delivery; later loads ask `issue` for a fresh one).
 */
export interface PendingSession {
  sessionId: SessionId;
  claim: string | null;
}

/**
 * Delivers a claim to `iframe` after each of its trusted loads; returns the listener's remover.
 * Failures (the session closed, the background gone) leave the frame unclaimed: it then shows
 * its error state by itself.
 */
export function deliverClaims(iframe: HTMLIFrameElement, session: Promise<PendingSession>, issue: ClaimIssuer = issueClaim, origin?: string): () => void {
  let first: string | null | undefined; // undefined until the session is known; null once spent
  let firstAt = 0;
  session.then(() => (firstAt = Date.now()), () => undefined);
  const onLoad = (e: Event): void => {
    if (!e.isTrusted) return;
    void (async () => {
      const s = await session;
      if (first === undefined) first = s.claim;
      // The background keeps a token for CLAIM_TTL_MS (60 s): an older one (a frame that took
      // that long to load) is replaced by a fresh one rather than refused.
      const token = first && Date.now() - firstAt < FIRST_CLAIM_MAX_AGE_MS ? first : await issue(s.sessionId);
      first = null;
      const target = iframe.contentWindow;
      if (!target) return;
      const message: FrameClaimMessage = { cachetClaim: { sessionId: s.sessionId, token } };
      target.postMessage(message, origin ?? extensionOrigin());
    })().catch((err: unknown) => console.warn('cachet: frame claim', err instanceof Error ? err.message : err));
  };
  iframe.addEventListener('load', onLoad);
  return () => iframe.removeEventListener('load', onLoad);
}

/** The same for a session known already (page-API containers): every claim is a fresh token. */
export function deliverFrameClaims(iframe: HTMLIFrameElement, sessionId: SessionId, issue: ClaimIssuer = issueClaim, origin?: string): () => void {
  return deliverClaims(iframe, Promise.resolve({ sessionId, claim: null }), issue, origin);
}
