/**
 * Who may use a session (PI-03/PI-04). The router has already decided the privilege;
 * this decides the instance:
 * - a content script may close only sessions its own tab opened;
 * - a frame must be our compose.html / read.html carrying exactly that session id in its
 *   hash, loaded in the tab that opened the session. Another tab's frame, our options page,
 *   or a frame of the right page holding another id are all refused.
 */
import type { Runtime } from 'webextension-polyfill';
import { CachetError } from '../../core/errors';
import type { ComposeSession, MailSession, ReadSession, SessionStore } from './session-store';

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

function frameMatches(sender: Runtime.MessageSender, session: MailSession): boolean {
  let url: URL;
  try {
    url = new URL(sender.url ?? '');
  } catch {
    return false;
  }
  return url.pathname === FRAME_PAGE[session.kind] && url.hash === `#${session.id}` && url.search === '' && sender.tab?.id === session.tabId;
}

export async function frameSession(store: SessionStore, sender: Runtime.MessageSender, id: string, kind: 'compose'): Promise<ComposeSession>;
export async function frameSession(store: SessionStore, sender: Runtime.MessageSender, id: string, kind: 'read'): Promise<ReadSession>;
export async function frameSession(store: SessionStore, sender: Runtime.MessageSender, id: string, kind: MailSession['kind']): Promise<MailSession> {
  const session = await store.get(id);
  if (!session || session.kind !== kind || !frameMatches(sender, session)) throw gone();
  return session;
}

/** Either kind of session, for requests both frames make (resize). */
export async function anyFrameSession(store: SessionStore, sender: Runtime.MessageSender, id: string): Promise<MailSession> {
  const session = await store.get(id);
  if (!session || !frameMatches(sender, session)) throw gone();
  return session;
}
