/** The extension API slices the page-API handlers use (fakes in unit tests, `ext.*` in the browser). */
import type { StorageAreaLike } from '../browser-deps';

export interface PageApiScript {
  id: string;
  matches?: string[];
  js?: string[];
  allFrames?: boolean;
  runAt?: 'document_start' | 'document_end' | 'document_idle';
  /** 'MAIN' for the page script (Chrome 111+, Firefox 128+); the bridge stays isolated. */
  world?: 'ISOLATED' | 'MAIN';
  persistAcrossSessions?: boolean;
}

export interface PageApiDeps {
  scripting: {
    registerContentScripts(scripts: PageApiScript[]): Promise<void>;
    unregisterContentScripts(filter: { ids: string[] }): Promise<void>;
    getRegisteredContentScripts(filter?: { ids?: string[] }): Promise<PageApiScript[]>;
  };
  permissions: { contains(p: { origins: string[] }): Promise<boolean> };
  /** `storage.local`: the origins where the page API is on. */
  local: StorageAreaLike;
  /** `storage.session`: page-API editor state (no secret: addresses and page-given text). */
  session: StorageAreaLike;
  /** `tabs.sendMessage`, for pushes to the bridge. */
  sendToTab(tabId: number, message: unknown, frameId: number): Promise<unknown>;
  /** `runtime.sendMessage`: a notice to our own extension pages (frames). */
  broadcast(message: unknown): Promise<unknown>;
  openOptionsPage(): Promise<void>;
}
