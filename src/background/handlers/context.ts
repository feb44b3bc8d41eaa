/**
 * What handlers share: the lazily opened keystore, the passphrase cache, settings.
 * Handlers keep nothing in memory themselves (the service worker can die any time).
 */
import type { PrivateKey } from 'openpgp';
import type { Keystore } from '../keystore/keystore';
import type { MailContext } from '../mail/context';
import type { PassphraseCache } from '../passphrase-cache';
import type { SettingsStore } from '../settings-store';
import type { ContentHandlers, PageHandlers } from '../router';

export interface HandlerContext {
  keystore(): Promise<Keystore>;
  cache: PassphraseCache<PrivateKey>;
  settings: SettingsStore;
  /** Extension version from the manifest. */
  version: string;
  now(): Date;
  /** Compose/read sessions and pushes to content scripts (webmail path). */
  mail: MailContext;
}

/** A group of page handlers, e.g. `PageGroup<'listKeys' | 'getKey'>`. */
export type PageGroup<K extends keyof PageHandlers> = Pick<PageHandlers, K>;
export type ContentGroup<K extends keyof ContentHandlers> = Pick<ContentHandlers, K>;
