/**
 * Compose and read sessions: what a content script handed over for one of our frames.
 *
 * The session id travels in the frame URL, so it is public to the page; a session is bound
 * to the tab and frame of the content script that opened it and holds only ciphertext and
 * addresses. Metadata lives in `storage.session` (survives a worker restart, PI-07), the
 * ciphertext in the PayloadStore. Sessions expire after an hour and their number is capped
 * (the oldest go first), so a page cannot fill the browser's memory.
 */
import type { MailContentProtocol, Recipients } from '../../shared/mail-protocol';
import type { StorageAreaLike } from '../browser-deps';
import type { PayloadStore } from './payload-store';

const PREFIX = 'mail-session:';
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
    private readonly now: () => number,
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

  async remove(id: string): Promise<void> {
    await this.area.remove(PREFIX + id);
    await this.payloads.delete([id]);
  }

  /** Drops expired sessions, and the oldest ones beyond the cap (room for one more). */
  async prune(): Promise<void> {
    const now = this.now();
    const live: MailSession[] = [];
    const gone: string[] = [];
    for (const [name, v] of Object.entries(await this.area.get(null))) {
      if (!name.startsWith(PREFIX)) continue;
      if (isSession(v) && v.createdAt + SESSION_TTL_MS > now) live.push(v);
      else gone.push(name.slice(PREFIX.length));
    }
    live.sort((a, b) => a.createdAt - b.createdAt);
    while (live.length >= MAX_SESSIONS) gone.push((live.shift() as MailSession).id);
    if (gone.length > 0) {
      await this.area.remove(gone.map((id) => PREFIX + id));
      await this.payloads.delete(gone);
    }
    await this.payloads.pruneBefore(now - SESSION_TTL_MS);
  }
}
