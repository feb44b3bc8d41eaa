/**
 * Sensitive confirmations in an extension window (PI-03). A frame Cachet mounts inside a web
 * page can be restyled, made transparent or covered by that page, so a click there does not
 * prove the user saw what they agreed to. Two decisions therefore leave the frame: importing a
 * key a look-up found (or replacing an address's key with it, KM-01), encrypting the
 * editor's text to the recipients a webmail named through the page API (PI-04), and signing
 * without encrypting, which hands the text itself to the webmail. The frame only
 * asks; the background opens `confirm.html#<id>` in its own popup window — not
 * web-accessible, so no page can frame it, and no page can draw over or click in a window —
 * which shows what the background itself parsed, and only that window's answer counts.
 */
import type { KeyInfo } from '../core/keys/model';
import type { ErrorCode } from '../core/errors';
import type { LookupSource } from './lookup-protocol';

export const CONFIRM_PAGE = 'confirm.html';
export const CONFIRMATION_ID_PATTERN = /^[0-9a-f]{32}$/;

/** What the window shows, built by the background (never taken from the asking frame). */
export type ConfirmView =
  | {
      kind: 'lookupImport';
      address: string;
      /** The address already has other keys (KM-01): approving makes this one its default. */
      replace: boolean;
      fingerprint: string;
      info: KeyInfo;
      /** Keys stored for the address now (empty for a plain import). */
      conflictsWith: string[];
      /** Where the asking editor's look-up found it (display only). */
      sources: LookupSource[];
    }
  | {
      kind: 'pageApiEncrypt';
      /** The webmail that asked (the tab's origin), when the browser tells. */
      origin: string | null;
      recipients: { address: string; fingerprint: string | null }[];
      sign: boolean;
    }
  | {
      kind: 'signOnly';
      /** The webmail the text goes to (the tab's origin), when the browser tells. */
      origin: string | null;
      /** The start of the text that will leave Cachet unencrypted, and its full length. */
      preview: string;
      characters: number;
    };

/** `failed`: approved, but doing it failed (`error` says why). */
export type ConfirmState = 'pending' | 'approved' | 'refused' | 'failed';

export interface ConfirmOutcome {
  state: ConfirmState;
  error: ErrorCode | null;
}

export interface ConfirmPageProtocol {
  /** The secure editor's look-up panel: import (or, `replace`, switch to) this found key. */
  askLookupImport: {
    req: { address: string; armored: string; fingerprint: string; replace: boolean; sources: LookupSource[] };
    res: { confirmationId: string };
  };
  /** The page-API editor: the webmail's encrypt request `requestId` is to be confirmed. */
  askPageApiEncrypt: { req: { sessionId: string; requestId: string; sign: boolean }; res: { confirmationId: string } };
  /** The secure editor in sign-only mode: the text will be written into the page in the clear. */
  askSignOnly: { req: { sessionId: string; text: string }; res: { confirmationId: string } };
  /** The asking frame: how it ended (also after a worker restart). */
  getConfirmationOutcome: { req: { confirmationId: string }; res: ConfirmOutcome };
  /** The confirmation window only (its own URL and window). */
  getConfirmation: { req: { confirmationId: string }; res: ConfirmView };
  /** The confirmation window only. Approving a look-up import imports it here and now. */
  answerConfirmation: { req: { confirmationId: string; approve: boolean }; res: ConfirmOutcome };
}

/** Background → extension pages (runtime broadcast): "confirmation `confirmationId` ended". */
export interface ConfirmNotice {
  cachetConfirmation: 1;
  confirmationId: string;
}
