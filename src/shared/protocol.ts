/**
 * Typed message maps. Two maps, one per privilege level; the background router
 * takes a handlers object typed by each map, so a missing handler is a compile error.
 *
 * - PageProtocol: what extension pages (options, popup, our frames) may ask.
 * - ContentProtocol: what content scripts may ask — never keys, passphrases or plaintext.
 *
 * Rules the background enforces (src/background/router.ts, src/shared/schemas.ts):
 * - Extension pages (our origin, including our frames inside web pages) may send ONLY
 *   PageProtocol; content scripts ONLY ContentProtocol (a page type → FORBIDDEN, and
 *   the reverse too). Other extensions / web pages → FORBIDDEN. Unknown type →
 *   UNKNOWN_MESSAGE; malformed envelope or payload (unknown property, wrong type, over a
 *   cap) → BAD_REQUEST with a detail naming the path, never the value.
 * - Caps: passphrases ≤ 1024 chars, key data text ≤ 12 MiB (the core answers TOO_LARGE
 *   above 5 MiB), ≤ 20 e-mails, fingerprints are full upper-case hex (40 or 64).
 * - `passphrase: string | null`: null means "use the cached unlocked key"; if none is
 *   cached → PASSPHRASE_REQUIRED (ask, then resend with the passphrase). A passphrase
 *   that is given also (re)fills the cache for the user's cache time.
 */
import type { ErrorCode } from '../core/errors';
import type { VaultApprovalPageProtocol } from './vault-approval-protocol';
import type { KeyInfo, KeyProfile, RevocationReason } from '../core/keys/model';
import type { AdapterStatusContentProtocol, AdapterStatusPageProtocol } from './adapter-status-protocol';
import type { ConfirmPageProtocol } from './confirm-protocol';
import type { LookupContentProtocol, LookupPageProtocol } from './lookup-protocol';
import type { MailContentProtocol, MailPageProtocol } from './mail-protocol';
import type { PasswordPageProtocol } from './password-protocol';
import type { FrameClaimContentProtocol, FrameClaimPageProtocol } from './frame-claim-protocol';
import type { PageApiContentProtocol, PageApiPageProtocol } from './page-api-protocol';
import type { PageApiKeyringContentProtocol, PageApiKeyringPageProtocol } from './page-api-keyring-protocol';
import type { SecurityTokenPageProtocol } from './security-token-protocol';
import type { ReadAttachmentsContentProtocol, ReadAttachmentsPageProtocol } from './read-attachments-protocol';

export type Fingerprint = string;

/** A stored key as shown to pages. */
export interface KeyView extends KeyInfo {
  /** Addresses for which this key is the default. */
  defaultFor: string[];
  addedAt: string;
  updatedAt: string;
}

/** A stored record that failed to parse (DS-06): shown so the user can delete it. */
export interface QuarantinedView {
  id: string;
  fingerprint: string | null;
  reason: string;
  quarantinedAt: string;
}

export interface ImportCandidate {
  fingerprint: Fingerprint;
  info: KeyInfo;
  /** `public`: nothing to ask; `protected`: ask its current passphrase; `unprotected`: ask a new one. */
  secret: 'none' | 'protected' | 'unprotected';
  /** True if a key with this fingerprint is already stored (it will be merged). */
  existing: boolean;
}

export interface ImportRefusal {
  /** Fingerprint when known, else a short label such as "key 2". */
  label: string;
  code: ErrorCode;
  detail?: string;
}

export interface ImportReport {
  imported: Fingerprint[];
  merged: Fingerprint[];
  refused: ImportRefusal[];
}

export interface Settings {
  /** Minutes an unlocked key stays cached; 0 = never cache. */
  passphraseCacheMinutes: number;
  /**
   * Decrypt in the viewer frame without a click when a key the message is for is already
   * unlocked (issue 3 §4). Off by default; a missing value (older settings) means off.
   */
  autoDecrypt?: boolean;
}

