/**
 * Builds the background from the browser APIs it is given: settings, passphrase cache,
 * a lazily opened keystore, the handlers and the router. index.ts passes the real
 * `ext.*`; tests pass the fake browser.
 */
import type { PrivateKey } from 'openpgp';
import { restoreUnlocked, serializeUnlocked } from '../core/keys/protect';
import { contentSchemas, pageSchemas } from '../shared/schemas';
import type { AlarmsLike, SessionAreaLike, StorageAreaLike } from './browser-deps';
import { describeArmored } from './describe-armored';
import { createMailContext } from './mail/context';
import type { TabsLike } from './mail/tabs';
import { createContentHandlers, createPageHandlers, type HandlerContext } from './handlers';
import { Keystore } from './keystore/keystore';
import { PassphraseCache } from './passphrase-cache';
import { createRouter, type Router } from './router';
import { SettingsStore } from './settings-store';
import { VaultEngine, type VaultEngineDeps } from './vault/engine';

export interface BackgroundDeps {
  runtimeId: string;
  /** `runtime.getURL('')`: its origin is the only one treated as an extension page. */
  extensionUrl: string;
  version: string;
  local: StorageAreaLike;
  session: SessionAreaLike;
  alarms: AlarmsLike;
  dbName?: string;
  now?: () => number;
  /** `tabs.sendMessage`, for pushes to the content script of a compose/read session. */
  tabs?: TabsLike;
  /** `runtime.getURL`, for frame URLs (dynamic with use_dynamic_url). */
  getURL?: (path: string) => string;
  /** Vault sync: device name shown in the vault's device list; tests also pass fetch/IDB name. */
  vault?: Partial<Pick<VaultEngineDeps, 'deviceName' | 'dbName' | 'fetch' | 'retry' | 'keyStretching'>>;
}

export interface Background {
  router: Router;
  cache: PassphraseCache<PrivateKey>;
  context: HandlerContext;
  vault: VaultEngine;
  /** Per start of the worker/event page: session access level. Idempotent. */
  start(): Promise<void>;
}

export function createBackground(d: BackgroundDeps): Background {
  const now = d.now ?? Date.now;
  const settings = new SettingsStore(d.local);
  const cache = new PassphraseCache<PrivateKey>({
    session: d.session,
    alarms: d.alarms,
    settings,
    codec: { serialize: serializeUnlocked, restore: restoreUnlocked },
    now,
  });

  let opening: Promise<Keystore> | null = null;
  const keystore = (): Promise<Keystore> => {
    opening ??= Keystore.open({
      ...(d.dbName === undefined ? {} : { name: d.dbName }),
      describe: describeArmored,
      now: () => new Date(now()),
      onChange: (change, origin) => vault.onKeysChanged(change, origin),
      onGone: () => {
        opening = null;
      },
    }).catch((e: unknown) => {
      opening = null; // retry on the next message rather than failing forever
      throw e;
    });
    return opening;
  };

  const vault: VaultEngine = new VaultEngine({
    keystore,
    session: d.session,
    alarms: d.alarms,
    now,
    deviceName: d.vault?.deviceName ?? 'Cachet',
    ...(d.dbName === undefined ? {} : { dbName: `${d.dbName}-vault` }),
    ...d.vault,
  });

  const mail = createMailContext({
    session: d.session,
    tabs: d.tabs,
    extensionUrl: d.extensionUrl,
    ...(d.getURL === undefined ? {} : { getURL: d.getURL }),
    ...(d.dbName === undefined ? {} : { dbName: d.dbName }),
    now,
  });
  const context: HandlerContext = { keystore, cache, settings, version: d.version, now: () => new Date(now()), mail };
  const router = createRouter({
    runtimeId: d.runtimeId,
    extensionOrigin: d.extensionUrl,
    page: { handlers: createPageHandlers(context, vault), schemas: pageSchemas },
    content: { handlers: createContentHandlers(context), schemas: contentSchemas },
    onInternalError: (type, name) => console.error(`cachet: internal error (${name}) handling ${type}`),
  });

  return {
    router,
    cache,
    context,
    vault,
    start: async () => {
      await cache.init();
      await vault.start();
    },
  };
}
