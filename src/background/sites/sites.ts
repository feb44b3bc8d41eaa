/**
 * "Where Cachet runs": the manifest's built-in webmail origins plus origins the user enabled
 * from the popup. Each enabled origin gets the content script through
 * `scripting.registerContentScripts` (persisted by Chrome; Firefox may drop registrations on
 * restart, so `ensureSiteScripts` re-registers at every background start). The host
 * permission itself is requested by the popup from the user's click (only a user gesture
 * may request it); the background only checks it is granted.
 */
import { CachetError } from '../../core/errors';
import type { RegisteredScript, SitesDeps } from './deps';

const STORE_KEY = 'cachet.sites';
const ID_PREFIX = 'cachet-site:';
/** An origin as `URL.origin` prints it for http(s) (no path, no trailing slash). */
const ORIGIN = /^https?:\/\/[a-z0-9.-]{1,253}(:\d{1,5})?$/;

export function isSiteOrigin(origin: string): boolean {
  return ORIGIN.test(origin) && new URL(origin).origin === origin;
}

const pattern = (origin: string): string => `${new URL(origin).protocol}//${new URL(origin).hostname}/*`;
const scriptId = (origin: string): string => `${ID_PREFIX}${origin}`;

function scriptFor(origin: string): RegisteredScript {
  return {
    id: scriptId(origin),
    matches: [pattern(origin)],
    js: ['content.js'],
    // Roundcube's preview is an iframe of the same origin: the script must run there too.
    allFrames: true,
    runAt: 'document_idle',
    persistAcrossSessions: true,
  };
}

async function stored(d: SitesDeps): Promise<string[]> {
  const v = (await d.local.get(STORE_KEY))[STORE_KEY];
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && isSiteOrigin(s)) : [];
}

async function register(d: SitesDeps, origin: string): Promise<void> {
  const have = await d.scripting.getRegisteredContentScripts({ ids: [scriptId(origin)] });
  if (have.length > 0) return;
  try {
    await d.scripting.registerContentScripts([scriptFor(origin)]);
  } catch {
    // Browsers without persistent registrations refuse the flag: register for this session.
    const { persistAcrossSessions: _drop, ...rest } = scriptFor(origin);
    await d.scripting.registerContentScripts([rest]);
  }
}

function check(origin: string): void {
  if (!isSiteOrigin(origin)) throw new CachetError('BAD_REQUEST', 'not an http(s) origin');
}

export async function listSites(d: SitesDeps): Promise<{ sites: string[]; builtIn: string[] }> {
  return { sites: await stored(d), builtIn: d.builtIn() };
}

/** Registers the content script for `origin` and runs it in `tabId` now if that tab shows the origin. */
export async function enableSite(d: SitesDeps, origin: string, tabId: number | null): Promise<{ sites: string[] }> {
  check(origin);
  if (!(await d.permissions.contains({ origins: [pattern(origin)] }))) {
    throw new CachetError('FORBIDDEN', 'host permission not granted for this site');
  }
  await register(d, origin);
  const sites = [...new Set([...(await stored(d)), origin])];
  await d.local.set({ [STORE_KEY]: sites });
  if (tabId !== null) {
    const tab = await d.tabs.get(tabId).catch(() => null);
    // Only into a tab that is on that origin right now (the popup's tab may have navigated).
    if (tab?.url && new URL(tab.url).origin === origin) {
      await d.scripting.executeScript({ target: { tabId, allFrames: true }, files: ['content.js'] }).catch(() => undefined);
    }
  }
  return { sites };
}

export async function disableSite(d: SitesDeps, origin: string): Promise<{ sites: string[] }> {
  check(origin);
  const have = await d.scripting.getRegisteredContentScripts({ ids: [scriptId(origin)] });
  if (have.length > 0) await d.scripting.unregisterContentScripts({ ids: [scriptId(origin)] });
  const sites = (await stored(d)).filter((s) => s !== origin);
  await d.local.set({ [STORE_KEY]: sites });
  await d.permissions.remove({ origins: [pattern(origin)] }).catch(() => false);
  return { sites };
}

/** At background start: every enabled site whose permission is still granted has its script registered. */
export async function ensureSiteScripts(d: SitesDeps): Promise<void> {
  for (const origin of await stored(d)) {
    if (await d.permissions.contains({ origins: [pattern(origin)] })) await register(d, origin);
  }
}
