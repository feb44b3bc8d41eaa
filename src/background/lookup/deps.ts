/** What the lookup service needs from the browser; index.ts/handlers pass the real ones, tests fakes. */
import type { FetchLike } from '../../core/lookup/fetcher';
import type { WkdBase } from '../../core/lookup/wkd';
import type { AlarmsLike, StorageAreaLike } from '../browser-deps';
import type { Keystore } from '../keystore/keystore';

export interface LookupDeps {
  keystore(): Promise<Keystore>;
  /** The vault account's address, or null without a vault account (no directory look-ups then). */
  vaultUrl(): Promise<string | null>;
  local: StorageAreaLike;
  alarms: AlarmsLike;
  fetch: FetchLike;
  now(): Date;
  /** IndexedDB name of the lookup database (tests use their own). */
  dbName?: string;
  /** Test builds only: maps WKD domains to loopback servers. */
  wkdBase?(): Promise<WkdBase | undefined>;
}
