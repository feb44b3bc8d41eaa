/**
 * What a page-API editor session adds to its compose session (storage.session, so a worker
 * restart keeps it, PI-07): the page's options and the encrypt request waiting for the user.
 * Nothing secret: addresses and text the page itself handed over. The quoted ciphertext
 * itself is the compose session's payload (payload-store), as for an ordinary reply.
 */
import type { StorageAreaLike } from '../browser-deps';
import type { PageApiEncryptRequest } from '../../shared/page-api-protocol';

const PREFIX = 'page-api-editor:';

/**
 * How the page wants the quoted mail (`quotedMail`) put into the editor — Mailvelope's
 * createEditorContainer options `quotedMailIndent`, `quotedMailHeader`, `keepAttachments`.
 */
export interface QuoteOptions {
  indent: boolean;
  header: string | null;
  keepAttachments: boolean;
}

export interface EditorState {
  signMsg: boolean;
  predefinedText: string | null;
  request: PageApiEncryptRequest | null;
  /** Present when the page handed over a quoted mail (older sessions: absent = no options). */
  quote?: QuoteOptions | null;
  /**
   * PI-03: the user approved `request` in the confirmation window (../confirm/), with this
   * sign choice and exactly these recipients. confirmPageApiEncrypt encrypts nothing without it.
   */
  approval?: { requestId: string; sign: boolean; recipients: string[] } | null;
}

function isQuote(v: unknown): v is QuoteOptions {
  if (typeof v !== 'object' || v === null) return false;
  const q = v as Record<string, unknown>;
  return typeof q.indent === 'boolean' && typeof q.keepAttachments === 'boolean' && (q.header === null || typeof q.header === 'string');
}

function isState(v: unknown): v is EditorState {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  const quoteOk = s.quote === undefined || s.quote === null || isQuote(s.quote);
  return typeof s.signMsg === 'boolean' && (s.predefinedText === null || typeof s.predefinedText === 'string') && quoteOk;
}

export async function getEditorState(area: StorageAreaLike, id: string): Promise<EditorState | null> {
  const v = (await area.get(PREFIX + id))[PREFIX + id];
  return isState(v) ? v : null;
}

export async function putEditorState(area: StorageAreaLike, id: string, state: EditorState): Promise<void> {
  await area.set({ [PREFIX + id]: state });
}
