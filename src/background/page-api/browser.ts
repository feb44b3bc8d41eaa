/** PageApiDeps from the running browser's extension API, read when first used (tests run in Node). */
import { ext } from '../../shared/api';
import type { PageApiDeps } from './deps';

export function browserPageApiDeps(): PageApiDeps {
  return {
    scripting: ext.scripting as unknown as PageApiDeps['scripting'],
    permissions: ext.permissions,
    local: ext.storage.local,
    session: ext.storage.session,
    sendToTab: (tabId, message, frameId) => ext.tabs.sendMessage(tabId, message, { frameId }),
    broadcast: (message) => ext.runtime.sendMessage(message),
    openOptionsPage: () => ext.runtime.openOptionsPage(),
  };
}
