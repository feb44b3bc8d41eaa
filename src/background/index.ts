/**
 * Background entry (Chrome service worker, Firefox event page). Wiring only; listeners
 * are registered synchronously at top level so a restarted worker gets its events.
 * No onMessageExternal / onConnectExternal listener exists on purpose (PI-05).
 */
import { ext } from '../shared/api';
import { createBackground } from './app';
import { browserSitesDeps } from './sites/browser';
import { ensureSiteScripts } from './sites/sites';
import { browserPageApiDeps } from './page-api/browser';
import { ensurePageApiScripts } from './page-api/sites';
import { deviceName } from './vault/device-name';
import { browserLookupDeps } from './lookup/browser';
import { onLookupAlarm, scheduleRefresh } from './lookup/refresh';
import { LookupService } from './lookup/service';
import { installTestHooks } from './test-hooks';
import { ensureSecurityToken } from './security-token';
import { browserSecurityTokenDeps } from './security-token-browser';

declare const __TEST__: boolean;

const background = createBackground({
  runtimeId: ext.runtime.id,
  extensionUrl: ext.runtime.getURL(''),
  version: ext.runtime.getManifest().version,
  local: ext.storage.local,
  session: ext.storage.session,
  alarms: ext.alarms,
  tabs: ext.tabs,
  getURL: (path) => ext.runtime.getURL(path),
  // `navigator` exists in workers and event pages (not in Node 20, where tests import this).
  vault: { deviceName: deviceName(globalThis.navigator?.userAgent ?? '') },
});

ext.runtime.onMessage.addListener(background.router.listener);
// Test builds only (dead code in store builds): e2e pause points, issue 7 §3.
if (typeof __TEST__ !== 'undefined' && __TEST__) installTestHooks(ext.runtime, ext.runtime.id, ext.runtime.getURL(''));
// Key lookup: daily refresh of others' public keys so revocations arrive (issue 5 §1).
const lookup = new LookupService(browserLookupDeps(() => background.context.keystore(), background.vault));
void scheduleRefresh(lookup).catch(() => undefined);
// One alarm listener for all users of alarms (passphrase cache expiry, vault sync, key refresh).
ext.alarms.onAlarm.addListener((alarm) => {
  void background.cache.onAlarm(alarm);
  void background.vault.onAlarm(alarm).catch(() => undefined);
  void onLookupAlarm(lookup, alarm).catch(() => undefined);
});
ext.runtime.onInstalled.addListener(() => {
  // Open (and migrate) the keyring now rather than on the first user action.
  void background.context.keystore().catch(() => undefined);
  // SG-06: the security token exists from install on, not only from the first frame.
  void ensureSecurityToken(browserSecurityTokenDeps).catch(() => undefined);
});
void background.start().catch(() => undefined);
// Sites the user enabled: Firefox may have dropped their registered content scripts on restart.
void ensureSiteScripts(browserSitesDeps()).catch(() => undefined);
// Same for the page-API scripts (world MAIN page script + bridge) of sites that enabled it.
void ensurePageApiScripts(browserPageApiDeps()).catch(() => undefined);
