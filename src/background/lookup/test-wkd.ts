/**
 * Test builds only (compiled in behind `__TEST__`): `storage.local.lookupTestWkd` maps a
 * WKD domain to a loopback origin serving its `.well-known/openpgpkey` tree with the
 * direct-method layout, so e2e tests serve WKD over real HTTP without DNS.
 */
import type { WkdBase } from '../../core/lookup/wkd';
import { standardWkdBase } from '../../core/lookup/wkd';
import type { StorageAreaLike } from '../browser-deps';

export async function testWkdBase(local: StorageAreaLike): Promise<WkdBase | undefined> {
  const map = (await local.get('lookupTestWkd')).lookupTestWkd;
  if (typeof map !== 'object' || map === null) return undefined;
  const origins = map as Record<string, unknown>;
  return (domain, method) => {
    const origin = origins[domain];
    if (typeof origin !== 'string' || !/^http:\/\/127\.0\.0\.1:\d+$/.test(origin)) return standardWkdBase(domain, method);
    // The advanced host "does not exist" on loopback: an unroutable port makes it fail like DNS does.
    return method === 'advanced' ? 'http://127.0.0.1:9/.well-known/openpgpkey' : `${origin}/.well-known/openpgpkey`;
  };
}
