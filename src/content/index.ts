/**
 * Content script entry: picks the adapter for this page (or frame: Roundcube's preview is an
 * iframe, so this also runs with all_frames), starts it, and stops everything on pagehide.
 * Never imports openpgp or preact: it handles ciphertext and view handles only.
 */
import { ext } from '../shared/api';
import { sendContent } from '../shared/messaging';
import type { MailContentProtocol } from '../shared/mail-protocol';
import { pickAdapter } from './adapters/registry';
import { createController } from './controller';
import { createPushListener } from './overlay/push-listener';

const RUN_FLAG = '__cachetContentRunning';

function main(): void {
  const w = window as unknown as Record<string, unknown>;
  // Injected again by scripting.executeScript after "Enable on this site": run once per document.
  if (w[RUN_FLAG]) return;
  w[RUN_FLAG] = true;

  const adapter = pickAdapter(document);
  const ac = new AbortController();
  const send = <K extends keyof MailContentProtocol>(type: K, payload: MailContentProtocol[K]['req']) =>
    sendContent(type, payload) as Promise<MailContentProtocol[K]['res']>;
  const controller = createController(adapter, send, ac.signal);
  const listener = createPushListener(ext.runtime.id, controller.isOwnSession, controller.pushes);
  // Returning nothing (undefined) from the listener: pushes need no reply.
  const onMessage = (message: unknown, sender: { id?: string; tab?: unknown }): void => {
    listener(message, sender);
  };
  ext.runtime.onMessage.addListener(onMessage);

  adapter.start({ doc: document, signal: ac.signal, onCompose: controller.onCompose, onRead: controller.onRead });
  window.addEventListener(
    'pagehide',
    () => {
      ac.abort();
      controller.stop();
      ext.runtime.onMessage.removeListener(onMessage);
      w[RUN_FLAG] = false;
    },
    { once: true },
  );
}

main();
// Back from the back/forward cache: the page is live again, so is Cachet.
window.addEventListener('pageshow', (e) => {
  if (e.persisted) main();
});