export interface UnlockedEntry {
  fingerprint: Fingerprint;
  /** ISO time the cache entry expires. */
  until: string;
}

/** Key material input: text (armored) or base64 of binary packets. */
export interface KeyData {
  text: string;
  encoding: 'armored' | 'base64';
}

/** Vault account and sync state of this browser, as the options page and popup show it. */
export interface VaultStatus {
  connected: boolean;
  /** Address and account of the last login (kept after logout so the form is pre-filled). */
  url: string | null;
  email: string | null;
  lastSyncAt: string | null;
  lastError: WireError | null;
  /** Local changes waiting to be pushed (offline queue). */
  pending: number;
}

export interface VaultDevice {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string;
  current: boolean;
}

type Empty = Record<string, never>;

export interface PageProtocol extends FrameClaimPageProtocol, MailPageProtocol, LookupPageProtocol, ConfirmPageProtocol, AdapterStatusPageProtocol, PageApiPageProtocol, PageApiKeyringPageProtocol, PasswordPageProtocol, SecurityTokenPageProtocol, ReadAttachmentsPageProtocol, VaultApprovalPageProtocol {
  listKeys: { req: Empty; res: { keys: KeyView[]; quarantined: QuarantinedView[] } };
  getKey: { req: { fingerprint: Fingerprint }; res: { key: KeyView } };
  generateKey: {
    req: {
      name: string;
      emails: string[];
      passphrase: string;
      profile: KeyProfile;
      /** Days from now, or null for no expiry. */
      expiresInDays: number | null;
    };
    res: { key: KeyView; revocationCertificate: string };
  };
  /** Parses only; stores nothing. Whole-input failures throw (MALFORMED_ARMOR, NO_KEY_FOUND, TOO_LARGE). */
  inspectImport: { req: KeyData; res: { candidates: ImportCandidate[]; refused: ImportRefusal[] } };
  /**
   * Stores every acceptable key in one transaction. Per-key refusals (label = fingerprint):
   * PASSPHRASE_REQUIRED (no entry in passphrases/newPassphrases), WRONG_PASSPHRASE,
   * PASSPHRASE_TOO_WEAK (new passphrase), KEY_INVALID, WEAK_KEY… A private key for a
   * fingerprint whose secret we already hold needs no passphrase (only public parts merge).
   * Weakly protected keys are re-protected with Argon2id + AEAD under the same passphrase.
   */
  commitImport: {
    req: KeyData & {
      /** Current passphrase of protected private keys, by fingerprint. */
      passphrases: Record<Fingerprint, string>;
      /** New passphrase for unprotected private keys, by fingerprint. */
      newPassphrases: Record<Fingerprint, string>;
    };
    res: ImportReport;
  };
  /** PASSPHRASE_TOO_WEAK for a weak new one, WRONG_PASSPHRASE for a wrong old one. */
  changePassphrase: {
    req: { fingerprint: Fingerprint; oldPassphrase: string; newPassphrase: string };
    res: { key: KeyView };
  };
  setExpiry: {
    req: {
      fingerprint: Fingerprint;
      passphrase: string | null; // null: use the cached unlocked key
      /** ISO date or null for "never" — the primary key. */
      expiresAt: string | null;
      /** Per-subkey expiry; subkeys not listed keep theirs. */
      subkeys: Array<{ fingerprint: Fingerprint; expiresAt: string | null }>;
    };
    res: { key: KeyView };
  };
  revokeKey: {
    req: { fingerprint: Fingerprint; passphrase: string | null; reason: RevocationReason; message: string };
    res: { key: KeyView };
  };
  /** fileName is `<FINGERPRINT>.rev` like gpg's; the key itself is not changed. */
  makeRevocationCertificate: {
    req: { fingerprint: Fingerprint; passphrase: string | null; reason: RevocationReason; message: string };
    res: { armored: string; fileName: string };
  };
  /** Applies to whichever stored key it revokes; NOT_A_REVOCATION if none. */
  importRevocationCertificate: {
    req: { armored: string };
    res: { key: KeyView };
  };
  /**
   * `public`: no passphrase. `private`: the stored, still passphrase-protected form
   * (passphrase ignored, may be null). `private-gnupg`: re-protected for gpg 2.2 and so
   * needs the passphrase itself (null → PASSPHRASE_REQUIRED; v6 keys → UNSUPPORTED).
   */
  exportKey: {
    req: { fingerprint: Fingerprint; kind: 'public' | 'private' | 'private-gnupg'; passphrase: string | null };
    res: { armored: string; fileName: string };
  };
  deleteKey: {
    /**
     * Typed confirmation: for a public-only key `confirm` must equal its fingerprint; for a
     * key with a secret it must be exactly `DELETE` (upper case — the UI asks the user to
     * type DELETE). Anything else → CONFIRMATION_MISMATCH. Deleting also drops the key from
     * the unlock cache and hands its default addresses to another own key, if any.
     */
    req: { fingerprint: Fingerprint; confirm: string };
    res: Empty;
  };
  /** KEY_NOT_FOUND if the id is gone. */
  deleteQuarantined: { req: { id: string }; res: Empty };
  /** The key must hold a secret and carry the address (else BAD_REQUEST). */
  setDefaultKey: { req: { email: string; fingerprint: Fingerprint }; res: Empty };
  /** `until` null: the passphrase was right but caching is off (passphraseCacheMinutes 0). */
  unlockKey: { req: { fingerprint: Fingerprint; passphrase: string }; res: { until: string | null } };
  lockAll: { req: Empty; res: Empty };
  /** defaultKey: the oldest key that is the default for some address. */
  getStatus: {
    req: Empty;
    res: { defaultKey: KeyView | null; unlocked: UnlockedEntry[]; keyCount: number };
  };
  getSettings: { req: Empty; res: Settings };
  /** passphraseCacheMinutes 0..1440; lowering it shortens (0: clears) what is cached now. */
  setSettings: { req: Settings; res: Settings };
  vaultStatus: { req: Empty; res: VaultStatus };
  /** The vault password is not a key passphrase; it never leaves the background (OPAQUE). */
  vaultRegister: { req: { url: string; email: string; password: string }; res: VaultStatus };
  vaultLogin: { req: { url: string; email: string; password: string }; res: VaultStatus };
  vaultLogout: { req: Empty; res: VaultStatus };
  vaultDevices: { req: Empty; res: { devices: VaultDevice[] } };
  vaultRevokeDevice: { req: { id: string }; res: { devices: VaultDevice[] } };
  vaultSyncNow: { req: Empty; res: VaultStatus };
  /** "Where Cachet runs": origins the user enabled, and the manifest's built-in match patterns. */
  listSites: { req: Empty; res: { sites: string[]; builtIn: string[] } };
  /**
   * `origin` as `URL.origin` prints it (http/https). The popup requested the host permission
   * from the click first (FORBIDDEN if it is not granted). `tabId`: run the content script in
   * that tab now, if it still shows this origin.
   */
  enableSite: { req: { origin: string; tabId: number | null }; res: { sites: string[] } };
  /** Unregisters the content script and gives the host permission back. */
  disableSite: { req: { origin: string }; res: { sites: string[] } };
}

export interface ContentProtocol extends FrameClaimContentProtocol, MailContentProtocol, LookupContentProtocol, AdapterStatusContentProtocol, PageApiContentProtocol, PageApiKeyringContentProtocol, ReadAttachmentsContentProtocol {
  /** Liveness check; later issues add frame requests carrying ciphertext only. */
  ping: { req: Empty; res: { version: string } };
}

export type PageMessageType = keyof PageProtocol;
export type ContentMessageType = keyof ContentProtocol;

/** Wire form of a request. */
export interface Envelope<T extends string = string, P = unknown> {
  cachet: 1;
  type: T;
  payload: P;
}

export interface WireError {
  code: ErrorCode;
  detail?: string;
}

export type Reply<R> = { ok: true; value: R } | { ok: false; error: WireError };
