/**
 * Where the page API runs: a per-site switch, separate from "Cachet runs on this site",
 * because it puts a script into the page's own world (`window.mailvelope`). Two scripts are
 * registered for such an origin, both at document_start in every frame (Roundcube's preview is
 * a same-origin iframe that runs its own `rcmail`):
 * - page-api.js in world MAIN (scripting.registerContentScripts `world`, Chrome 111+ /
 *   Firefox 128+): defines the API object; no web-accessible resource is needed (PI-06);
 * - page-api-bridge.js in the isolated world: validates and relays to the background.
 */
import { CachetError } from '../../core/errors';
import type { PageApiDeps, PageApiScript } from './deps';

const STORE_KEY = 'cachet.pageApiSites';
const ORIGIN = /^https?:\/\/[a-z0-9.-]{1,253}(:\d{1,5})?$/;

const pattern = (origin: string): string => `${new URL(origin).protocol}//${new URL(origin).hostname}/*`;
const ids = (origin: string): [string, string] => [`cachet-page-api:${origin}`, `cachet-page-api-bridge:${origin}`];

export function isOrigin(origin: string): boolean {
  return ORIGIN.test(origin) && new URL(origin).origin === origin;
}

export function scriptsFor(origin: string): PageApiScript[] {
  const [pageId, bridgeId] = ids(origin);
  const common = { matches: [pattern(origin)], allFrames: true, runAt: 'document_start' as const, persistAcrossSessions: true };
  return [
    { ...common, id: pageId, js: ['page-api.js'], world: 'MAIN' },
    { ...common, id: bridgeId, js: ['page-api-bridge.js'] },
  ];
}

export async function pageApiOrigins(d: PageApiDeps): Promise<string[]> {
  const v = (await d.local.get(STORE_KEY))[STORE_KEY];
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && isOrigin(s)) : [];
}

async function register(d: PageApiDeps, origin: string): Promise<void> {
  const have = await d.scripting.getRegisteredContentScripts({ ids: ids(origin) });
  if (have.length === 2) return;
  if (have.length > 0) await d.scripting.unregisterContentScripts({ ids: have.map((s) => s.id) });
  try {
    await d.scripting.registerContentScripts(scriptsFor(origin));
  } catch {
    // Browsers without persistent registrations refuse the flag: register for this session.
    await d.scripting.registerContentScripts(scriptsFor(origin).map(({ persistAcrossSessions: _p, ...rest }) => rest));
  }
}

/** Turns the page API on or off for `origin` (the host permission must already be granted). */
export async function setPageApiSite(d: PageApiDeps, origin: string, enabled: boolean): Promise<{ origins: string[] }> {
  if (!isOrigin(origin)) throw new CachetError('BAD_REQUEST', 'not an http(s) origin');
  const current = await pageApiOrigins(d);
  if (enabled) {
    if (!(await d.permissions.contains({ origins: [pattern(origin)] }))) {
      throw new CachetError('FORBIDDEN', 'host permission not granted for this site');
    }
    await register(d, origin);
    const origins = [...new Set([...current, origin])];
    await d.local.set({ [STORE_KEY]: origins });
    return { origins };
  }
  const have = await d.scripting.getRegisteredContentScripts({ ids: ids(origin) });
  if (have.length > 0) await d.scripting.unregisterContentScripts({ ids: have.map((s) => s.id) });
  const origins = current.filter((o) => o !== origin);
  await d.local.set({ [STORE_KEY]: origins });
  return { origins };
}

/** At background start: re-register (Firefox may drop registrations on restart). */
export async function ensurePageApiScripts(d: PageApiDeps): Promise<void> {
  for (const origin of await pageApiOrigins(d)) {
    if (await d.permissions.contains({ origins: [pattern(origin)] })) await register(d, origin);
  }
}
