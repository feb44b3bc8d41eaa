/**
 * Connects an adapter's views to the background: a button per compose view, a viewer frame
 * per read block, and the pushes that come back. Holds session ids, frames and ciphertext only.
 */
import { ext } from '../shared/api';
import type { ContentPush, MailContentProtocol, SessionId } from '../shared/mail-protocol';
import type { Adapter, ComposeView, ReadBlock, ReadView } from './adapters/types';
import { wireToFile } from './dom/files';
import { mountButton } from './overlay/button';
import { mountFrame, type MountedFrame } from './overlay/frame';
import { mountNotice } from './overlay/notice';
import { msg } from './overlay/i18n';
import type { PushHandlers } from './overlay/push-listener';

type ContentCall = <K extends keyof MailContentProtocol>(
  type: K,
  payload: MailContentProtocol[K]['req'],
) => Promise<MailContentProtocol[K]['res']>;

interface Session {
  frame: MountedFrame;
  compose: ComposeView | null;
}

const COMPOSE_HEIGHT = 420;
const READ_HEIGHT = 160;

export interface Controller {
  onCompose(view: ComposeView): void;
  onRead(view: ReadView): void;
  /** What the compose button does on a user's click (trusted events only, see overlay/button.ts). */
  openCompose(view: ComposeView): Promise<void>;
  pushes: PushHandlers;
  isOwnSession(id: SessionId): boolean;
  /** Removes every frame and button and tells the background the sessions are gone. */
  stop(): void;
}

/** Our frame page's URL as this content script sees it (in Chromium the per-session dynamic URL). */
export type FrameUrl = (page: 'compose.html' | 'read.html') => string;
const ourFrameUrl: FrameUrl = (page) => ext.runtime.getURL(page);

export function createController(adapter: Adapter, send: ContentCall, signal: AbortSignal, frameUrl: FrameUrl = ourFrameUrl): Controller {
  const sessions = new Map<SessionId, Session>();
  /** Read sessions by armored text: a re-rendered block re-uses its session (never decrypted twice); null while opening. */
  const readByArmor = new Map<string, SessionId | null>();
  const buttons: Array<() => void> = [];
  const report = (e: unknown): void => console.warn('cachet:', e instanceof Error ? e.message : e);

  const close = (id: SessionId): void => {
    const s = sessions.get(id);
    if (!s) return;
    sessions.delete(id);
    s.frame.remove();
    void send('closeSession', { sessionId: id }).catch(() => undefined);
  };

  const openCompose = async (view: ComposeView): Promise<void> => {
    const open = [...sessions.values()].find((s) => s.compose?.id === view.id);
    if (open) return; // one secure editor per compose view
    const { sessionId, claim } = await send('openComposeSession', {
      adapter: adapter.id,
      recipients: view.getRecipients(),
      sender: view.getSender(),
      quotedArmored: view.getQuotedArmored(),
    });
    if (signal.aborted) return void send('closeSession', { sessionId }).catch(() => undefined);
    const frame = mountFrame(Promise.resolve({ sessionId, claim }), frameUrl('compose.html'), view.editorElement, COMPOSE_HEIGHT);
    sessions.set(sessionId, { frame, compose: view });
  };

  const openRead = async (view: ReadView, block: ReadBlock): Promise<void> => {
    const armored = typeof block.armored === 'string' ? block.armored : await block.armored();
    const known = readByArmor.get(armored);
    if (known === null) return; // being opened, its frame already mounted
    const existing = known ? sessions.get(known) : undefined;
    if (existing) {
      // Same ciphertext shown again after a re-render: move the frame, once.
      if (!existing.frame.iframe.isConnected) existing.frame.remount(block.element);
      return;
    }
    readByArmor.set(armored, null);
    // The frame is mounted while the background opens the session: its load (the longest step
    // of showing a message) overlaps the round trip; it gets its claim once both are done.
    const opened = send('openReadSession', { adapter: adapter.id, kind: block.kind, armored, sender: view.sender() });
    const frame = mountFrame(opened, frameUrl('read.html'), block.element, READ_HEIGHT);
    let sessionId: SessionId;
    try {
      ({ sessionId } = await opened);
    } catch (e) {
      readByArmor.delete(armored);
      frame.remove(); // the block is shown again as it was
      throw e;
    }
    readByArmor.set(armored, sessionId);
    sessions.set(sessionId, { frame, compose: null });
    if (signal.aborted) close(sessionId);
  };

  const pushes: PushHandlers = {
    composeResult: (p: ContentPush['composeResult']) => {
      const s = sessions.get(p.sessionId);
      if (!s?.compose) return;
      s.compose.writeBody(p.armored);
      const files = p.attachments.map(wireToFile);
      const anchor = s.compose.buttonAnchor;
      if (files.length > 0) {
        void s.compose.attachFiles(files).catch((e: unknown) => {
          report(e);
          // No upload path the page offers: the .pgp files (ciphertext) for download instead.
          if (!signal.aborted) buttons.push(mountNotice(anchor, msg('content_attach_failed'), files, msg('content_close')));
        });
      }
      close(p.sessionId); // the user now sees the ciphertext and sends with the webmail's button
    },
    composeClosed: (p) => close(p.sessionId),
    frameHeight: (p) => sessions.get(p.sessionId)?.frame.setHeight(p.height),
  };

  return {
    onCompose(view) {
      // The webmail re-rendered its compose body (new editor element) while our editor was open:
      // move the same frame over the new editor, once, and write the result there (as read does).
      for (const s of sessions.values()) {
        if (!s.compose || s.compose.id === view.id || (s.compose.root !== view.root && s.compose.root.isConnected)) continue;
        if (s.frame.iframe.isConnected && s.frame.target.isConnected) continue;
        if (s.frame.remount(view.editorElement)) s.compose = view;
      }
      const b = mountButton(view.buttonAnchor, msg('content_button_compose'), () => void openCompose(view).catch(report));
      buttons.push(b.remove);
    },
    onRead(view) {
      for (const block of view.blocks()) void openRead(view, block).catch(report);
    },
    openCompose,
    pushes,
    isOwnSession: (id) => sessions.has(id),
    stop() {
      for (const id of [...sessions.keys()]) close(id);
      for (const remove of buttons.splice(0)) remove();
    },
  };
}
