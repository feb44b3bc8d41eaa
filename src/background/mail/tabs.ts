/**
 * Pushes from the background to the content script of a session's tab. Only ciphertext,
 * heights and "closed" ever travel this way (mail-protocol.ts ContentPush): the page's
 * world could observe anything the content script holds.
 */
import { CachetError } from '../../core/errors';
import type { ContentPush } from '../../shared/mail-protocol';

/** The slice of `tabs` the mail handlers use (a fake in unit tests). */
export interface TabsLike {
  sendMessage(tabId: number, message: unknown, options?: { frameId?: number }): Promise<unknown>;
}

/** Wire form of a push; `cachetPush` tells it apart from request envelopes. */
export interface PushMessage<K extends keyof ContentPush = keyof ContentPush> {
  cachetPush: 1;
  type: K;
  payload: ContentPush[K];
}

export type Push = <K extends keyof ContentPush>(tabId: number, frameId: number, type: K, payload: ContentPush[K]) => Promise<void>;

export function createPush(tabs: TabsLike | undefined): Push {
  return async (tabId, frameId, type, payload) => {
    if (!tabs) throw new CachetError('INTERNAL', 'no tabs API');
    const message: PushMessage<typeof type> = { cachetPush: 1, type, payload };
    try {
      await tabs.sendMessage(tabId, message, { frameId });
    } catch {
      // The tab was closed or navigated away: the webmail view this session belonged to is gone.
      throw new CachetError('INTERNAL', 'the webmail view is gone; reopen it');
    }
  };
}
