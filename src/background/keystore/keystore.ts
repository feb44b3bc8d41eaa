/**
 * The keyring in IndexedDB. Every write goes through `apply`, one transaction, so a
 * failure leaves nothing half-written. Every read re-describes the stored key; a
 * record that cannot be parsed or described, or whose key has another fingerprint
 * than the one it is filed under, is moved to quarantine (DS-06) instead of failing
 * again on every start.
 */
import type { IDBPDatabase, IDBPTransaction } from 'idb';
import { CachetError, isCachetError } from '../../core/errors';
import type { KeyInfo } from '../../core/keys/model';
import { openCachetDb, type CachetDb, type DefaultRecord, type KeyRecord, type OpenOptions, type QuarantineRecord } from './db';

/** Parses an armored key and describes it (the core's readKey + describeKey). */
export type Describe = (armored: string) => Promise<KeyInfo>;

export interface KeyringChange {
  put?: KeyRecord[];
  delete?: string[];
  /** Explicit defaults (override the automatic choice). */
  setDefaults?: DefaultRecord[];
}

/** Who made a change: the user through a handler, or the vault sync applying a pull. */
export type ChangeOrigin = 'local' | 'sync';

/** Called after a change committed (the vault sync pushes local changes from here). */
export type KeyringListener = (change: KeyringChange, origin: ChangeOrigin) => void;

type Tx = IDBPTransaction<CachetDb, Array<'keys' | 'defaults' | 'quarantine'>, 'readwrite'>;

/**
 * Runs `body` in a readwrite transaction over all stores and aborts it on any error.
 * Without the abort, a request that throws (DataError on a bad key) leaves the earlier
 * requests of the same transaction to auto-commit: half a write.
 */
async function inTransaction(db: IDBPDatabase<CachetDb>, body: (tx: Tx) => Promise<void>): Promise<void> {
  const tx = db.transaction(['keys', 'defaults', 'quarantine'], 'readwrite');
  try {
    await body(tx);
  } catch (e) {
    try {
      tx.abort();
    } catch {
      // Already finished or aborted by the failure itself.
    }
    tx.done.catch(() => undefined);
    throw e;
  }
  await tx.done;
}

/**
 * IndexedDB failures become one clear code: QuotaExceededError (a write refused for lack of
 * space; the transaction is aborted, so nothing was written) → STORAGE_FULL; the database
 * cannot be opened (a missing or throwing `indexedDB` in private modes or under a policy,
 * UnknownError, a refused upgrade) → STORAGE_UNAVAILABLE; anything else (a connection closed
 * under us, an aborted transaction) → STORAGE_FAILED.
 */
async function guard<T>(op: () => Promise<T>, opening = false): Promise<T> {
  try {
    return await op();
  } catch (e) {
    if (isCachetError(e)) throw e;
    const name = e instanceof Error || (typeof DOMException !== 'undefined' && e instanceof DOMException) ? e.name : 'Error';
    if (name === 'QuotaExceededError') throw new CachetError('STORAGE_FULL', name);
    if (opening) throw new CachetError('STORAGE_UNAVAILABLE', name);
    throw new CachetError('STORAGE_FAILED', name);
  }
}

function isKeyRecordShape(v: unknown): v is KeyRecord {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return (
    typeof r.fingerprint === 'string' &&
    typeof r.armored === 'string' &&
    typeof r.addedAt === 'string' &&
    typeof r.updatedAt === 'string'
  );
}

function reasonOf(e: unknown): string {
  if (isCachetError(e)) return e.code;
  return e instanceof Error ? e.name : 'unreadable record';
}

export class Keystore {
  private constructor(
    private readonly db: IDBPDatabase<CachetDb>,
    private readonly describe: Describe,
    private readonly now: () => Date,
    private readonly onChange: KeyringListener | undefined,
  ) {}

  static async open(o: OpenOptions & { describe: Describe; now?: () => Date; onChange?: KeyringListener }): Promise<Keystore> {
    const db = await guard(() => openCachetDb(o), true);
    return new Keystore(db, o.describe, o.now ?? (() => new Date()), o.onChange);
  }

  close(): void {
    this.db.close();
  }

  /** All readable keys (with fresh info) and the quarantined records. */
  async list(): Promise<{ keys: KeyRecord[]; quarantined: QuarantineRecord[] }> {
    const [ids, raws] = await guard(() =>
      Promise.all([this.db.getAllKeys('keys'), this.db.getAll('keys') as Promise<unknown[]>]),
    );
    const keys = await this.loadAll(ids, raws);
    const quarantined = await guard(() => this.db.getAll('quarantine'));
    return { keys, quarantined };
  }

  async get(fingerprint: string): Promise<KeyRecord | null> {
    const raw = await guard(() => this.db.get('keys', fingerprint) as Promise<unknown>);
    return raw === undefined ? null : this.load(fingerprint, raw);
  }

