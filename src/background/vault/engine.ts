/**
 * The background's vault sync engine. Local key changes (keystore listener) are queued
 * in IndexedDB and pushed; changes are pulled at start, on an alarm and after login.
 * Every run is serialised on one chain, so a pull never interleaves with a push, and
 * the engine keeps nothing in memory that a worker restart would lose.
 */
import { CachetError, isCachetError } from '../../core/errors';
import { readOneKey } from '../../core/keys/parse';
import { protectionDigest } from '../../core/sync/protection';
import type { VaultDevice, VaultStatus, WireError } from '../../shared/protocol';
import type { VaultApprovalView, VaultPendingDevice, VaultTombstoneView } from '../../shared/vault-approval-protocol';
import * as approval from './approval';
import type { AlarmLike, AlarmsLike, SessionAreaLike } from '../browser-deps';
import type { Keystore, KeyringChange, ChangeOrigin } from '../keystore/keystore';
import { VaultClient, type VaultClientOptions } from './client';
import type { SyncContext } from './context';
import { VaultStore, type AccountRecord } from './db';
import type { FetchLike, RetryPolicy } from './http';
import { localKeys, type LocalKeys } from './local-keys';
import { pull, queueUnsynced } from './pull';
import { drain } from './push';
import { VaultSession } from './session';
import { normaliseVaultUrl } from './url';

export const VAULT_ALARM = 'cachet-vault-sync';
/** Periodic pull; after a failed run, sooner. */
const PERIOD_MS = 15 * 60_000;
const RETRY_MS = 60_000;

export interface VaultEngineDeps {
  keystore(): Promise<Keystore>;
  session: SessionAreaLike;
  alarms: AlarmsLike;
  now(): number;
  deviceName: string;
  dbName?: string;
  fetch?: FetchLike;
  retry?: RetryPolicy;
  keyStretching?: VaultClientOptions['keyStretching'];
}

function wire(e: unknown): WireError {
  if (isCachetError(e)) return e.detail === undefined ? { code: e.code } : { code: e.code, detail: e.detail };
  return { code: 'INTERNAL' };
}

export class VaultEngine {
  private storeP: Promise<VaultStore> | null = null;
  private session: VaultSession | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private queuedRun: Promise<void> | null = null;
  private readonly local: LocalKeys;

  constructor(private readonly d: VaultEngineDeps) {
    this.local = localKeys(d.keystore, () => new Date(d.now()));
  }

  private async store(): Promise<VaultStore> {
    this.storeP ??= VaultStore.open(this.d.dbName).catch((e: unknown) => {
      this.storeP = null;
      throw e;
    });
    return this.storeP;
  }

  private async sessionOf(): Promise<VaultSession> {
    this.session ??= new VaultSession(await this.store(), this.d.session, this.d.now);
    return this.session;
  }

  private client(url: string): VaultClient {
    return new VaultClient({
      baseUrl: url,
      ...(this.d.fetch ? { fetch: this.d.fetch } : {}),
      ...(this.d.retry ? { retry: this.d.retry } : {}),
      ...(this.d.keyStretching ? { keyStretching: this.d.keyStretching } : {}),
    });
  }

  /** Runs `task` after everything queued before it; failures do not break the chain. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const p = this.chain.then(task);
    this.chain = p.catch(() => undefined);
    return p;
  }

  private async connected(): Promise<{ account: AccountRecord; ctx: SyncContext } | null> {
    const store = await this.store();
    const account = await store.account();
    if (!account?.refreshToken) return null;
    const client = this.client(account.url);
    const session = await this.sessionOf();
    const ctx: SyncContext = {
      client,
      store,
      local: this.local,
      call: (op) => session.withToken(client, op),
      now: () => new Date(this.d.now()),
    };
    return { account, ctx };
  }

  async status(): Promise<VaultStatus> {
    const store = await this.store();
    const account = await store.account();
    const sync = await store.syncState();
    return {
      connected: Boolean(account?.refreshToken),
      url: account?.url ?? null,
      email: account?.email ?? null,
      lastSyncAt: sync.lastSyncAt,
      lastError: (sync.lastError as WireError | null) ?? null,
      pending: await store.queueSize(),
    };
  }

  /** One sync run (pull, then push the queue); coalesces with a run not yet started. */
  syncNow(): Promise<void> {
    this.queuedRun ??= this.serial(async () => {
      this.queuedRun = null;
      await this.runOnce();
    });
    return this.queuedRun;
  }

