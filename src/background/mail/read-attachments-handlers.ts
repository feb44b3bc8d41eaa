/**
 * Encrypted attachments of inline-armor read views (read-attachments-protocol.ts).
 * - content script: hands over ciphertext for the body it is about to open a session for;
 *   stored under its own tab and frame (contentOrigin), so a page can only ever add to
 *   views of its own frame, and nothing it sends is decrypted without our frame asking.
 * - read frame: lists and decrypts the attachments of ITS session only (frameSession binds
 *   frame, tab and session id); the body digest links the two. Each decryption counts
 *   against the session's rate limit (PI-04) and needs a click in the frame.
 */
import { CachetError } from '../../core/errors';
import type { ContentGroup, HandlerContext, PageGroup } from '../handlers/context';
import { contentOrigin, frameSession } from './binding';
import { countAttempt } from './rate-limit';
import { decryptAttachment } from './read-attachment-decrypt';
import { createReadAttachmentStore, sha256Hex, type AttachmentOwner, type ReadAttachmentStore } from './read-attachment-store';
import type { ReadSession } from './session-store';

let shared: ReadAttachmentStore | null = null;

function defaultStore(ctx: HandlerContext): ReadAttachmentStore {
  shared ??= createReadAttachmentStore(() => ctx.now().getTime());
  return shared;
}

/** The owner key of a read session's attachments, or null when the session cannot have any. */
async function ownerOf(ctx: HandlerContext, s: ReadSession): Promise<AttachmentOwner | null> {
  if (s.readKind !== 'message') return null; // inline armor only: PGP/MIME carries its attachments inside
  const payload = await ctx.mail.sessions.payload(s.id);
  if (payload === null) return null;
  return { tabId: s.tabId, frameId: s.frameId, bodyDigest: await sha256Hex(payload) };
}

export function readAttachmentsContentHandlers(ctx: HandlerContext, store: ReadAttachmentStore = defaultStore(ctx)): ContentGroup<'addReadAttachment'> {
  return {
    async addReadAttachment(req, { sender }) {
      const { tabId, frameId } = contentOrigin(sender);
      if (req.index >= req.count) throw new CachetError('BAD_REQUEST', 'index: not below count');
      await store.put({ tabId, frameId, bodyDigest: req.bodyDigest }, req.index, req.count, req.name, req.base64, req.problem);
      return {};
    },
  };
}

export function readAttachmentsPageHandlers(ctx: HandlerContext, store: ReadAttachmentStore = defaultStore(ctx)): PageGroup<'listReadAttachments' | 'decryptReadAttachment'> {
  const { sessions } = ctx.mail;
  return {
    async listReadAttachments({ sessionId }, { sender }) {
      const s = await frameSession(sessions, sender, sessionId, 'read');
      const owner = await ownerOf(ctx, s);
      return { attachments: owner ? await store.list(owner) : [] };
    },

    async decryptReadAttachment({ sessionId, index, passphrase }, { sender }) {
      const s = await frameSession(sessions, sender, sessionId, 'read');
      const owner = await ownerOf(ctx, s);
      const entry = owner ? await store.get(owner, index) : null;
      if (!entry) throw new CachetError('BAD_REQUEST', 'no such attachment');
      if (entry.problem === 'too-large' || entry.base64 === null) {
        throw entry.problem === 'too-large'
          ? new CachetError('TOO_LARGE', 'the attachment is over 25 MiB, or all attachments together are')
          : new CachetError('BAD_REQUEST', 'the attachment could not be downloaded from the webmail');
      }
      await countAttempt(sessions, s, ctx.now().getTime());
      return decryptAttachment(ctx, entry.name, entry.base64, s.sender, passphrase);
    },
  };
}
