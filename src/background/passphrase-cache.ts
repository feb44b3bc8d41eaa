/**
 * Unlocked private keys cached for the user-chosen time (PI-07, and unlocking costs
 * ~150 ms of S2K per operation otherwise).
 *
 * Entries live only in `storage.session` (memory-only, cleared when the browser
 * closes; restricted to trusted contexts where the browser lets us say so), so they
 * survive a service-worker restart and nothing unlocked ever reaches storage.local or
 * IndexedDB. Expiry is enforced twice: an alarm per entry removes it, and every read
 * checks the clock (alarms can be late, or lost if the browser was asleep).
 */
import type { UnlockedEntry } from '../shared/protocol';
import type { AlarmLike, AlarmsLike, SessionAreaLike } from './browser-deps';
import type { SettingsStore } from './settings-store';

const ENTRY_PREFIX = 'unlocked:';
export const ALARM_PREFIX = 'cachet-lock:';

/** Turns an unlocked key into text and back (the core's serializeUnlocked / restoreUnlocked). */
export interface UnlockedCodec<K> {
  serialize(key: K): string;
  restore(serialized: string): Promise<K>;
}

interface Entry {
  serialized: string;
  /** Epoch milliseconds. */
  until: number;
}

function isEntry(v: unknown): v is Entry {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as Entry).serialized === 'string' &&
    typeof (v as Entry).until === 'number'
  );
}

export interface PassphraseCacheDeps<K> {
  session: SessionAreaLike;
  alarms: AlarmsLike;
  settings: SettingsStore;
  codec: UnlockedCodec<K>;
  now?: () => number;
}

export class PassphraseCache<K> {
  private readonly now: () => number;

  constructor(private readonly d: PassphraseCacheDeps<K>) {
    this.now = d.now ?? Date.now;
  }

  /** Keeps the session area away from content scripts (Chrome; Firefox never exposes it to them). */
  async init(): Promise<void> {
    await this.d.session.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
  }

  /** Caches an unlocked key; returns the expiry, or null when caching is off (0 minutes). */
  async put(fingerprint: string, key: K): Promise<Date | null> {
    const { passphraseCacheMinutes } = await this.d.settings.get();
    if (passphraseCacheMinutes <= 0) {
      await this.remove(fingerprint);
      return null;
    }
    const until = this.now() + passphraseCacheMinutes * 60_000;
    const entry: Entry = { serialized: this.d.codec.serialize(key), until };
    await this.d.session.set({ [ENTRY_PREFIX + fingerprint]: entry });
    await this.d.alarms.create(ALARM_PREFIX + fingerprint, { when: until });
    return new Date(until);
  }

  /** The unlocked key if cached and not expired, else null. */
  async get(fingerprint: string): Promise<K | null> {
    const entry = (await this.d.session.get(ENTRY_PREFIX + fingerprint))[ENTRY_PREFIX + fingerprint];
    if (!isEntry(entry) || entry.until <= this.now()) {
      if (entry !== undefined) await this.remove(fingerprint);
      return null;
    }
    try {
      return await this.d.codec.restore(entry.serialized);
    } catch {
      await this.remove(fingerprint);
      return null;
    }
  }

  /** Whether a key is cached and not expired, without restoring (parsing) it. */
  async has(fingerprint: string): Promise<boolean> {
    const entry = (await this.d.session.get(ENTRY_PREFIX + fingerprint))[ENTRY_PREFIX + fingerprint];
    return isEntry(entry) && entry.until > this.now();
  }

  /** Live entries (expired ones are dropped on the way). */
  async list(): Promise<UnlockedEntry[]> {
    const now = this.now();
    const out: UnlockedEntry[] = [];
    for (const [name, entry] of Object.entries(await this.d.session.get(null))) {
      if (!name.startsWith(ENTRY_PREFIX)) continue;
      const fingerprint = name.slice(ENTRY_PREFIX.length);
      if (!isEntry(entry) || entry.until <= now) await this.remove(fingerprint);
      else out.push({ fingerprint, until: new Date(entry.until).toISOString() });
    }
    return out.sort((a, b) => a.fingerprint.localeCompare(b.fingerprint));
  }

  async remove(fingerprint: string): Promise<void> {
    await this.d.session.remove(ENTRY_PREFIX + fingerprint);
    await this.d.alarms.clear(ALARM_PREFIX + fingerprint);
  }

  async lockAll(): Promise<void> {
    const names = Object.keys(await this.d.session.get(null)).filter((n) => n.startsWith(ENTRY_PREFIX));
    await this.d.session.remove(names);
    for (const n of names) await this.d.alarms.clear(ALARM_PREFIX + n.slice(ENTRY_PREFIX.length));
  }

  /** After a settings change: 0 locks everything; a shorter time shortens live entries. */
  async applySettings(minutes: number): Promise<void> {
    if (minutes <= 0) return this.lockAll();
    const latest = this.now() + minutes * 60_000;
    for (const [name, entry] of Object.entries(await this.d.session.get(null))) {
      if (!name.startsWith(ENTRY_PREFIX) || !isEntry(entry) || entry.until <= latest) continue;
      await this.d.session.set({ [name]: { ...entry, until: latest } });
      await this.d.alarms.create(ALARM_PREFIX + name.slice(ENTRY_PREFIX.length), { when: latest });
    }
  }

  /** `alarms.onAlarm` listener. */
  async onAlarm(alarm: AlarmLike): Promise<void> {
    if (!alarm.name.startsWith(ALARM_PREFIX)) return;
    const fingerprint = alarm.name.slice(ALARM_PREFIX.length);
    const entry = (await this.d.session.get(ENTRY_PREFIX + fingerprint))[ENTRY_PREFIX + fingerprint];
    if (isEntry(entry) && entry.until > this.now()) {
      // Fired early relative to our clock (or a newer put re-armed it): wait for the real expiry.
      await this.d.alarms.create(alarm.name, { when: entry.until });
      return;
    }
    await this.remove(fingerprint);
  }
}
