/**
 * Messages of the webmail path (compose and read), the contract between the content script,
 * the background and our compose/read frames. Hooked into PageProtocol / ContentProtocol
 * (protocol.ts) by `extends`.
 *
 * Trust rules (DESIGN.md, SECURITY.md PI-*):
 * - The content script only ever hands over ciphertext and addresses read from the page,
 *   and only ever receives ciphertext back (to write into the webmail's editor).
 * - Frames get their work through a one-time session id the background issued to the content
 *   script; the id is in the frame URL and therefore public to the page: a session is bound to
 *   the tab that opened it and holds nothing secret.
 * - Plaintext and passphrases travel only between our frames (extension origin) and the background.
 */
import type { SignatureResult } from '../core/messages/signature-result';
import type { KeyView } from './protocol';
import type { SignedPartView } from './signed-part-view';

export type SessionId = string;

export interface Recipients {
  to: string[];
  cc: string[];
  bcc: string[];
}

export type ComposeMode = 'encrypt-sign' | 'sign' | 'encrypt';

/** An attachment crossing runtime messaging: name + base64 bytes (ciphertext towards the page). */
export interface WireFile {
  name: string;
  mimeType: string;
  base64: string;
}

export type RecipientProblem = 'missing' | 'expired' | 'revoked' | 'invalid';

export interface RecipientKeyStatus {
  address: string;
  /** The key Cachet would encrypt to, when one is usable. */
  key: KeyView | null;
  problem: RecipientProblem | null;
}

/** What the content script may ask about mail (ciphertext and addresses only). */
export interface MailContentProtocol {
  /** The compose view's button was clicked: open a secure-editor session for this tab. */
  openComposeSession: {
    req: {
      adapter: string;
      recipients: Recipients;
      sender: string | null;
      /** Armored ciphertext quoted in a reply, if the view shows one (decrypted only in our frame). */
      quotedArmored: string | null;
    };
    /** `claim`: the first claim token for the frame the content script mounts (PI-03, frame-claim-protocol.ts). */
    res: { sessionId: SessionId; claim: string };
  };
  /** An armored block / PGP/MIME part was found in a read view: open a viewer session. */
  openReadSession: {
    req: {
      adapter: string;
      kind: 'message' | 'cleartext-signed' | 'pgp-mime-encrypted' | 'pgp-mime-signed';
      /** Armored message, or for pgp-mime-signed the whole raw MIME message. */
      armored: string;
      /** Parsed From address of the mail, to compare with the signer (SG-04). */
      sender: string | null;
    };
    res: { sessionId: SessionId; claim: string };
  };
  /** The frame is gone (view closed): forget the session. */
  closeSession: { req: { sessionId: SessionId }; res: Record<string, never> };
}

/** What an encrypted draft (encrypted to self) keeps of the secure editor. */
export interface ComposeDraft {
  text: string;
  recipients: Recipients;
  mode: ComposeMode;
}

/** Pushed by the background to the content script of the session's tab (ciphertext only). */
export interface ContentPush {
  /** Write this armored text into the compose view's body and attach these encrypted files. */
  composeResult: { sessionId: SessionId; armored: string; attachments: WireFile[] };
  /** The user cancelled or finished: remove the frame, restore the webmail editor. */
  composeClosed: { sessionId: SessionId };
  /** Our frame wants a new height (px), clamped by the content script. */
  frameHeight: { sessionId: SessionId; height: number };
}

/** What our compose/read frames may ask (extension origin only). */
export interface MailPageProtocol {
  getComposeSession: {
    req: { sessionId: SessionId };
    res: {
      recipients: Recipients;
      sender: string | null;
      hasQuote: boolean;
      senderKey: KeyView | null;
      /** Present when the quote is encrypted to my keys alone: it may be a Cachet draft (openComposeDraft). */
      maybeDraft?: true;
    };
  };
  /** Decrypts the quoted ciphertext of a reply for the editor: text only, as it was shown. */
  getComposeQuote: {
    req: { sessionId: SessionId; passphrase: string | null };
    res: { text: string };
  };
  resolveRecipients: { req: { addresses: string[] }; res: { statuses: RecipientKeyStatus[] } };
  /** Encrypt/sign and push the armored result to the page's compose view. */
  submitCompose: {
    req: {
      sessionId: SessionId;
      text: string;
      recipients: Recipients;
      mode: ComposeMode;
      attachments: WireFile[];
      passphrase: string | null;
    };
    res: { armoredLength: number };
  };
  cancelCompose: { req: { sessionId: SessionId }; res: Record<string, never> };
  /**
   * Encrypt what is typed to the sender's own key only (signed when that key is unlocked, no
   * passphrase asked) and push it as a composeResult: the webmail's own draft saving then
   * stores ciphertext only.
   */
  saveComposeDraft: {
    req: { sessionId: SessionId; text: string; recipients: Recipients; mode: ComposeMode };
    res: { armoredLength: number };
  };
  /** Decrypt the session's quote as a Cachet draft of mine: its content, or null when it is not one. */
  openComposeDraft: {
    req: { sessionId: SessionId; passphrase: string | null };
    res: { draft: ComposeDraft | null };
  };
  getReadSession: {
    req: { sessionId: SessionId };
    res: {
      kind: MailContentProtocol['openReadSession']['req']['kind'];
      sender: string | null;
      locked: boolean;
      /**
       * Present and true when the user turned auto-decrypt on and a key this message is for is
       * unlocked now: the frame decrypts on mount (passphrase null) instead of waiting for a click.
       */
      autoDecrypt?: true;
    };
  };
  decryptReadSession: {
    req: { sessionId: SessionId; passphrase: string | null };
    res: ReadResult;
  };
  resizeFrame: { req: { sessionId: SessionId; height: number }; res: Record<string, never> };
}

export interface SignerView extends SignatureResult {
  /** Addresses of the signing key's valid user IDs. */
  signerEmails: string[];
  /** True when none of the signer's addresses is the mail's From address (SG-04). */
  senderMismatch: boolean;
  /** KM-04: one of the signer's user IDs mixes scripts or uses a punycode domain (look-alike). */
  signerLookalike?: boolean;
}

export interface ReadResult {
  /** Plain text body, or null when the message has only HTML. */
  text: string | null;
  /** Raw decrypted HTML: the frame sanitises it with DOMPurify and renders it sandboxed. */
  html: string | null;
  attachments: WireFile[];
  signatures: SignerView[];
  /** 'all' when the signature covers everything shown; 'none' when unsigned (SG-01). */
  signedScope: 'all' | 'none';
  /** Nested encrypted parts found inside (MP-04): shown as such, never auto-decrypted. */
  nestedEncrypted: number;
  /** PGP/MIME signed mails only: which part is signed, and the micalg check (signed-part-view.ts). */
  mimeSigned?: SignedPartView;
}
