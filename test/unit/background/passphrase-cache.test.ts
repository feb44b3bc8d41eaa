import { describe, expect, it } from 'vitest';
import { ALARM_PREFIX, PassphraseCache, type UnlockedCodec } from '../../../src/background/passphrase-cache';
import { SettingsStore } from '../../../src/background/settings-store';
import { fakeBrowser, type FakeBrowser } from './fake-browser';

// A stand-in "unlocked key" and codec; handlers.test.ts exercises the real core codec.
interface FakeKey {
  fpr: string;
  secret: string;
}
const codec: UnlockedCodec<FakeKey> = {
  serialize: (k) => JSON.stringify(k),
  restore: async (s) => JSON.parse(s) as FakeKey,
};
const A = 'A'.repeat(40);
const B = 'B'.repeat(40);
const MIN = 60_000;

function setup(browser: FakeBrowser = fakeBrowser(), clock = { t: Date.UTC(2026, 0, 1) }) {
  const settings = new SettingsStore(browser.storage.local);
  const cache = new PassphraseCache<FakeKey>({
    session: browser.storage.session,
    alarms: browser.alarms,
    settings,
    codec,
    now: () => clock.t,
  });
  browser.alarms.onAlarm.addListener((a) => cache.onAlarm(a));
  return { browser, cache, settings, clock };
}

describe('passphrase cache', () => {
  it('restricts storage.session to trusted contexts', async () => {
    const { cache, browser } = setup();
    await cache.init();
    expect(browser.storage.session.accessLevel).toBe('TRUSTED_CONTEXTS');
  });

  it('caches for the default 10 minutes, then the alarm removes the entry', async () => {
    const { cache, browser, clock } = setup();
    const until = await cache.put(A, { fpr: A, secret: 's' });
    expect(until?.getTime()).toBe(clock.t + 10 * MIN);
    expect(browser.alarms.scheduled.get(ALARM_PREFIX + A)).toBe(clock.t + 10 * MIN);
    expect(await cache.get(A)).toEqual({ fpr: A, secret: 's' });
    expect(await cache.list()).toEqual([{ fingerprint: A, until: (until as Date).toISOString() }]);

    clock.t += 10 * MIN;
    expect(await browser.alarms.fireDue(clock.t)).toEqual([ALARM_PREFIX + A]);
    expect(browser.storage.session.data.size).toBe(0);
    expect(await cache.get(A)).toBeNull();
  });

  it('enforces expiry by the clock when the alarm is late or lost', async () => {
    const { cache, browser, clock } = setup();
    await cache.put(A, { fpr: A, secret: 's' });
    browser.alarms.scheduled.clear(); // e.g. the machine slept through it
    clock.t += 10 * MIN + 1;
    expect(await cache.get(A)).toBeNull();
    expect(await cache.list()).toEqual([]);
    expect(browser.storage.session.data.size).toBe(0);
  });

  it('an alarm that fires before the entry expires re-arms instead of locking', async () => {
    const { cache, browser, clock } = setup();
    await cache.put(A, { fpr: A, secret: 's' });
    clock.t += 5 * MIN;
    await cache.put(A, { fpr: A, secret: 's' }); // re-unlocked: expiry moves on
    await cache.onAlarm({ name: ALARM_PREFIX + A, scheduledTime: clock.t - 5 * MIN + 10 * MIN });
    expect(await cache.get(A)).not.toBeNull();
    expect(browser.alarms.scheduled.get(ALARM_PREFIX + A)).toBe(clock.t + 10 * MIN);
  });

  it('never caches when the setting is 0 and drops what was cached', async () => {
    const { cache, settings, browser } = setup();
    await cache.put(A, { fpr: A, secret: 's' });
    await settings.set({ passphraseCacheMinutes: 0 });
    expect(await cache.put(A, { fpr: A, secret: 's' })).toBeNull();
    expect(await cache.get(A)).toBeNull();
    expect(browser.storage.session.data.size).toBe(0);
    expect(browser.alarms.scheduled.size).toBe(0);
  });

  it('applySettings shortens live entries and 0 locks everything', async () => {
    const { cache, clock } = setup();
    await cache.put(A, { fpr: A, secret: 's' });
    await cache.applySettings(2);
    expect((await cache.list())[0]?.until).toBe(new Date(clock.t + 2 * MIN).toISOString());
    await cache.applySettings(0);
    expect(await cache.list()).toEqual([]);
  });

  it('lockAll removes every entry and its alarm, and nothing else', async () => {
    const { cache, browser } = setup();
    await browser.storage.session.set({ unrelated: 1 });
    await cache.put(A, { fpr: A, secret: 's' });
    await cache.put(B, { fpr: B, secret: 't' });
    await cache.lockAll();
    expect(await cache.get(A)).toBeNull();
    expect(await cache.get(B)).toBeNull();
    expect([...browser.storage.session.data.keys()]).toEqual(['unrelated']);
    expect(browser.alarms.scheduled.size).toBe(0);
  });

  it('survives a service-worker restart: a new instance reads the same session storage', async () => {
    const browser = fakeBrowser();
    const clock = { t: Date.UTC(2026, 0, 1) };
    const first = setup(browser, clock);
    await first.settings.set({ passphraseCacheMinutes: 30 });
    await first.cache.put(A, { fpr: A, secret: 's' });

    // Restart: fresh module instance, nothing in memory, same storage areas.
    const mod = await import('../../../src/background/passphrase-cache?restart' as string);
    const { SettingsStore: FreshSettings } = await import('../../../src/background/settings-store?restart' as string);
    const Fresh = mod.PassphraseCache as typeof PassphraseCache;
    expect(Fresh).not.toBe(PassphraseCache);
    const second = new Fresh<FakeKey>({
      session: browser.storage.session,
      alarms: browser.alarms,
      settings: new (FreshSettings as typeof SettingsStore)(browser.storage.local),
      codec,
      now: () => clock.t,
    });
    clock.t += 29 * MIN;
    expect(await second.get(A)).toEqual({ fpr: A, secret: 's' });
    clock.t += 2 * MIN;
    expect(await second.get(A)).toBeNull();
  });

  it('drops an entry that no longer restores instead of failing every time', async () => {
    const { cache, browser } = setup();
    await browser.storage.session.set({ [`unlocked:${A}`]: { serialized: 'not json', until: Number.MAX_SAFE_INTEGER } });
    expect(await cache.get(A)).toBeNull();
    expect(browser.storage.session.data.size).toBe(0);
  });

  it('writes nothing to storage.local except settings', async () => {
    const { cache, browser } = setup();
    await cache.put(A, { fpr: A, secret: 'very secret' });
    expect(JSON.stringify([...browser.storage.local.data])).not.toContain('very secret');
  });
});
