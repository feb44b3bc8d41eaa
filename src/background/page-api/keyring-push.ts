/** Pushes of the keyring calls to the bridge that asked (public data only). */
import type { PageApiImportStatus, PageApiKeyringPush } from '../../shared/page-api-keyring-protocol';
import type { PageApiKeyringDeps } from './keyring-deps';
import type { PendingImport } from './keyring-state';

export async function pushToBridge<K extends keyof PageApiKeyringPush>(d: PageApiKeyringDeps, tabId: number, frameId: number, type: K, payload: PageApiKeyringPush[K]): Promise<void> {
  // The webmail tab may be gone: the decision stands, nobody is left to tell.
  await d.sendToTab(tabId, { cachetPageApiPush: 1, type, payload }, frameId).catch(() => undefined);
}

export function pushKeyImport(d: PageApiKeyringDeps, p: PendingImport, status: PageApiImportStatus): Promise<void> {
  return pushToBridge(d, p.tabId, p.frameId, 'keyImport', { requestId: p.requestId, status });
}
