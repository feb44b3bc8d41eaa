/**
 * The slices of the extension API the background logic needs. Modules take these as
 * parameters (index.ts passes `ext.*`), so unit tests pass a small fake instead.
 */
export interface StorageAreaLike {
  get(keys?: null | string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

/** `storage.session` (Chrome 102+, Firefox 115+); `setAccessLevel` is Chrome-only. */
export interface SessionAreaLike extends StorageAreaLike {
  setAccessLevel?(o: { accessLevel: 'TRUSTED_CONTEXTS' | 'TRUSTED_AND_UNTRUSTED_CONTEXTS' }): Promise<void>;
}

export interface AlarmLike {
  name: string;
  scheduledTime: number;
}

export interface AlarmsLike {
  create(name: string, info: { when: number }): Promise<void>;
  clear(name: string): Promise<boolean>;
}
