/**
 * Cachet's own popup windows (the page-API import window, the PI-03 confirmation window):
 * extension pages that are not web-accessible, opened with `windows.create` (no permission
 * needed), so no web page can frame, cover or click in them. Each is bound to one question:
 * only our page carrying exactly that id in its fragment, at the top of the window we opened
 * for it, may read or answer it.
 */
import type { Runtime } from 'webextension-polyfill';
import { ext } from '../shared/api';

const WINDOW = { width: 520, height: 640 } as const;

/** Opens our page `path` (with hash) in its own focused popup window; its window id. */
export async function openExtensionWindow(path: string): Promise<number | null> {
  const w = await ext.windows.create({ url: ext.runtime.getURL(path), type: 'popup', focused: true, ...WINDOW });
  return typeof w.id === 'number' ? w.id : null;
}

/** `sender` is our `page#id` (no query), top-level in window `windowId` (null: not known yet). */
export function isWindowPage(sender: Runtime.MessageSender, page: string, id: string, windowId: number | null): boolean {
  if (sender.frameId !== undefined && sender.frameId !== 0) return false;
  try {
    const u = new URL(sender.url ?? '');
    if (u.pathname !== `/${page}` || u.hash !== `#${id}` || u.search !== '') return false;
  } catch {
    return false;
  }
  return windowId === null || (sender.tab as { windowId?: number } | undefined)?.windowId === windowId;
}
