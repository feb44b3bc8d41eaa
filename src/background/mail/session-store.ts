/**
 * Compose and read sessions: what a content script handed over for one of our frames.
 *
 * A session is bound to the tab and frame of the content script that opened it, and (PI-03)
 * to the ONE frame document that content script mounted and handed a claim token to (see
 * binding.ts); it holds only ciphertext and addresses. Metadata lives in `storage.session` (survives a worker restart, PI-07), the
 * ciphertext in the PayloadStore. Sessions expire after an hour and their number is capped
 * (the oldest go first), so a page cannot fill the browser's memory.
 */
import type { MailContentProtocol, Recipients } from '../../shared/mail-protocol';
import type { StorageAreaLike } from '../browser-deps';
import type { PayloadStore } from './payload-store';

const PREFIX = 'mail-session:';
/** The frame binding of a session, kept apart so a session update never overwrites a newer claim. */
const FRAME_PREFIX = 'mail-frame:';
export const SESSION_TTL_MS = 60 * 60 * 1000;
export const MAX_SESSIONS = 200;

export type ReadKind = MailContentProtocol['openReadSession']['req']['kind'];

interface SessionBase {
  id: string;
  tabId: number;
  frameId: number;
  createdAt: number;
  adapter: string;
  sender: string | null;
  /** Epoch ms of recent decryptions, for the rate limit (PI-04). */
  attempts: number[];
}

export interface ComposeSession extends SessionBase {
  kind: 'compose';
  recipients: Recipients;
  hasQuote: boolean;
}

export interface ReadSession extends SessionBase {
  kind: 'read';
  readKind: ReadKind;
}

export type MailSession = ComposeSession | ReadSession;

/** The frame document a session is bound to, and the one claim token waiting for a new mount (PI-03). */
export interface FrameState {
  pending: { token: string; expiresAt: number } | null;
  bound: { tabId: number; frameId: number; documentId: string | null } | null;
}
const NO_FRAME: FrameState = { pending: null, bound: null };

function isFrameState(v: unknown): v is FrameState {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  const p = s.pending as Record<string, unknown> | null;
  const b = s.bound as Record<string, unknown> | null;
  return (
    (p === null || (typeof p === 'object' && typeof p.token === 'string' && typeof p.expiresAt === 'number')) &&
    (b === null || (typeof b === 'object' && typeof b.tabId === 'number' && typeof b.frameId === 'number' && (b.documentId === null || typeof b.documentId === 'string')))
  );
}
export type NewSession = Omit<ComposeSession, 'id' | 'createdAt' | 'attempts'> | Omit<ReadSession, 'id' | 'createdAt' | 'attempts'>;

function isSession(v: unknown): v is MailSession {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return (
    typeof s.id === 'string' &&
    typeof s.tabId === 'number' &&
    typeof s.frameId === 'number' &&
    typeof s.createdAt === 'number' &&
    (s.kind === 'compose' || s.kind === 'read')
  );
}

export class SessionStore {
  constructor(
    private readonly area: StorageAreaLike,
    private readonly payloads: PayloadStore,
    readonly now: () => number,
    private readonly newId: () => string = () => crypto.randomUUID(),
  ) {}

  /** Creates a session and stores its ciphertext; returns the new id. */
  async create(fields: NewSession, payload: string | null): Promise<MailSession> {
    await this.prune();
    const createdAt = this.now();
    const session: MailSession = { ...fields, id: this.newId(), createdAt, attempts: [] };
    if (payload !== null) await this.payloads.put(session.id, payload, createdAt);
    await this.area.set({ [PREFIX + session.id]: session });
    return session;
  }

  /** The live session with this id, or null (unknown or expired). */
  async get(id: string): Promise<MailSession | null> {
    const raw = (await this.area.get(PREFIX + id))[PREFIX + id];
    if (!isSession(raw)) return null;
    if (raw.createdAt + SESSION_TTL_MS <= this.now()) {
      await this.remove(id);
      return null;
    }
    return raw;
  }

  async payload(id: string): Promise<string | null> {
    return this.payloads.get(id);
  }

  async update(session: MailSession): Promise<void> {
    await this.area.set({ [PREFIX + session.id]: session });
  }

  /** Which frame document holds this session (nothing bound until a frame claims it). */
  async frame(id: string): Promise<FrameState> {
    const raw = (await this.area.get(FRAME_PREFIX + id))[FRAME_PREFIX + id];
    return isFrameState(raw) ? raw : NO_FRAME;
  }

  async setFrame(id: string, state: FrameState): Promise<void> {
    await this.area.set({ [FRAME_PREFIX + id]: state });
  }

  async remove(id: string): Promise<void> {
    await this.area.remove([PREFIX + id, FRAME_PREFIX + id]);
    await this.payloads.delete([id]);
  }

  /** Drops expired sessions, and the oldest ones beyond the cap (room for one more). */
  async prune(): Promise<void> {
    const now = this.now();
    const live: MailSession[] = [];
    const gone: string[] = [];
    const frames: string[] = [];
    const all = await this.area.get(null);
    for (const [name, v] of Object.entries(all)) {
      if (name.startsWith(FRAME_PREFIX)) frames.push(name.slice(FRAME_PREFIX.length));
      if (!name.startsWith(PREFIX)) continue;
      if (isSession(v) && v.createdAt + SESSION_TTL_MS > now) live.push(v);
      else gone.push(name.slice(PREFIX.length));
    }
    live.sort((a, b) => a.createdAt - b.createdAt);
    while (live.length >= MAX_SESSIONS) gone.push((live.shift() as MailSession).id);
    // Frame bindings of sessions that are gone (or never were) go with them.
    const liveIds = new Set(live.map((s) => s.id));
    const orphans = frames.filter((id) => !liveIds.has(id) && !gone.includes(id)).map((id) => FRAME_PREFIX + id);
    if (orphans.length > 0) await this.area.remove(orphans);
    if (gone.length > 0) {
      await this.area.remove(gone.flatMap((id) => [PREFIX + id, FRAME_PREFIX + id]));
      await this.payloads.delete(gone);
    }
    await this.payloads.pruneBefore(now - SESSION_TTL_MS);
  }
}
