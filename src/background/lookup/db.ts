/**
 * The lookup database `cachet-lookup`, separate from the keyring's so neither needs the
 * other's migrations: Autocrypt peers (per address) and publication states (per key and
 * target). Version = number of migrations; append, never edit a shipped one.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { AutocryptPeer } from '../../core/lookup/autocrypt';
import type { PublishState } from '../../shared/lookup-protocol';

export const LOOKUP_DB_NAME = 'cachet-lookup';

export interface PublishRecord extends PublishState {
  /** `${fingerprint} ${target}` */
  id: string;
  fingerprint: string;
  /** VKS token for request-verify (not secret in the sense of key material; never shown). */
  token: string | null;
}

export interface LookupDb extends DBSchema {
  autocrypt: { key: string; value: AutocryptPeer; indexes: { byLastSeen: string } };
  published: { key: string; value: PublishRecord; indexes: { byFingerprint: string } };
}

const MIGRATIONS: Array<(db: IDBPDatabase<unknown>) => void> = [
  (db) => {
    const peers = db.createObjectStore('autocrypt', { keyPath: 'addr' });
    peers.createIndex('byLastSeen', 'lastSeen');
    const published = db.createObjectStore('published', { keyPath: 'id' });
    published.createIndex('byFingerprint', 'fingerprint');
  },
];

export function openLookupDb(name = LOOKUP_DB_NAME): Promise<IDBPDatabase<LookupDb>> {
  return openDB<LookupDb>(name, MIGRATIONS.length, {
    upgrade(db, oldVersion) {
      for (let v = oldVersion; v < MIGRATIONS.length; v++) MIGRATIONS[v]!(db as unknown as IDBPDatabase<unknown>);
    },
  });
}
