/** ConfirmDeps from the running browser's extension API, read when first used (tests run in Node). */
import { ext } from '../../shared/api';
import type { ConfirmDeps } from './deps';

const WINDOW = { width: 520, height: 640 } as const;

export function browserConfirmDeps(): ConfirmDeps {
  return {
    session: ext.storage.session,
    async openWindow(path) {
      const w = await ext.windows.create({ url: ext.runtime.getURL(path), type: 'popup', focused: true, ...WINDOW });
      return typeof w.id === 'number' ? w.id : null;
    },
    closeWindow: (windowId) => ext.windows.remove(windowId),
    broadcast: (message) => ext.runtime.sendMessage(message),
    // Optional: a browser (or test double) without the windows API has no windows to watch.
    onWindowRemoved: (listener) => ext.windows?.onRemoved.addListener(listener),
  };
}
