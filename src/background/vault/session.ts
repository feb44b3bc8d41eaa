/**
 * This device's vault session. The refresh token lives in the vault IndexedDB
 * (db.ts); the short-lived access token only in memory and `storage.session` (trusted
 * contexts only, set by the passphrase cache at start), so a worker restart does not
 * spend a refresh. Refreshes are single-flight: a refresh token is single use and
 * replaying one revokes the device.
 */
import type { Session } from '../../shared/vault-api';
import type { SessionAreaLike } from '../browser-deps';
import type { VaultClient } from './client';
import { VaultError } from './http';
import type { AccountRecord, VaultStore } from './db';

const ACCESS_KEY = 'vault.access';
/** Refresh a little before the vault's expiry so a request never races it. */
const EARLY_MS = 30_000;

interface Access {
  token: string;
  until: number;
  deviceId: string;
}

function isAccess(v: unknown): v is Access {
  const a = v as Partial<Access> | undefined;
  return typeof a?.token === 'string' && typeof a.until === 'number' && typeof a.deviceId === 'string';
}

export class VaultSession {
  private access: Access | null = null;
  private refreshing: Promise<Access> | null = null;

  constructor(
    private readonly store: VaultStore,
    private readonly session: SessionAreaLike,
    private readonly now: () => number,
  ) {}

  /** Stores a fresh session (register/login) for `url` + `email`. */
  async begin(url: string, email: string, s: Session): Promise<AccountRecord> {
    const account: AccountRecord = { url, email, accountId: s.accountId, deviceId: s.deviceId, refreshToken: s.refreshToken };
    await this.store.setAccount(account);
    await this.keep(s);
    return account;
  }

  /** Forget the tokens (logout, device signed out); the address stays for the UI. */
  async end(): Promise<void> {
    this.access = null;
    await this.session.remove(ACCESS_KEY);
    const a = await this.store.account();
    if (a) await this.store.setAccount({ ...a, refreshToken: null });
  }

  /** Runs `op` with a valid access token; on 401 refreshes once and retries. */
  async withToken<T>(client: VaultClient, op: (token: string) => Promise<T>): Promise<T> {
    let access = await this.current(client);
    try {
      return await op(access.token);
    } catch (e) {
      if (!(e instanceof VaultError) || e.code !== 'VAULT_AUTH_FAILED') throw e;
      this.access = null;
      access = await this.refresh(client);
      return op(access.token);
    }
  }

  private async current(client: VaultClient): Promise<Access> {
    const account = await this.store.account();
    if (!account?.refreshToken) throw new VaultError('VAULT_NOT_CONNECTED', undefined, null);
    if (!this.access) {
      const stored = (await this.session.get(ACCESS_KEY))[ACCESS_KEY];
      if (isAccess(stored)) this.access = stored;
    }
    if (this.access && this.access.deviceId === account.deviceId && this.access.until - EARLY_MS > this.now()) return this.access;
    return this.refresh(client);
  }

  private refresh(client: VaultClient): Promise<Access> {
    this.refreshing ??= this.doRefresh(client).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async doRefresh(client: VaultClient): Promise<Access> {
    const account = await this.store.account();
    if (!account?.refreshToken) throw new VaultError('VAULT_NOT_CONNECTED', undefined, null);
    let s: Session;
    try {
      s = await client.refresh(account.refreshToken);
    } catch (e) {
      // Revoked or replayed: this device is signed out for good.
      if (e instanceof VaultError && e.code === 'VAULT_AUTH_FAILED') await this.end();
      throw e;
    }
    // The new refresh token is persisted before the access token is used.
    await this.store.setAccount({ ...account, deviceId: s.deviceId, refreshToken: s.refreshToken });
    return this.keep(s);
  }

  private async keep(s: Session): Promise<Access> {
    const access: Access = { token: s.accessToken, until: this.now() + s.expiresIn * 1000, deviceId: s.deviceId };
    this.access = access;
    await this.session.set({ [ACCESS_KEY]: access });
    return access;
  }
}
