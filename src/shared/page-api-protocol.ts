/**
 * Messages of the page API (a Mailvelope-compatible `window.mailvelope` for webmails such as
 * Roundcube that build PGP/MIME themselves). Hooked into ContentProtocol / PageProtocol.
 *
 * Trust rules: the page script and the content-script bridge are the page's side; what they
 * send is hostile. They only ever get back ciphertext, session handles and public key
 * metadata. Plaintext is typed and read in our frames; signing and decrypting need a click there.
 */
import type { SessionId, WireFile } from './mail-protocol';

/** Public metadata of a key, as Mailvelope's `validKeyForAddress` reports it. */
export interface PageApiKeyMeta {
  fingerprint: string;
  /** ISO date of the key's creation. */
  created: string;
}

/** What the bridge (content script, page-API sites only) may ask. */
export interface PageApiContentProtocol {
  /** Public key status per address: `false` or the usable keys' metadata. */
  pageApiValidKeys: { req: { addresses: string[] }; res: { status: Record<string, false | { keys: PageApiKeyMeta[] }> } };
  /** Whether the key with this fingerprint has a secret part here. */
  pageApiHasPrivateKey: { req: { fingerprint: string }; res: { has: boolean } };
  /** The user's own public key for the address (minimal export: public data only). */
  pageApiExportOwnKey: { req: { address: string }; res: { armored: string } };
  /** `Autocrypt:` header value for the From address, or null when there is no own key. */
  pageApiAutocrypt: { req: { from: string }; res: { autocrypt: string | null } };
  /** An editor container: a compose session in page-API mode. */
  pageApiOpenEditor: {
    req: {
      signMsg: boolean;
      predefinedText: string | null;
      quotedMail: string | null;
      /** Mailvelope's quotedMailIndent / quotedMailHeader / keepAttachments (replies, forwards). */
      quotedMailIndent: boolean;
      quotedMailHeader: string | null;
      keepAttachments: boolean;
    };
    res: { sessionId: SessionId; frameUrl: string };
  };
  /** The page asks to encrypt the editor's text to these addresses; the user confirms in our frame. */
  pageApiEncrypt: { req: { sessionId: SessionId; requestId: string; recipients: string[] }; res: Record<string, never> };
  /** A display container for an armored message (PGP/MIME part or inline). */
  pageApiOpenDisplay: {
    req: { armored: string; senderAddress: string | null };
    res: { sessionId: SessionId; frameUrl: string };
  };
  /** `openSettings()`: the options page. */
  pageApiOpenSettings: { req: Record<string, never>; res: Record<string, never> };
}

/** A pending encrypt request of the page, shown in our editor frame for confirmation. */
export interface PageApiEncryptRequest {
  requestId: string;
  recipients: string[];
}

/** What our editor frame may ask in page-API mode (extension origin only). */
export interface PageApiPageProtocol {
  /** Page-API mode of a compose session, or `pageApi: false` for an ordinary secure editor. */
  getPageApiEditor: {
    req: { sessionId: SessionId };
    res:
      | { pageApi: false }
      | { pageApi: true; signMsg: boolean; predefinedText: string | null; request: PageApiEncryptRequest | null };
  };
  /** The user confirmed the request `requestId`: encrypt (and sign) the text as a PGP/MIME body. */
  confirmPageApiEncrypt: {
    /** `attachments`: files the user picked in our frame (multipart/mixed inside the ciphertext). */
    req: { sessionId: SessionId; requestId: string; text: string; sign: boolean; passphrase: string | null; attachments: WireFile[] };
    res: { armoredLength: number };
  };
  /**
   * The page's quoted mail (reply/forward), decrypted for our editor: visible text only, the
   * page's header and indent choice, and its attachments when the page asked keepAttachments.
   * `clicked: false` decrypts only under the read view's auto-decrypt rule, else answers 'click'.
   */
  getPageApiQuote: {
    req: { sessionId: SessionId; passphrase: string | null; clicked: boolean };
    res:
      | { status: 'none' | 'click' }
      | { status: 'ok'; text: string; header: string | null; indent: boolean; attachments: WireFile[] };
  };
  /** The user refused the request: the page's promise is rejected. */
  refusePageApiEncrypt: { req: { sessionId: SessionId; requestId: string }; res: Record<string, never> };
  /** Per-site switch of the page API (the content scripts are registered only where it is on). */
  setPageApiSite: { req: { origin: string; enabled: boolean }; res: { origins: string[] } };
  listPageApiSites: { req: Record<string, never>; res: { origins: string[] } };
}

/** Background → bridge pushes (`{cachetPageApiPush: 1, type, payload}`), ciphertext only. */
export interface PageApiPush {
  encrypted: { sessionId: SessionId; requestId: string; armored: string };
  refused: { sessionId: SessionId; requestId: string };
}

/** Background → our editor frames (runtime broadcast): "look at your session again". */
export interface PageApiFrameNotice {
  cachetPageApiFrame: 1;
  sessionId: SessionId;
}
