/** The extension API slices the confirmation windows use (fakes in unit tests, `ext.*` in the browser). */
import type { StorageAreaLike } from '../browser-deps';

export interface ConfirmDeps {
  /** `storage.session`: confirmations waiting for the user (a worker restart keeps them). */
  session: StorageAreaLike;
  /** Opens our extension page `path` (with hash) in its own popup window; its window id. */
  openWindow(path: string): Promise<number | null>;
  closeWindow(windowId: number): Promise<void>;
  /** `runtime.sendMessage`: a notice to our own extension pages (the asking frame). */
  broadcast(message: unknown): Promise<unknown>;
  /** `windows.onRemoved`: a window closed without an answer is a refusal. */
  onWindowRemoved?(listener: (windowId: number) => void): void;
}
