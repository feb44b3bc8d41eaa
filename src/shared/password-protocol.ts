/**
 * Messages of password-protected mail (issue 6 §3) and of the PGP/MIME signed-part view
 * (§2). Hooked into PageProtocol by `extends`: ONLY extension pages (our compose and read
 * frames) may send them; the password is a secret like a passphrase and never crosses the
 * content script or the page (SECURITY.md PI-05). What goes to the page is ciphertext.
 */
import type { ComposeMode, ReadResult, Recipients, SessionId, WireFile } from './mail-protocol';

/** What the read frame needs to know to ask for a password: read from the packets, nothing decrypted. */
export interface ReadPacketInfo {
  /** The message has SKESK packets: it opens with a password. */
  password: boolean;
  /** The message also names one of my secret keys (PKESK): it opens with my key too. */
  forMyKeys: boolean;
}

export interface PasswordPageProtocol {
  /**
   * Encrypts what was typed with `password` (recipients with a usable key and the sender's
   * own key also get a PKESK), signs in 'encrypt-sign' mode, and pushes `notice` + the
   * armored message to the page's compose view, attachments encrypted with the password too.
   */
  submitPasswordCompose: {
    req: {
      sessionId: SessionId;
      text: string;
      recipients: Recipients;
      mode: Exclude<ComposeMode, 'sign'>;
      attachments: WireFile[];
      password: string;
      /** Plain explanation put above the armor (our frame's translated text: how to open it). */
      notice: string;
      passphrase: string | null;
    };
    res: { armoredLength: number };
  };
  /** Password and/or key packets of the read session's message (classified by packets, never by text). */
  getReadPacketInfo: { req: { sessionId: SessionId }; res: ReadPacketInfo };
  /** Decrypts the read session's message with a password; WRONG_PASSWORD when it does not open. */
  decryptReadSessionWithPassword: { req: { sessionId: SessionId; password: string }; res: ReadResult };
}
