/** What the mail handlers share besides the key handlers' context. */
import type { StorageAreaLike } from '../browser-deps';
import { PayloadStore } from './payload-store';
import { SessionStore } from './session-store';
import { createPush, type Push, type TabsLike } from './tabs';

export interface MailContext {
  sessions: SessionStore;
  push: Push;
  /** `runtime.getURL('')`, ending with a slash. */
  extensionUrl: string;
}

export function createMailContext(o: {
  session: StorageAreaLike;
  tabs: TabsLike | undefined;
  extensionUrl: string;
  dbName?: string;
  now: () => number;
}): MailContext {
  const payloads = new PayloadStore(o.dbName === undefined ? undefined : `${o.dbName}-mail`);
  return {
    sessions: new SessionStore(o.session, payloads, o.now),
    push: createPush(o.tabs),
    extensionUrl: o.extensionUrl.endsWith('/') ? o.extensionUrl : `${o.extensionUrl}/`,
  };
}
