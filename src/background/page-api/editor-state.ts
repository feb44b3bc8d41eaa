/**
 * What a page-API editor session adds to its compose session (storage.session, so a worker
 * restart keeps it, PI-07): the page's options and the encrypt request waiting for the user.
 * Nothing secret: addresses and text the page itself handed over.
 */
import type { StorageAreaLike } from '../browser-deps';
import type { PageApiEncryptRequest } from '../../shared/page-api-protocol';

const PREFIX = 'page-api-editor:';

export interface EditorState {
  signMsg: boolean;
  predefinedText: string | null;
  request: PageApiEncryptRequest | null;
}

function isState(v: unknown): v is EditorState {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return typeof s.signMsg === 'boolean' && (s.predefinedText === null || typeof s.predefinedText === 'string');
}

export async function getEditorState(area: StorageAreaLike, id: string): Promise<EditorState | null> {
  const v = (await area.get(PREFIX + id))[PREFIX + id];
  return isState(v) ? v : null;
}

export async function putEditorState(area: StorageAreaLike, id: string, state: EditorState): Promise<void> {
  await area.set({ [PREFIX + id]: state });
}
