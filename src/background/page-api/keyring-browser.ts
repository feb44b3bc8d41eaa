/**
 * PageApiKeyringDeps from the running browser's extension API, read when first used (tests
 * run in Node). The confirmation window is an extension page in its own popup window
 * (`windows.create`, no permission needed): the page cannot draw over it or click in it.
 */
import { ext } from '../../shared/api';
import { openExtensionWindow } from '../extension-window';
import type { PageApiKeyringDeps } from './keyring-deps';

export function browserPageApiKeyringDeps(): PageApiKeyringDeps {
  return {
    session: ext.storage.session,
    local: ext.storage.local,
    openWindow: openExtensionWindow,
    windowExists: (windowId) => ext.windows.get(windowId).then(
      () => true,
      () => false,
    ),
    closeWindow: (windowId) => ext.windows.remove(windowId),
    pageUrl: (path) => ext.runtime.getURL(path),
    sendToTab: (tabId, message, frameId) => ext.tabs.sendMessage(tabId, message, { frameId }),
    broadcast: (message) => ext.runtime.sendMessage(message),
    // Optional: a browser (or test double) without the windows API has no windows to watch.
    onWindowRemoved: (listener) => ext.windows?.onRemoved.addListener(listener),
  };
}
