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

/** A claim token lives this long: the content script posts it right after the frame loaded. */
export const CLAIM_TTL_MS = 60_000;

/** 128 random bits, hex. */
function newToken(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Compares without an early exit (the token is a bearer secret). */
function sameToken(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** Our frame page for this kind of session, as a subframe (frameId > 0) of the session's tab. */
function isOurFrame(sender: Runtime.MessageSender, session: MailSession): boolean {
  let url: URL;
  try {
    url = new URL(sender.url ?? '');
  } catch {
    return false;
  }
  const frameId = sender.frameId;
  return url.pathname === FRAME_PAGE[session.kind] && url.search === '' && sender.tab?.id === session.tabId && typeof frameId === 'number' && frameId > 0;
}

/** Chromium names each document (`documentId`, Chrome 106+); Firefox does not, there the frameId alone binds. */
function documentIdOf(sender: Runtime.MessageSender): string | null {
  const d = (sender as { documentId?: unknown }).documentId;
  return typeof d === 'string' && d.length > 0 ? d : null;
}

function frameMatches(sender: Runtime.MessageSender, session: MailSession, state: FrameState): boolean {
  const b = state.bound;
  if (!b || !isOurFrame(sender, session)) return false;
  return b.tabId === session.tabId && b.frameId === sender.frameId && (b.documentId === null || b.documentId === documentIdOf(sender));
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
  const p = state.pending;
  if (!p || p.expiresAt <= store.now() || !sameToken(p.token, token)) throw gone();
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
