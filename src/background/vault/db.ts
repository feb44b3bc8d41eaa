/**
 * The background's own IndexedDB for the vault (separate from the keyring): the
 * account and its refresh token, per-key sync state (revision, high-water mark,
 * passphrase-change time) and the offline queue. IndexedDB of the extension origin is
 * reachable only by extension pages and the background, never by content scripts or
 * pages (VS-08), unlike `storage.local`, which content scripts can read.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

export const VAULT_DB_NAME = 'cachet-vault';

export interface AccountRecord {
  url: string;
  email: string;
  accountId: string;
  deviceId: string;
  /** Single-use refresh token of this device; null after the device was signed out. */
  refreshToken: string | null;
  /**
   * VS-05: last known approval state; absent (records from before device approval, or
   * just logged in) means "ask the vault" before any key request.
   */
  approval?: 'approved' | 'pending';
}

export interface ItemState {
  /** Upper-case hex, as in the keyring. */
  fingerprint: string;
  /** Vault revision the local copy already includes; null: never on the vault. */
  revision: number | null;
  /** Highest revision ever seen for this key (VS-04): never accept lower. */
  highWater: number;
  deleted: boolean;
  /** ISO time of the last passphrase change known for the local copy. */
  passphraseChangedAt: string | null;
  /** Protection digest of the local copy when last seen (core/sync/protection.ts). */
  digest: string | null;
}

export interface QueueEntry {
  fingerprint: string;
  kind: 'put' | 'delete';
  at: string;
}

export interface SyncState {
  lastSyncAt: string | null;
  lastError: { code: string; detail?: string } | null;
}

interface Meta {
  account: AccountRecord;
  /** A recovery secret the user has not confirmed writing down yet (shown once, then deleted). */
  recovery: string;
  seq: number;
  sync: SyncState;
}

export interface VaultDb extends DBSchema {
  meta: { key: string; value: Meta[keyof Meta] };
  items: { key: string; value: ItemState };
  queue: { key: string; value: QueueEntry };
}

export class VaultStore {
  private constructor(private readonly db: IDBPDatabase<VaultDb>) {}

  static async open(name = VAULT_DB_NAME): Promise<VaultStore> {
    const db = await openDB<VaultDb>(name, 1, {
      upgrade(d) {
        d.createObjectStore('meta');
        d.createObjectStore('items', { keyPath: 'fingerprint' });
        d.createObjectStore('queue', { keyPath: 'fingerprint' });
      },
    });
    return new VaultStore(db);
  }

  close(): void {
    this.db.close();
  }

  private async getMeta<K extends keyof Meta>(k: K): Promise<Meta[K] | undefined> {
    return (await this.db.get('meta', k)) as Meta[K] | undefined;
  }

  account(): Promise<AccountRecord | undefined> {
    return this.getMeta('account');
  }
  async setAccount(a: AccountRecord | null): Promise<void> {
    if (a === null) await this.db.delete('meta', 'account');
    else await this.db.put('meta', a, 'account');
  }

  recoverySecret(): Promise<string | undefined> {
    return this.getMeta('recovery');
  }
  async setRecoverySecret(secret: string | null): Promise<void> {
    if (secret === null) await this.db.delete('meta', 'recovery');
    else await this.db.put('meta', secret, 'recovery');
  }

  async seq(): Promise<number> {
    return (await this.getMeta('seq')) ?? 0;
  }
  async setSeq(seq: number): Promise<void> {
    await this.db.put('meta', seq, 'seq');
  }

  async syncState(): Promise<SyncState> {
    return (await this.getMeta('sync')) ?? { lastSyncAt: null, lastError: null };
  }
  async setSyncState(s: SyncState): Promise<void> {
    await this.db.put('meta', s, 'sync');
  }

  async item(fingerprint: string): Promise<ItemState | undefined> {
    return this.db.get('items', fingerprint);
  }
  async putItem(s: ItemState): Promise<void> {
    await this.db.put('items', s);
  }

  async queue(): Promise<QueueEntry[]> {
    return this.db.getAll('queue');
  }
  async enqueue(e: QueueEntry): Promise<void> {
    await this.db.put('queue', e);
  }
  async dequeue(fingerprint: string, ifAt?: string): Promise<void> {
    const tx = this.db.transaction('queue', 'readwrite');
    const cur = await tx.store.get(fingerprint);
    // A newer local change queued while we pushed stays queued.
    if (cur && (ifAt === undefined || cur.at === ifAt)) await tx.store.delete(fingerprint);
    await tx.done;
  }
  async queueSize(): Promise<number> {
    return this.db.count('queue');
  }

  /** Forget sync state (another account logs in here): items, sequence, queue. */
  async resetSync(): Promise<void> {
    const tx = this.db.transaction(['items', 'queue', 'meta'], 'readwrite');
    await tx.objectStore('items').clear();
    await tx.objectStore('queue').clear();
    await tx.objectStore('meta').delete('seq');
    await tx.objectStore('meta').delete('sync');
    await tx.done;
  }
}
