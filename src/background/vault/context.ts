/** What the sync steps (pull, push) share for one run. */
import type { VaultClient } from './client';
import type { VaultStore } from './db';
import type { LocalKeys } from './local-keys';

export interface SyncContext {
  client: VaultClient;
  store: VaultStore;
  local: LocalKeys;
  /** Runs a request with a valid access token (refreshing once on 401). */
  call<T>(op: (token: string) => Promise<T>): Promise<T>;
  now(): Date;
}