  /** Resolves when every queued task has finished (tests, and callers that want a settled state). */
  async idle(): Promise<void> {
    while (true) {
      const c = this.chain;
      await c;
      if (c === this.chain) return;
    }
  }

  private async runOnce(): Promise<void> {
    const c = await this.connected();
    if (!c) return;
    const { ctx } = c;
    let error: WireError | null = null;
    try {
      // VS-05: a pending device stops here; the keyring is neither read into nor written from the vault.
      await approval.ensureApproved(c);
      await pull(ctx);
      await queueUnsynced(ctx);
      await drain(ctx);
    } catch (e) {
      error = wire(e);
    }
    const prev = await ctx.store.syncState();
    await ctx.store.setSyncState({ lastSyncAt: error ? prev.lastSyncAt : ctx.now().toISOString(), lastError: error });
    if (error?.code === 'VAULT_AUTH_FAILED' || error?.code === 'VAULT_NOT_CONNECTED') return;
    // Pending: no fast retries (approval is a human step); the page's "Check again" and the usual period re-check.
    const pending = error?.code === 'VAULT_DEVICE_NOT_APPROVED';
    if (pending) await approval.setApproval(c, 'pending');
    await this.d.alarms.create(VAULT_ALARM, { when: this.d.now() + (error && !pending ? RETRY_MS : PERIOD_MS) });
  }

  /** Keystore listener: queue what the user changed, then push it. */
  onKeysChanged(change: KeyringChange, origin: ChangeOrigin): void {
    if (origin !== 'local' || (!change.put?.length && !change.delete?.length)) return;
    void this.serial(() => this.note(change)).then(() => this.syncNow()).catch(() => undefined);
  }

  private async note(change: KeyringChange): Promise<void> {
    const store = await this.store();
    const at = new Date(this.d.now()).toISOString();
    const connected = Boolean((await store.account())?.refreshToken);
    for (const r of change.put ?? []) {
      const digest = await protectionDigest(await readOneKey(r.armored));
      const state = await store.item(r.fingerprint);
      if (!state) {
        await store.putItem({ fingerprint: r.fingerprint, revision: null, highWater: 0, deleted: false, passphraseChangedAt: null, digest });
      } else if (state.digest !== digest) {
        // New secret-key protection: this copy now has the newest passphrase (merge base).
        await store.putItem({ ...state, digest, passphraseChangedAt: digest === null ? state.passphraseChangedAt : at });
      }
      if (connected) await store.enqueue({ fingerprint: r.fingerprint, kind: 'put', at });
    }
    if (connected) for (const fpr of change.delete ?? []) await store.enqueue({ fingerprint: fpr, kind: 'delete', at });
  }

  async onAlarm(alarm: AlarmLike): Promise<void> {
    if (alarm.name === VAULT_ALARM) await this.syncNow();
  }

  /** Worker start: pull now (and re-arm the alarm) when an account is connected. */
  async start(): Promise<void> {
    if (await this.connected()) void this.syncNow().catch(() => undefined);
  }

  async register(url: string, email: string, password: string): Promise<VaultStatus> {
    return this.begin(url, email, (c) => c.register(email, password, this.d.deviceName));
  }

  async login(url: string, email: string, password: string): Promise<VaultStatus> {
    return this.begin(url, email, (c) => c.login(email, password, this.d.deviceName));
  }

