/**
 * Confirmations waiting for the user, in `storage.session` (a worker restart keeps them):
 * what the window shows, what approving does, the window, and how it ended. Nothing secret:
 * a public key and addresses. One per asking tab: a new question replaces the previous one.
 */
import type { ErrorCode } from '../../core/errors';
import type { ConfirmState, ConfirmView } from '../../shared/confirm-protocol';
import type { StorageAreaLike } from '../browser-deps';

const ITEM = 'confirm:';
const OF_TAB = 'confirm-tab:';

/** What approving does: the background acts on these, never on the window's or frame's word. */
export type ConfirmAction =
  | { kind: 'lookupImport'; address: string; armored: string; fingerprint: string; replace: boolean }
  | { kind: 'pageApiEncrypt'; sessionId: string; requestId: string; sign: boolean; recipients: string[] }
  | { kind: 'signOnly'; sessionId: string; textHash: string };

export interface Confirmation {
  id: string;
  /** The tab of the frame that asked; only it reads the outcome. */
  tabId: number;
  view: ConfirmView;
  action: ConfirmAction;
  /** Our window; only its page answers. Null until the browser gave its id. */
  windowId: number | null;
  state: ConfirmState;
  error: ErrorCode | null;
  /**
   * The window answered and the background is acting on it: still `pending` for the asking
   * frame (it must not see `approved` before the key is stored), but nobody may answer again.
   */
  answered?: boolean;
  createdAt: number;
}

function isConfirmation(v: unknown, id: string): v is Confirmation {
  return typeof v === 'object' && v !== null && (v as Confirmation).id === id && typeof (v as Confirmation).tabId === 'number';
}

export async function getConfirmation(area: StorageAreaLike, id: string): Promise<Confirmation | null> {
  const v = (await area.get(ITEM + id))[ITEM + id];
  return isConfirmation(v, id) ? v : null;
}

export async function putConfirmation(area: StorageAreaLike, c: Confirmation): Promise<void> {
  await area.set({ [ITEM + c.id]: c, [OF_TAB + c.tabId]: c.id });
}

/** The confirmation a tab asked last, if any. */
export async function confirmationOfTab(area: StorageAreaLike, tabId: number): Promise<Confirmation | null> {
  const id = (await area.get(OF_TAB + tabId))[OF_TAB + tabId];
  return typeof id === 'string' ? getConfirmation(area, id) : null;
}

/** The pending confirmation shown in window `windowId`. */
export async function confirmationOfWindow(area: StorageAreaLike, windowId: number): Promise<Confirmation | null> {
  const all = await area.get(null);
  for (const [k, v] of Object.entries(all)) {
    if (k.startsWith(ITEM) && isConfirmation(v, k.slice(ITEM.length)) && v.windowId === windowId) return v;
  }
  return null;
}

/** Ended confirmations keep only their outcome (the public key and the text preview are dropped). */
export async function endConfirmation(area: StorageAreaLike, c: Confirmation, state: ConfirmState, error: ErrorCode | null = null): Promise<Confirmation> {
  const action = c.action.kind === 'lookupImport' ? { ...c.action, armored: '' } : c.action;
  const view = c.view.kind === 'signOnly' ? { ...c.view, preview: '' } : c.view;
  const ended: Confirmation = { ...c, state, error, action, view };
  await area.set({ [ITEM + c.id]: ended });
  return ended;
}

/** Marks `c` answered (see Confirmation.answered) before the background acts on the answer. */
export async function markAnswered(area: StorageAreaLike, c: Confirmation): Promise<Confirmation> {
  const marked: Confirmation = { ...c, answered: true };
  await area.set({ [ITEM + c.id]: marked });
  return marked;
}

export async function dropConfirmation(area: StorageAreaLike, c: Confirmation): Promise<void> {
  await area.remove([ITEM + c.id]);
}
