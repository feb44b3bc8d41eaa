import { describe, expect, it } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import type { PageApiDeps, PageApiScript } from '../../../src/background/page-api/deps';
import { pageApiCaller, RATE } from '../../../src/background/page-api/guard';
import { ensurePageApiScripts, pageApiOrigins, setPageApiSite } from '../../../src/background/page-api/sites';
import type { StorageAreaLike } from '../../../src/background/browser-deps';

function area(): StorageAreaLike {
  const m = new Map<string, unknown>();
  return {
    async get(keys) {
      if (typeof keys === 'string') return m.has(keys) ? { [keys]: m.get(keys) } : {};
      return Object.fromEntries(m);
    },
    async set(items) {
      for (const [k, v] of Object.entries(items)) m.set(k, structuredClone(v));
    },
    async remove(keys) {
      for (const k of Array.isArray(keys) ? keys : [keys]) m.delete(k);
    },
  };
}

function deps(granted: boolean): PageApiDeps & { registered: Map<string, PageApiScript> } {
  const registered = new Map<string, PageApiScript>();
  return {
    registered,
    scripting: {
      async registerContentScripts(list) {
        for (const s of list) {
          if (registered.has(s.id)) throw new Error('duplicate id');
          registered.set(s.id, s);
        }
      },
      async unregisterContentScripts({ ids }) {
        for (const id of ids) registered.delete(id);
      },
      async getRegisteredContentScripts(filter) {
        return [...registered.values()].filter((s) => !filter?.ids || filter.ids.includes(s.id));
      },
    },
    permissions: { contains: async () => granted },
    local: area(),
    session: area(),
    sendToTab: async () => undefined,
    broadcast: async () => undefined,
    openOptionsPage: async () => undefined,
  };
}

const ORIGIN = 'http://127.0.0.1:18880';

describe('page API per-site switch', () => {
  it('registers the page script in world MAIN and the bridge isolated, at document_start in all frames', async () => {
    const d = deps(true);
    expect(await setPageApiSite(d, ORIGIN, true)).toEqual({ origins: [ORIGIN] });
    const scripts = [...d.registered.values()];
    expect(scripts).toHaveLength(2);
    const page = scripts.find((s) => s.js?.[0] === 'page-api.js');
    const bridge = scripts.find((s) => s.js?.[0] === 'page-api-bridge.js');
    expect(page).toMatchObject({ world: 'MAIN', runAt: 'document_start', allFrames: true, matches: ['http://127.0.0.1/*'] });
    expect(bridge?.world).toBeUndefined(); // isolated: it holds the extension API
    expect(bridge).toMatchObject({ runAt: 'document_start', allFrames: true });
  });

  it('refuses without the host permission and for non-origins', async () => {
    await expect(setPageApiSite(deps(false), ORIGIN, true)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(setPageApiSite(deps(true), 'javascript:alert(1)', true)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(setPageApiSite(deps(true), 'http://127.0.0.1:18880/path', true)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('turning it off unregisters both scripts; ensure re-registers what is on', async () => {
    const d = deps(true);
    await setPageApiSite(d, ORIGIN, true);
    await setPageApiSite(d, ORIGIN, false);
    expect(d.registered.size).toBe(0);
    expect(await pageApiOrigins(d)).toEqual([]);
    await setPageApiSite(d, ORIGIN, true);
    d.registered.clear(); // Firefox dropped the registrations at restart
    await ensurePageApiScripts(d);
    expect(d.registered.size).toBe(2);
  });
});

describe('page API caller check (forged bridge messages)', () => {
  const sender = (url: string, tabId = 7): Runtime.MessageSender => ({ id: 'ext', url, tab: { id: tabId } as Runtime.MessageSender['tab'], frameId: 0 });

  it('accepts a content script on an enabled origin only', async () => {
    const d = deps(true);
    await setPageApiSite(d, ORIGIN, true);
    await expect(pageApiCaller(d, sender(`${ORIGIN}/?_task=mail`), 0)).resolves.toMatchObject({ tabId: 7, origin: ORIGIN });
    await expect(pageApiCaller(d, sender('http://127.0.0.1:9999/'), 0)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(pageApiCaller(d, sender('https://evil.test/'), 0)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(pageApiCaller(d, { id: 'ext', url: `${ORIGIN}/` }, 0)).rejects.toMatchObject({ code: 'FORBIDDEN' }); // no tab
  });

  it('rate-limits a tab', async () => {
    const d = deps(true);
    await setPageApiSite(d, ORIGIN, true);
    for (let i = 0; i < RATE.max; i++) await pageApiCaller(d, sender(`${ORIGIN}/`, 99), 1000);
    await expect(pageApiCaller(d, sender(`${ORIGIN}/`, 99), 1000)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(pageApiCaller(d, sender(`${ORIGIN}/`, 99), 1000 + RATE.windowMs + 1)).resolves.toBeDefined();
  });
});
