import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EXTENSION_ID, fakeBrowser } from './fake-browser';

describe('background entry (index.ts)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('registers the message, alarm and install listeners, none external, and answers through sendResponse', async () => {
    const browser = fakeBrowser();
    vi.stubGlobal('browser', browser);
    vi.resetModules();
    await import('../../../src/background/index');

    expect(browser.runtime.onMessage.listeners).toHaveLength(1);
    expect(browser.alarms.onAlarm.listeners).toHaveLength(1);
    expect(browser.runtime.onInstalled.listeners).toHaveLength(1);
    expect(browser.runtime.onMessageExternal.listeners).toHaveLength(0);
    expect(browser.runtime.onConnectExternal.listeners).toHaveLength(0);
    await vi.waitFor(() => expect(browser.storage.session.accessLevel).toBe('TRUSTED_CONTEXTS'));

    const listener = browser.runtime.onMessage.listeners[0] as (m: unknown, s: unknown, r: (x: unknown) => void) => unknown;
    const contentSender = { id: EXTENSION_ID, url: 'https://mail.example.org/', tab: { id: 3 } };
    const reply = await new Promise((resolve) => {
      expect(listener({ cachet: 1, type: 'ping', payload: {} }, contentSender, resolve)).toBe(true);
    });
    expect(reply).toEqual({ ok: true, value: { version: '0.1.0' } });
    const refused = await new Promise((resolve) => {
      listener({ cachet: 1, type: 'exportKey', payload: {} }, contentSender, resolve);
    });
    expect(refused).toEqual({ ok: false, error: { code: 'FORBIDDEN', detail: 'exportKey is not allowed from this context' } });
  });
});
