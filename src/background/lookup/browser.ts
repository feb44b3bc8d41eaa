/** LookupDeps from the running browser (read when first used, not at import: tests run in Node). */
import { ext } from '../../shared/api';
import type { WkdBase } from '../../core/lookup/wkd';
import type { Keystore } from '../keystore/keystore';
import type { VaultEngine } from '../vault/engine';
import type { LookupDeps } from './deps';
import { testWkdBase } from './test-wkd';

declare const __TEST__: boolean;

export function browserLookupDeps(keystore: () => Promise<Keystore>, vault: Pick<VaultEngine, 'status'>): LookupDeps {
  return {
    keystore,
    vaultUrl: async () => {
      const s = await vault.status();
      return s.connected ? s.url : null;
    },
    local: ext.storage.local,
    alarms: ext.alarms,
    // Plain CORS fetch: WKD hosts and keys.openpgp.org answer with Access-Control-Allow-Origin: *,
    // so no host permission is needed; credentials are never sent to key servers.
    fetch: (url, init) => fetch(url, { ...init, credentials: 'omit', cache: 'no-store' }),
    now: () => new Date(),
    // Only the e2e build may redirect WKD domains to loopback servers.
    ...(typeof __TEST__ !== 'undefined' && __TEST__ ? { wkdBase: (): Promise<WkdBase | undefined> => testWkdBase(ext.storage.local) } : {}),
  };
}
