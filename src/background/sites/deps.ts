/** The slices of the extension API "Where Cachet runs" needs (fakes in tests, `ext.*` in the browser). */
import type { StorageAreaLike } from '../browser-deps';

export interface RegisteredScript {
  id: string;
  matches?: string[];
  js?: string[];
  allFrames?: boolean;
  runAt?: 'document_start' | 'document_end' | 'document_idle';
  persistAcrossSessions?: boolean;
}

export interface ScriptingLike {
  registerContentScripts(scripts: RegisteredScript[]): Promise<void>;
  unregisterContentScripts(filter: { ids: string[] }): Promise<void>;
  getRegisteredContentScripts(filter?: { ids?: string[] }): Promise<RegisteredScript[]>;
  executeScript(injection: { target: { tabId: number; allFrames?: boolean }; files: string[] }): Promise<unknown>;
}

export interface PermissionsLike {
  contains(p: { origins: string[] }): Promise<boolean>;
  remove(p: { origins: string[] }): Promise<boolean>;
}

export interface TabsLike {
  get(tabId: number): Promise<{ url?: string }>;
}

export interface SitesDeps {
  scripting: ScriptingLike;
  permissions: PermissionsLike;
  tabs: TabsLike;
  local: StorageAreaLike;
  /** Match patterns of the manifest's own content script (the built-in webmails). */
  builtIn: () => string[];
}