  private async begin(rawUrl: string, email: string, auth: (c: VaultClient) => ReturnType<VaultClient['register']>): Promise<VaultStatus> {
    const url = normaliseVaultUrl(rawUrl);
    const s = await auth(this.client(url));
    await this.serial(async () => {
      const store = await this.store();
      const prev = await store.account();
      // Another account (or vault): its revisions and queue mean nothing here.
      if (!prev || prev.accountId !== s.accountId || prev.url !== url) await store.resetSync();
      const account = await (await this.sessionOf()).begin(url, email, s);
      // Registration: the first device is approved and receives the recovery secret to show once (VS-05).
      // A login is pending until the vault says otherwise (approval.ensureApproved).
      if (s.recoverySecret) await store.setAccount({ ...account, approval: 'approved' });
      await store.setRecoverySecret(s.recoverySecret ?? null);
    });
    await this.syncNow();
    return this.status();
  }

  async logout(): Promise<VaultStatus> {
    await this.serial(async () => {
      const c = await this.connected();
      if (!c) return;
      try {
        await c.ctx.call((t) => c.ctx.client.logout(t));
      } catch {
        // Unreachable or already revoked: forget the tokens here anyway.
      }
      await (await this.sessionOf()).end();
      await this.d.alarms.clear(VAULT_ALARM);
    });
    return this.status();
  }

  async devices(): Promise<VaultDevice[]> {
    const c = await this.connected();
    if (!c) throw new CachetError('VAULT_NOT_CONNECTED');
    const { devices } = await c.ctx.call((t) => c.ctx.client.devices(t));
    return devices
      .filter((d) => !d.revoked)
      .map((d) => ({ id: d.id, name: d.name, createdAt: d.createdAt, lastUsedAt: d.lastUsedAt, current: d.current }));
  }

  private async needConnected(): Promise<approval.Connected> {
    const c = await this.connected();
    if (!c) throw new CachetError('VAULT_NOT_CONNECTED');
    return c;
  }

  async approval(): Promise<VaultApprovalView> {
    const c = await this.needConnected();
    const before = c.account.approval;
    const view = await approval.approvalView(c);
    // Approved since the last run: sync now rather than at the next period.
    if (view.state === 'approved' && before !== 'approved') void this.syncNow().catch(() => undefined);
    return view;
  }

  async pendingDevices(): Promise<VaultPendingDevice[]> {
    return approval.pendingDevices(await this.needConnected());
  }

  async approveDevice(id: string): Promise<VaultPendingDevice[]> {
    const c = await this.needConnected();
    await c.ctx.call((t) => c.ctx.client.approveDevice(t, id));
    return approval.pendingDevices(c);
  }

  async denyDevice(id: string): Promise<VaultPendingDevice[]> {
    const c = await this.needConnected();
    if (id === c.account.deviceId) throw new CachetError('BAD_REQUEST', 'use sign out for this device');
    await c.ctx.call((t) => c.ctx.client.revokeDevice(t, id));
    return approval.pendingDevices(c);
  }

  async recover(secret: string): Promise<VaultApprovalView> {
    await approval.recover(await this.needConnected(), secret);
    await this.syncNow();
    return approval.approvalView(await this.needConnected());
  }

  async recoverySecretSaved(): Promise<VaultApprovalView> {
    await (await this.store()).setRecoverySecret(null);
    return approval.approvalView(await this.needConnected());
  }

  async newRecoverySecret(): Promise<VaultApprovalView> {
    await approval.newRecoverySecret(await this.needConnected());
    return approval.approvalView(await this.needConnected());
  }

  async tombstones(): Promise<VaultTombstoneView[]> {
    return approval.tombstones(await this.needConnected());
  }

  async revokeDevice(id: string): Promise<VaultDevice[]> {
    const c = await this.connected();
    if (!c) throw new CachetError('VAULT_NOT_CONNECTED');
    const current = id === c.account.deviceId;
    await c.ctx.call((t) => c.ctx.client.revokeDevice(t, id));
    if (current) {
      await (await this.sessionOf()).end();
      return [];
    }
    return this.devices();
  }
}
