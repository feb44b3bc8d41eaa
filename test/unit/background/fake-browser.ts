/**
 * A small in-memory stand-in for the extension APIs the background uses:
 * runtime (id, getURL, getManifest, onMessage), storage.local / storage.session
 * (values structured-cloned like the real areas) and alarms (fired by the test).
 */
import type { AlarmLike, SessionAreaLike, StorageAreaLike } from '../../../src/background/browser-deps';

type Listener<A extends unknown[]> = (...args: A) => unknown;

class FakeEvent<A extends unknown[]> {
  readonly listeners: Array<Listener<A>> = [];
  addListener(l: Listener<A>): void {
    this.listeners.push(l);
  }
  removeListener(l: Listener<A>): void {
    const i = this.listeners.indexOf(l);
    if (i >= 0) this.listeners.splice(i, 1);
  }
  hasListener(l: Listener<A>): boolean {
    return this.listeners.includes(l);
  }
}

export class FakeStorageArea implements StorageAreaLike {
  readonly data = new Map<string, unknown>();
  async get(keys?: null | string | string[]): Promise<Record<string, unknown>> {
    const names = keys === null || keys === undefined ? [...this.data.keys()] : Array.isArray(keys) ? keys : [keys];
    const out: Record<string, unknown> = {};
    for (const k of names) if (this.data.has(k)) out[k] = structuredClone(this.data.get(k));
    return out;
  }
  async set(items: Record<string, unknown>): Promise<void> {
    for (const [k, v] of Object.entries(items)) this.data.set(k, structuredClone(v));
  }
  async remove(keys: string | string[]): Promise<void> {
    for (const k of Array.isArray(keys) ? keys : [keys]) this.data.delete(k);
  }
}

export class FakeSessionArea extends FakeStorageArea implements SessionAreaLike {
  accessLevel: string | null = null;
  async setAccessLevel(o: { accessLevel: string }): Promise<void> {
    this.accessLevel = o.accessLevel;
  }
}

export class FakeAlarms {
  readonly scheduled = new Map<string, number>();
  readonly onAlarm = new FakeEvent<[AlarmLike]>();
  async create(name: string, info: { when: number }): Promise<void> {
    this.scheduled.set(name, info.when);
  }
  async clear(name: string): Promise<boolean> {
    return this.scheduled.delete(name);
  }
  /** Fires every alarm due at `now` the way the browser would, awaiting the listeners. */
  async fireDue(now: number): Promise<string[]> {
    const due = [...this.scheduled].filter(([, when]) => when <= now);
    for (const [name, when] of due) {
      this.scheduled.delete(name);
      for (const l of this.onAlarm.listeners) await l({ name, scheduledTime: when });
    }
    return due.map(([name]) => name);
  }
}

export const EXTENSION_ID = 'abcdefghijklmnopabcdefghijklmnop';

export function fakeBrowser(id = EXTENSION_ID) {
  return {
    runtime: {
      id,
      getURL: (path: string) => `chrome-extension://${id}/${path.replace(/^\//, '')}`,
      getManifest: () => ({ manifest_version: 3, name: 'Cachet', version: '0.1.0' }),
      onMessage: new FakeEvent<[unknown, unknown, (r: unknown) => void]>(),
      onInstalled: new FakeEvent<[unknown]>(),
      // Present so a test can assert nobody listens to other extensions or pages.
      onMessageExternal: new FakeEvent<[unknown, unknown, (r: unknown) => void]>(),
      onConnectExternal: new FakeEvent<[unknown]>(),
    },
    storage: { local: new FakeStorageArea(), session: new FakeSessionArea() },
    alarms: new FakeAlarms(),
  };
}

export type FakeBrowser = ReturnType<typeof fakeBrowser>;
