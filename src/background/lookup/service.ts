/**
 * The lookup service: finds keys for addresses across the sources, classifies each found
 * key against the keyring (KM-01). Importing one: import-found.ts, after the user confirmed
 * in an extension window (../confirm/).
 */
import type { IDBPDatabase } from 'idb';
import { CachetError } from '../../core/errors';
import type { LookupFound, LookupResult } from '../../shared/lookup-protocol';
import type { LookupDeps } from './deps';
import { openLookupDb, type LookupDb } from './db';
import { getLookupSettings } from './settings';
import { askSources } from './sources';

export class LookupService {
  private db: Promise<IDBPDatabase<LookupDb>> | null = null;

  constructor(readonly deps: LookupDeps) {}

  database(): Promise<IDBPDatabase<LookupDb>> {
    this.db ??= openLookupDb(this.deps.dbName).catch((e: unknown) => {
      this.db = null;
      throw new CachetError('STORAGE_FAILED', e instanceof Error ? e.message : undefined);
    });
    return this.db;
  }

  /** Looks one address up in every enabled source; found keys merged by fingerprint, sources kept in order. */
  async lookup(address: string): Promise<LookupResult> {
    const settings = await getLookupSettings(this.deps.local);
    const vaultUrl = await this.deps.vaultUrl().catch(() => null);
    const { answers, failures } = await askSources(address, settings, vaultUrl, this.deps, await this.database());
    const stored = await (await this.deps.keystore()).byEmail(address);
    const storedFprs = stored.map((r) => r.fingerprint);
    const byFpr = new Map<string, LookupFound>();
    for (const a of answers) {
      for (const k of a.keys) {
        const seen = byFpr.get(k.fingerprint);
        if (seen) {
          seen.sources.push(a.source);
          continue;
        }
        const known = storedFprs.includes(k.fingerprint);
        byFpr.set(k.fingerprint, {
          fingerprint: k.fingerprint,
          armored: k.armored,
          info: k.info,
          sources: [a.source],
          // KM-01: a key for an address that has another key is a conflict, never "new".
          state: known ? 'known' : storedFprs.length > 0 ? 'conflict' : 'new',
          conflictsWith: known ? [] : storedFprs,
        });
      }
    }
    return { address, found: [...byFpr.values()], errors: failures };
  }
}
