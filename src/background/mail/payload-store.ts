/**
 * Ciphertext handed over by content scripts (armored blocks, quoted replies), kept in an
 * IndexedDB of its own: `storage.session` is capped at 10 MB in Chrome, and one block may
 * be 25 MiB. Only ciphertext the page already had lands here, never plaintext; entries
 * are removed with their session and pruned after the session lifetime.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

interface PayloadRecord {
  id: string;
  text: string;
  createdAt: number;
}

interface MailDb extends DBSchema {
  payloads: { key: string; value: PayloadRecord; indexes: { byCreated: number } };
}

export const MAIL_DB_NAME = 'cachet-mail';

export class PayloadStore {
  private opening: Promise<IDBPDatabase<MailDb>> | null = null;

  constructor(private readonly name: string = MAIL_DB_NAME) {}

  private db(): Promise<IDBPDatabase<MailDb>> {
    this.opening ??= openDB<MailDb>(this.name, 1, {
      upgrade(db) {
        db.createObjectStore('payloads', { keyPath: 'id' }).createIndex('byCreated', 'createdAt');
      },
      terminated: () => {
        this.opening = null;
      },
    }).catch((e: unknown) => {
      this.opening = null;
      throw e;
    });
    return this.opening;
  }

  async put(id: string, text: string, createdAt: number): Promise<void> {
    await (await this.db()).put('payloads', { id, text, createdAt });
  }

  async get(id: string): Promise<string | null> {
    return (await (await this.db()).get('payloads', id))?.text ?? null;
  }

  async delete(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const tx = (await this.db()).transaction('payloads', 'readwrite');
    await Promise.all([...ids.map((id) => tx.store.delete(id)), tx.done]);
  }

  /** Removes everything created before `before` (epoch ms). */
  async pruneBefore(before: number): Promise<void> {
    const db = await this.db();
    const old = await db.getAllKeysFromIndex('payloads', 'byCreated', IDBKeyRange.upperBound(before, true));
    await this.delete(old);
  }
}
