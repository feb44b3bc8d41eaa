/**
 * Encrypted attachments of a mail whose body is inline armor (issue 3 §4: `name.pgp` binary
 * OpenPGP or `name.asc` armored messages, as Cachet's secure editor, Mailvelope and Enigmail
 * inline mode attach them). The content script hands over CIPHERTEXT only, keyed by the
 * SHA-256 of the body armor it hands to `openReadSession`: the background links them to the
 * read session of the same tab and frame whose payload has that digest. Only our read frame
 * (extension origin, bound to the session) lists and decrypts them; plaintext goes to it alone.
 */
import type { SessionId, SignerView, WireFile } from './mail-protocol';

/** Why an attachment cannot be decrypted before trying: over the cap, or the download failed. */
export type AttachmentProblem = 'too-large' | 'unavailable';

export interface ReadAttachmentsContentProtocol {
  /** One encrypted attachment (ciphertext, base64) of the read view whose body armor hashes to `bodyDigest`. */
  addReadAttachment: {
    req: {
      /** Lower-case hex SHA-256 of the UTF-8 body armor as sent in openReadSession. */
      bodyDigest: string;
      index: number;
      /** How many encrypted attachments the mail has (the frame lists each, received or not). */
      count: number;
      /** The attachment's name as the page shows it (ends in .pgp / .gpg / .asc). */
      name: string;
      /** Ciphertext bytes, base64; null with a problem when they could not be handed over. */
      base64: string | null;
      problem: AttachmentProblem | null;
    };
    res: Record<string, never>;
  };
}

/** What the read frame lists: names and sizes, no content. */
export interface EncryptedAttachmentView {
  index: number;
  /** The name of the plaintext file (`.pgp` / `.gpg` / `.asc` removed). */
  name: string;
  /** Ciphertext bytes (0 when not received). */
  size: number;
  problem: AttachmentProblem | null;
}

export interface ReadAttachmentsPageProtocol {
  listReadAttachments: { req: { sessionId: SessionId }; res: { attachments: EncryptedAttachmentView[] } };
  /** Decrypts one attachment (integrity checked, whole buffer); the plaintext goes to this frame only. */
  decryptReadAttachment: {
    req: { sessionId: SessionId; index: number; passphrase: string | null };
    res: { file: WireFile; signatures: SignerView[] };
  };
}
