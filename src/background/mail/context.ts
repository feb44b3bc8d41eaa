/** What the mail handlers share besides the key handlers' context. */
import type { StorageAreaLike } from '../browser-deps';
import { PayloadStore } from './payload-store';
import { SessionStore } from './session-store';
import { createPush, type Push, type TabsLike } from './tabs';

export interface MailContext {
  sessions: SessionStore;
  /** `storage.session` itself, for small per-session records (e.g. sign-only approvals, PI-03). */
  area: StorageAreaLike;
  push: Push;
  /**
   * URL of our frame page (`compose.html` / `read.html`): `runtime.getURL(page)`, which with
   * `use_dynamic_url` is the per-session dynamic origin the page must load it from.
   */
  frameUrl(page: 'compose.html' | 'read.html'): string;
}

export function createMailContext(o: {
  session: StorageAreaLike;
  tabs: TabsLike | undefined;
  extensionUrl: string;
  /** `runtime.getURL`; without it the frame URL is built from extensionUrl (unit tests). */
  getURL?: (path: string) => string;
  dbName?: string;
  now: () => number;
}): MailContext {
  const payloads = new PayloadStore(o.dbName === undefined ? undefined : `${o.dbName}-mail`);
  return {
    sessions: new SessionStore(o.session, payloads, o.now),
    area: o.session,
    push: createPush(o.tabs),
    frameUrl: (page) => (o.getURL ? o.getURL(page) : `${o.extensionUrl.replace(/\/?$/, '/')}${page}`),
  };
}
