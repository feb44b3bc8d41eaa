/**
 * Who may use a session (PI-03/PI-04). The router has already decided the privilege;
 * this decides the instance:
 * - a content script may close only sessions its own tab opened;
 * - a frame must be our compose.html / read.html, in the tab that opened the session, and
 *   the very frame document that claimed the session (tab + frameId, and Chromium's
 *   `documentId`). The frame URL carries no session id: after each load of ITS iframe the
 *   content script that opened the session asks for a fresh claim token (issueFrameClaim)
 *   and posts `{sessionId, token}` into that iframe only, with targetOrigin = our origin
 *   (content/overlay/frame-claim.ts). The frame spends the token once (claimFrame) and the
 *   session is bound to it; the previous document, a copy the page framed itself, another
 *   tab's frame, our options page, or a frame bound to another session are all refused.
 */
import type { Runtime } from 'webextension-polyfill';
import { CachetError } from '../../core/errors';
import { CLAIM_TTL_MS, claimValid, documentIdOf, isBoundFrame, isOurSubframe, newToken } from './claim-token';
import type { ComposeSession, FrameState, MailSession, ReadSession, SessionStore } from './session-store';

const FRAME_PAGE = { compose: '/compose.html', read: '/read.html' } as const;

export function gone(): CachetError {
  return new CachetError('FORBIDDEN', 'this view has expired or is not yours; close it and open the message again');
}

/** The tab and frame of a content-script sender. */
export function contentOrigin(sender: Runtime.MessageSender): { tabId: number; frameId: number } {
  const tabId = sender.tab?.id;
  if (typeof tabId !== 'number' || tabId < 0) throw new CachetError('FORBIDDEN', 'no tab');
  return { tabId, frameId: typeof sender.frameId === 'number' ? sender.frameId : 0 };
}

/** Our frame page for this kind of session, as a subframe (frameId > 0) of the session's tab. */
function isOurFrame(sender: Runtime.MessageSender, session: MailSession): boolean {
  return isOurSubframe(sender, FRAME_PAGE[session.kind], session.tabId);
}

function frameMatches(sender: Runtime.MessageSender, session: MailSession, state: FrameState): boolean {
  return isOurFrame(sender, session) && state.bound?.tabId === session.tabId && isBoundFrame(sender, state.bound);
}

/**
 * A content script asks for a claim token for ITS session's frame (after each load of that
 * iframe). Only the tab and frame that opened the session get one; a new token replaces an
 * unspent one, so only the latest mount can claim.
 */
export async function issueFrameClaim(store: SessionStore, sender: Runtime.MessageSender, id: string): Promise<string> {
  const { tabId, frameId } = contentOrigin(sender);
  const session = await store.get(id);
  if (!session || session.tabId !== tabId || session.frameId !== frameId) throw gone();
  return pendingClaim(store, id);
}

/**
 * A new claim token for session `id`'s frame, replacing any unspent one. The content script
 * that opens a session gets the first one with the answer (it mounts the frame meanwhile).
 */
export async function pendingClaim(store: SessionStore, id: string): Promise<string> {
  const token = newToken();
  const state = await store.frame(id);
  await store.setFrame(id, { ...state, pending: { token, expiresAt: store.now() + CLAIM_TTL_MS } });
  return token;
}

/**
 * Our frame spends the token it was handed: the session is now bound to this frame document
 * (and no longer to any earlier one). Unknown, expired, reused or another session's tokens,
 * and frames of the wrong page or tab, are refused with the usual "gone" error.
 */
export async function claimFrame(store: SessionStore, sender: Runtime.MessageSender, id: string, token: string): Promise<MailSession> {
  const session = await store.get(id);
  if (!session || !isOurFrame(sender, session)) throw gone();
  const state = await store.frame(id);
  if (!claimValid(state.pending, token, store.now())) throw gone();
  const bound = { tabId: session.tabId, frameId: sender.frameId as number, documentId: documentIdOf(sender) };
  await store.setFrame(id, { pending: null, bound });
  return session;
}

export async function frameSession(store: SessionStore, sender: Runtime.MessageSender, id: string, kind: 'compose'): Promise<ComposeSession>;
export async function frameSession(store: SessionStore, sender: Runtime.MessageSender, id: string, kind: 'read'): Promise<ReadSession>;
export async function frameSession(store: SessionStore, sender: Runtime.MessageSender, id: string, kind: MailSession['kind']): Promise<MailSession> {
  const session = await store.get(id);
  if (!session || session.kind !== kind || !frameMatches(sender, session, await store.frame(id))) throw gone();
  return session;
}

/** Either kind of session, for requests both frames make (resize). */
export async function anyFrameSession(store: SessionStore, sender: Runtime.MessageSender, id: string): Promise<MailSession> {
  const session = await store.get(id);
  if (!session || !frameMatches(sender, session, await store.frame(id))) throw gone();
  return session;
}
