/**
 * Typed message maps. Two maps, one per privilege level; the background router
 * takes a handlers object typed by each map, so a missing handler is a compile error.
 *
 * - PageProtocol: what extension pages (options, popup, our frames) may ask.
 * - ContentProtocol: what content scripts may ask — never keys, passphrases or plaintext.
 */
import type { ErrorCode } from '../core/errors';
import type { KeyInfo, KeyProfile, RevocationReason } from '../core/keys/model';

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

type Empty = Record<string, never>;

export interface PageProtocol {
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
  inspectImport: { req: KeyData; res: { candidates: ImportCandidate[]; refused: ImportRefusal[] } };
  commitImport: {
    req: KeyData & {
      /** Current passphrase of protected private keys, by fingerprint. */
      passphrases: Record<Fingerprint, string>;
      /** New passphrase for unprotected private keys, by fingerprint. */
      newPassphrases: Record<Fingerprint, string>;
    };
    res: ImportReport;
  };
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
  makeRevocationCertificate: {
    req: { fingerprint: Fingerprint; passphrase: string | null; reason: RevocationReason; message: string };
    res: { armored: string; fileName: string };
  };
  importRevocationCertificate: {
    req: { armored: string };
    res: { key: KeyView };
  };
  exportKey: {
    req: { fingerprint: Fingerprint; kind: 'public' | 'private' | 'private-gnupg'; passphrase: string | null };
    res: { armored: string; fileName: string };
  };
  deleteKey: {
    /** `confirm` must equal the fingerprint (public keys) or the word the UI asked for (private keys). */
    req: { fingerprint: Fingerprint; confirm: string };
    res: Empty;
  };
  deleteQuarantined: { req: { id: string }; res: Empty };
  setDefaultKey: { req: { email: string; fingerprint: Fingerprint }; res: Empty };
  unlockKey: { req: { fingerprint: Fingerprint; passphrase: string }; res: { until: string | null } };
  lockAll: { req: Empty; res: Empty };
  getStatus: {
    req: Empty;
    res: { defaultKey: KeyView | null; unlocked: UnlockedEntry[]; keyCount: number };
  };
  getSettings: { req: Empty; res: Settings };
  setSettings: { req: Settings; res: Settings };
}

export interface ContentProtocol {
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
