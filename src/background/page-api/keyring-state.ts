/**
 * What the page-API keyring calls keep between requests, in `storage.session` (a worker
 * restart keeps it, PI-07): the import waiting for the user's decision in our window, and
 * each key-generation container. Nothing secret: the offered PUBLIC key, addresses, ids.
 * A generated key waiting for the page's `confirm()` is NOT kept here (it is a private key):
 * it lives in the worker's memory only (keygen-pending.ts).
 */
import type { StorageAreaLike } from '../browser-deps';
import type { BoundFrame, PendingClaim } from '../mail/claim-token';
import type { PageApiImportPrompt, PageApiKeyGenView } from '../../shared/page-api-keyring-protocol';

const IMPORT = 'page-api-import:';
const IMPORT_TAB = 'page-api-import-tab:';
const KEYGEN = 'page-api-keygen:';

export interface PendingImport {
  importId: string;
  /** The bridge that asked: the push goes back there. */
  tabId: number;
  frameId: number;
  requestId: string;
  /** Public key only (secret parts refused before this is stored). */
  armored: string;
  prompt: PageApiImportPrompt;
  /** The confirmation window; its tab alone may decide. */
  windowId: number | null;
}

export interface KeyGenState {
  tabId: number;
  frameId: number;
  origin: string;
  userIds: PageApiKeyGenView['userIds'];
  step: PageApiKeyGenView['step'];
  requestId: string | null;
  confirmRequired: boolean;
  fingerprint: string | null;
  /** PI-03: the claim token waiting for our frame's next load, and the frame document that spent one. */
  pending: PendingClaim | null;
  bound: BoundFrame | null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

export async function getImport(area: StorageAreaLike, importId: string): Promise<PendingImport | null> {
  const v = (await area.get(IMPORT + importId))[IMPORT + importId];
  return isRecord(v) && v.importId === importId ? (v as unknown as PendingImport) : null;
}

/** The import a tab is waiting for, if any (one prompt per tab at a time). */
export async function importOfTab(area: StorageAreaLike, tabId: number): Promise<PendingImport | null> {
  const id = (await area.get(IMPORT_TAB + tabId))[IMPORT_TAB + tabId];
  return typeof id === 'string' ? getImport(area, id) : null;
}

export async function putImport(area: StorageAreaLike, p: PendingImport): Promise<void> {
  await area.set({ [IMPORT + p.importId]: p, [IMPORT_TAB + p.tabId]: p.importId });
}

export async function dropImport(area: StorageAreaLike, p: PendingImport): Promise<void> {
  await area.remove([IMPORT + p.importId, IMPORT_TAB + p.tabId]);
}

/** The pending import whose confirmation window is `windowId` (window closed → REJECTED). */
export async function importOfWindow(area: StorageAreaLike, windowId: number): Promise<PendingImport | null> {
  const all = await area.get(null);
  for (const [k, v] of Object.entries(all)) {
    if (k.startsWith(IMPORT) && isRecord(v) && v.windowId === windowId) return v as unknown as PendingImport;
  }
  return null;
}

export async function getKeyGen(area: StorageAreaLike, sessionId: string): Promise<KeyGenState | null> {
  const v = (await area.get(KEYGEN + sessionId))[KEYGEN + sessionId];
  return isRecord(v) && typeof v.tabId === 'number' ? (v as unknown as KeyGenState) : null;
}

export async function putKeyGen(area: StorageAreaLike, sessionId: string, s: KeyGenState): Promise<void> {
  await area.set({ [KEYGEN + sessionId]: s });
}
