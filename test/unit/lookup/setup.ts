/** A background (fake browser, fake-indexeddb) plus lookup handlers wired to a loopback directory. */
import { lookupContentHandlers, lookupHandlers } from '../../../src/background/handlers/lookup';
import type { LookupDeps } from '../../../src/background/lookup/deps';
import { LookupService } from '../../../src/background/lookup/service';
import type { WkdBase } from '../../../src/core/lookup/wkd';
import { backgroundHarness } from '../background/harness';
import { deadPort } from '../core/lookup/http-server';
import { startDirectory } from './directory-server';

export async function lookupSetup(o: { vault?: boolean } = {}) {
  const h = backgroundHarness();
  const dir = await startDirectory();
  const dead = await deadPort();
  // WKD for every domain goes to the directory server (direct method; advanced host "missing").
  const wkdBase: WkdBase = (_domain, method) => (method === 'advanced' ? `http://127.0.0.1:${dead}` : `${dir.server.base}/.well-known/openpgpkey`);
  const vaultUrl = o.vault === false ? null : dir.server.base;
  const deps: LookupDeps = {
    keystore: () => h.bg.context.keystore(),
    vaultUrl: async () => vaultUrl,
    local: h.browser.storage.local,
    alarms: h.browser.alarms,
    fetch: (url, init) => fetch(url, init),
    now: () => new Date(),
    dbName: `${h.dbName}-lookup`,
    wkdBase: async () => wkdBase,
  };
  const status = async () => ({ connected: vaultUrl !== null, url: vaultUrl, email: null, lastSyncAt: null, lastError: null, pending: 0 });
  const page = lookupHandlers(h.bg.context, { status }, deps);
  const content = lookupContentHandlers(h.bg.context, deps);
  const svc = new LookupService(deps);
  return { h, dir, dead, deps, page, content, svc, close: () => dir.server.close() };
}
