// "Where Cachet runs" (src/background/sites): registration per enabled origin, with fakes of
// the scripting / permissions / tabs / storage APIs.
import { describe, expect, it } from 'vitest';
import type { RegisteredScript, SitesDeps } from '../../../src/background/sites/deps';
import { disableSite, enableSite, ensureSiteScripts, isSiteOrigin, listSites } from '../../../src/background/sites/sites';

function fakes(granted: string[] = []) {
  const scripts = new Map<string, RegisteredScript>();
  const injected: Array<{ tabId: number; files: string[] }> = [];
  const store: Record<string, unknown> = {};
  const perms = new Set(granted);
  const tabs: Record<number, string> = { 7: 'http://127.0.0.1:18680/?_task=mail', 8: 'https://other.example/' };
  const d: SitesDeps = {
    scripting: {
      registerContentScripts: async (list) => {
        for (const s of list) {
          if (scripts.has(s.id)) throw new Error('duplicate id');
          scripts.set(s.id, s);
        }
      },
      unregisterContentScripts: async ({ ids }) => void ids.forEach((id) => scripts.delete(id)),
      getRegisteredContentScripts: async (f) => [...scripts.values()].filter((s) => !f?.ids || f.ids.includes(s.id)),
      executeScript: async ({ target, files }) => void injected.push({ tabId: target.tabId, files }),
    },
    permissions: {
      contains: async ({ origins }) => origins.every((o) => perms.has(o)),
      remove: async ({ origins }) => origins.map((o) => perms.delete(o)).every(Boolean),
    },
    tabs: { get: async (id) => ({ url: tabs[id] }) },
    local: {
      get: async (k) => (typeof k === 'string' ? { [k]: store[k] } : { ...store }),
      set: async (items) => void Object.assign(store, items),
      remove: async () => undefined,
    },
    builtIn: () => ['https://mail.google.com/*'],
  };
  return { d, scripts, injected, perms };
}

const RC = 'http://127.0.0.1:18680';

describe('sites', () => {
  it('accepts only http(s) origins in URL.origin form', () => {
    expect(isSiteOrigin(RC)).toBe(true);
    expect(isSiteOrigin('https://mail.example.org')).toBe(true);
    for (const bad of ['http://127.0.0.1:18680/', 'file:///etc', 'javascript:alert(1)', 'https://EXAMPLE.org', 'https://a.example/path', '*://*/*']) {
      expect(isSiteOrigin(bad), bad).toBe(false);
    }
  });

  it('enableSite without the host permission is refused', async () => {
    const { d, scripts } = fakes();
    await expect(enableSite(d, RC, 7)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(scripts.size).toBe(0);
  });

  it('enableSite registers the content script in all frames, persists the site and injects into the tab now', async () => {
    const { d, scripts, injected } = fakes(['http://127.0.0.1/*']);
    expect(await enableSite(d, RC, 7)).toEqual({ sites: [RC] });
    expect([...scripts.values()]).toEqual([
      { id: `cachet-site:${RC}`, matches: ['http://127.0.0.1/*'], js: ['content.js'], allFrames: true, runAt: 'document_idle', persistAcrossSessions: true },
    ]);
    expect(injected).toEqual([{ tabId: 7, files: ['content.js'] }]);
    expect(await enableSite(d, RC, null)).toEqual({ sites: [RC] }); // idempotent
    expect(await listSites(d)).toEqual({ sites: [RC], builtIn: ['https://mail.google.com/*'] });
  });

  it('does not inject into a tab that shows another origin', async () => {
    const { d, injected } = fakes(['http://127.0.0.1/*']);
    await enableSite(d, RC, 8);
    expect(injected).toEqual([]);
  });

  it('ensureSiteScripts re-registers dropped scripts for sites still permitted; disableSite removes all', async () => {
    const { d, scripts, perms } = fakes(['http://127.0.0.1/*']);
    await enableSite(d, RC, null);
    scripts.clear(); // the browser dropped the registration on restart
    await ensureSiteScripts(d);
    expect(scripts.size).toBe(1);
    expect(await disableSite(d, RC)).toEqual({ sites: [] });
    expect(scripts.size).toBe(0);
    expect(perms.size).toBe(0);
  });
});
