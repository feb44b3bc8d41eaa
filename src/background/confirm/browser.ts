/** ConfirmDeps from the running browser's extension API, read when first used (tests run in Node). */
import { ext } from '../../shared/api';
import { openExtensionWindow } from '../extension-window';
import type { ConfirmDeps } from './deps';

export function browserConfirmDeps(): ConfirmDeps {
  return {
    session: ext.storage.session,
    openWindow: openExtensionWindow,
    closeWindow: (windowId) => ext.windows.remove(windowId),
    broadcast: (message) => ext.runtime.sendMessage(message),
    // Optional: a browser (or test double) without the windows API has no windows to watch.
    onWindowRemoved: (listener) => ext.windows?.onRemoved.addListener(listener),
  };
}
