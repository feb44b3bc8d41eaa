/**
 * User settings in `storage.local`. Nothing secret lives here. Values are re-validated
 * on read, so a hand-edited or older stored value falls back to the defaults.
 */
import type { Settings } from '../shared/protocol';
import { pageSchemas } from '../shared/schemas';
import type { StorageAreaLike } from './browser-deps';

const KEY = 'settings';

export const DEFAULT_SETTINGS: Settings = { passphraseCacheMinutes: 10 };

/** Auto-decrypt is on only when explicitly saved as true (a missing value from older settings is off). */
export function autoDecryptOn(settings: Settings): boolean {
  return settings.autoDecrypt === true;
}

export class SettingsStore {
  constructor(private readonly local: StorageAreaLike) {}

  async get(): Promise<Settings> {
    const stored = (await this.local.get(KEY))[KEY];
    if (stored === undefined) return { ...DEFAULT_SETTINGS };
    try {
      return pageSchemas.setSettings.parse({ ...DEFAULT_SETTINGS, ...(stored as object) }, KEY);
    } catch {
      return { ...DEFAULT_SETTINGS };
    }
  }

  async set(settings: Settings): Promise<Settings> {
    const valid = pageSchemas.setSettings.parse(settings, KEY);
    await this.local.set({ [KEY]: valid });
    return valid;
  }
}
