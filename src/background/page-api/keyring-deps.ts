/** The extension API slices the page-API keyring handlers use (fakes in unit tests, `ext.*` in the browser). */
import type { StorageAreaLike } from '../browser-deps';

export interface PageApiKeyringDeps {
  /** `storage.session`: pending imports and keygen containers (public data only). */
  session: StorageAreaLike;
  /** `storage.local`: the origins where the page API is on (read by the guard). */
  local: StorageAreaLike;
  /** Opens our extension page `path` (with hash) in its own popup window; its window id. */
  openWindow(path: string): Promise<number | null>;
  /** Whether the window still exists (a closed prompt no longer blocks its tab). */
  windowExists(windowId: number): Promise<boolean>;
  closeWindow(windowId: number): Promise<void>;
  /** Absolute URL of our page `path` (frames in web pages). */
  pageUrl(path: string): string;
  /** `tabs.sendMessage`, for pushes to the bridge. */
  sendToTab(tabId: number, message: unknown, frameId: number): Promise<unknown>;
  /** `runtime.sendMessage`: a notice to our own extension pages (frames). */
  broadcast(message: unknown): Promise<unknown>;
  /** `windows.onRemoved`: a confirmation window closed without a decision is a refusal. */
  onWindowRemoved?(listener: (windowId: number) => void): void;
}