  /** Like `get`, but KEY_NOT_FOUND when absent. */
  async require(fingerprint: string): Promise<KeyRecord> {
    const found = await this.get(fingerprint);
    if (!found) throw new CachetError('KEY_NOT_FOUND');
    return found;
  }

  async byEmail(email: string): Promise<KeyRecord[]> {
    const address = email.toLowerCase();
    const [ids, raws] = await guard(() =>
      Promise.all([
        this.db.getAllKeysFromIndex('keys', 'byEmail', address),
        this.db.getAllFromIndex('keys', 'byEmail', address) as Promise<unknown[]>,
      ]),
    );
    return this.loadAll(ids, raws);
  }

  async defaults(): Promise<DefaultRecord[]> {
    return guard(() => this.db.getAll('defaults'));
  }

  async count(): Promise<number> {
    return guard(() => this.db.count('keys'));
  }

  /**
   * Writes puts, deletes and defaults in ONE transaction. A key with a secret becomes
   * the default for each of its addresses that has none yet; deleting a default key
   * hands the address to another stored key with a secret, if any.
   */
  async apply(change: KeyringChange, origin: ChangeOrigin = 'local'): Promise<void> {
    await guard(() => inTransaction(this.db, (tx) => this.write(tx, change)));
    this.onChange?.(change, origin);
  }

  private async write(tx: Tx, change: KeyringChange): Promise<void> {
    for (const r of change.put ?? []) await tx.objectStore('keys').put(r);
    for (const fpr of change.delete ?? []) {
      await tx.objectStore('keys').delete(fpr);
      await this.reassignDefaults(tx, fpr);
    }
    for (const r of change.put ?? []) {
      if (!r.info.hasSecret) continue;
      for (const email of r.info.emails) {
        if (!(await tx.objectStore('defaults').get(email))) {
          await tx.objectStore('defaults').put({ email, fingerprint: r.fingerprint });
        }
      }
    }
    for (const d of change.setDefaults ?? []) await tx.objectStore('defaults').put(d);
  }

  async deleteQuarantined(id: string): Promise<boolean> {
    return guard(async () => {
      const tx = this.db.transaction('quarantine', 'readwrite');
      const found = (await tx.store.get(id)) !== undefined;
      if (found) await tx.store.delete(id);
      await tx.done;
      return found;
    });
  }

  private async reassignDefaults(tx: Tx, fingerprint: string): Promise<void> {
    const defaults = tx.objectStore('defaults');
    const emails = await defaults.index('byFingerprint').getAllKeys(fingerprint);
    for (const email of emails) {
      await defaults.delete(email);
      const candidates = await tx.objectStore('keys').index('byEmail').getAll(email);
      const next = candidates.find((k) => k.fingerprint !== fingerprint && k.info?.hasSecret === true);
      if (next) await defaults.put({ email, fingerprint: next.fingerprint });
    }
  }

  private async loadAll(ids: string[], raws: unknown[]): Promise<KeyRecord[]> {
    const out: KeyRecord[] = [];
    for (let i = 0; i < raws.length; i++) {
      const loaded = await this.load(ids[i] as string, raws[i]);
      if (loaded) out.push(loaded);
    }
    return out;
  }

  /**
   * Re-describes a stored record; quarantines it (and returns null) if that fails.
   * `id` is the record's primary key as IndexedDB has it, so even a record with a
   * garbage `fingerprint` property leaves the store.
   */
  private async load(id: string, raw: unknown): Promise<KeyRecord | null> {
    if (!isKeyRecordShape(raw)) {
      await this.quarantine(id, raw, 'record is not a key record');
      return null;
    }
    let info: KeyInfo;
    try {
      info = await this.describe(raw.armored);
    } catch (e) {
      await this.quarantine(id, raw, `key does not parse (${reasonOf(e)})`);
      return null;
    }
    if (info.fingerprint !== raw.fingerprint) {
      // Pinned fingerprint (KM-06, VS-03): the key under this name is not the one we stored.
      await this.quarantine(id, raw, 'fingerprint mismatch');
      return null;
    }
    return { ...raw, info };
  }

  private async quarantine(id: string, raw: unknown, reason: string): Promise<void> {
    const fingerprint = typeof id === 'string' ? id : null;
    const entry: QuarantineRecord = { id: crypto.randomUUID(), fingerprint, raw, reason, at: this.now().toISOString() };
    await guard(() =>
      inTransaction(this.db, async (tx) => {
        await tx.objectStore('quarantine').put(entry);
        await tx.objectStore('keys').delete(id);
        if (fingerprint !== null) await this.reassignDefaults(tx, fingerprint);
      }),
    );
  }
}
