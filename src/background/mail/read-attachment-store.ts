/**
 * Encrypted attachments the content script handed over for an inline-armor read view
 * (read-attachments-protocol.ts): ciphertext only, in an IndexedDB of its own (one may be
 * 25 MiB), keyed by the sender's tab and frame and the SHA-256 of the body armor, so only
 * the read session opened from that frame for that body finds them. Entries expire with
 * the session lifetime (SESSION_TTL_MS). Caps (DS-03): MAIL_LIMITS per attachment and for
 * all attachments of one mail together; what is over is kept as a 'too-large' entry
 * without bytes, so the frame can say so for that attachment alone.
 */
import { MAIL_LIMITS } from '../../shared/mail-schemas';
import type { AttachmentProblem, EncryptedAttachmentView } from '../../shared/read-attachments-protocol';
import { PayloadStore } from './payload-store';
import { SESSION_TTL_MS } from './session-store';

export const ATTACHMENT_DB_NAME = 'cachet-mail-attachments';

/** Where a set of attachments belongs: the content script's tab and frame, and the body it goes with. */
export interface AttachmentOwner {
  tabId: number;
  frameId: number;
  bodyDigest: string;
}

interface Meta {
  name: string;
  count: number;
  size: number;
  problem: AttachmentProblem | null;
}

export interface StoredAttachment extends EncryptedAttachmentView {
  /** Ciphertext, base64; null when the entry has a problem. */
  base64: string | null;
}

/** Removes the extension that marks the file as encrypted: `report.pdf.pgp` → `report.pdf`. */
export function plainName(name: string): string {
  const stripped = name.replace(/\.(?:pgp|gpg|asc)$/i, '');
  return stripped.length > 0 ? stripped : name;
}

/** Lower-case hex SHA-256 of a string's UTF-8 bytes (how the content script names a body). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The caps, in the units compared: base64 characters of one file (25 MiB of bytes), and the
 * bytes of all attachments of one mail together — the same 25 MiB as one message (issue 3 §6).
 */
const MAL = {
  perFile: MAIL_LIMITS.attachmentBase64Chars,
  totalBytes: MAIL_LIMITS.armoredChars,
} as const;

const key = (o: AttachmentOwner, index: number, what: 'meta' | 'data'): string => `${o.tabId}:${o.frameId}:${o.bodyDigest}:${index}:${what}`;

export class ReadAttachmentStore {
  constructor(
    private readonly payloads: PayloadStore,
    private readonly now: () => number,
  ) {}

  private async meta(o: AttachmentOwner, index: number): Promise<Meta | null> {
    const text = await this.payloads.get(key(o, index, 'meta'));
    if (text === null) return null;
    try {
      return JSON.parse(text) as Meta;
    } catch {
      return null;
    }
  }

  /** Stores one attachment (replacing a previous copy); over the caps it is kept as 'too-large'. */
  async put(o: AttachmentOwner, index: number, count: number, name: string, base64: string | null, problem: AttachmentProblem | null): Promise<void> {
    const now = this.now();
    await this.payloads.pruneBefore(now - SESSION_TTL_MS);
    let data = problem === null ? base64 : null;
    let why: AttachmentProblem | null = data === null ? (problem ?? 'unavailable') : null;
    if (data !== null) {
      let others = 0;
      for (let i = 0; i < count; i++) if (i !== index) others += (await this.meta(o, i))?.size ?? 0;
      const chars = data.length;
      if (chars > MAL.perFile || others + Math.ceil((chars * 3) / 4) > MAL.totalBytes) {
        data = null;
        why = 'too-large';
      }
    }
    const size = data === null ? 0 : Math.floor((data.length * 3) / 4) - (data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0);
    if (data !== null) await this.payloads.put(key(o, index, 'data'), data, now);
    else await this.payloads.delete([key(o, index, 'data')]);
    const meta: Meta = { name, count, size, problem: why };
    await this.payloads.put(key(o, index, 'meta'), JSON.stringify(meta), now);
  }

  /** The attachments handed over for this body, in page order (a missing one is 'unavailable'). */
  async list(o: AttachmentOwner): Promise<EncryptedAttachmentView[]> {
    const first = await this.meta(o, 0);
    const count = Math.min(first?.count ?? 0, MAIL_LIMITS.attachments);
    const out: EncryptedAttachmentView[] = [];
    for (let i = 0; i < count; i++) {
      const m = i === 0 ? first : await this.meta(o, i);
      out.push(m ? { index: i, name: plainName(m.name), size: m.size, problem: m.problem } : { index: i, name: `attachment-${i + 1}`, size: 0, problem: 'unavailable' });
    }
    return out;
  }

  async get(o: AttachmentOwner, index: number): Promise<StoredAttachment | null> {
    const m = await this.meta(o, index);
    if (!m) return null;
    const base64 = m.problem === null ? await this.payloads.get(key(o, index, 'data')) : null;
    return { index, name: plainName(m.name), size: m.size, problem: base64 === null ? (m.problem ?? 'unavailable') : null, base64 };
  }
}

/** The store the extension uses (its own IndexedDB, like the session payloads). */
export function createReadAttachmentStore(now: () => number, dbName: string = ATTACHMENT_DB_NAME): ReadAttachmentStore {
  return new ReadAttachmentStore(new PayloadStore(dbName), now);
}
