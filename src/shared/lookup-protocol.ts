/**
 * Messages of key lookup and publishing (issue 5). Page side: find keys for recipients,
 * import one with confirmation, key-server settings, publish a key. Content side: hand
 * the background an Autocrypt header's public key (untrusted input, re-validated there).
 */
import type { ErrorCode } from '../core/errors';
import type { KeyInfo } from '../core/keys/model';

/** Where a found key came from (shown to the user next to the fingerprint). */
export type LookupSource =
  | { kind: 'keyring' }
  | { kind: 'vault-directory'; url: string }
  | { kind: 'wkd'; domain: string; method: 'advanced' | 'direct' }
  | { kind: 'vks'; url: string }
  | { kind: 'hkp'; url: string }
  | { kind: 'autocrypt'; preferEncrypt: 'mutual' | 'nopreference'; seenAt: string };

/**
 * `new`: nothing stored for the address — import after the user confirms.
 * `known`: this very key is stored already (a refresh may still bring updates).
 * `conflict`: the address already has a DIFFERENT key (KM-01): never used or imported
 * without the user comparing `conflictsWith` and deciding.
 */
export type FoundState = 'new' | 'known' | 'conflict';

export interface LookupFound {
  fingerprint: string;
  /** Armored public key, filtered to the looked-up address. */
  armored: string;
  info: KeyInfo;
  sources: LookupSource[];
  state: FoundState;
  /** Fingerprints of the keys already stored for the address (empty unless `conflict`). */
  conflictsWith: string[];
}

export interface LookupSourceError {
  source: LookupSource['kind'];
  code: ErrorCode;
}

export interface LookupResult {
  address: string;
  found: LookupFound[];
  /** Sources that failed (unreachable, refused…): the others still answered. */
  errors: LookupSourceError[];
}

export type KeyServerKind = 'vks' | 'hkp';

export interface KeyServer {
  /** Normalised base (https, loopback http allowed). */
  url: string;
  kind: KeyServerKind;
}

/** Lookup/publish settings: key servers are opt-in, none by default; nothing is published by default. */
export interface LookupSettings {
  keyServers: KeyServer[];
  /** Look recipients up over WKD (their own domain). */
  wkd: boolean;
  /** Look recipients up in the vault's key directory (when a vault account exists). */
  vaultDirectory: boolean;
}

/** Where a key can be published: the vault directory or one configured key server. */
export type PublishTarget = { kind: 'vault-directory' } | { kind: 'server'; url: string };

export type PublishStateName = 'not-published' | 'pending' | 'published';

export interface PublishState {
  /** `vault-directory`, or the key server's URL. */
  target: string;
  kind: 'vault-directory' | KeyServerKind;
  state: PublishStateName;
  /** Per address, when the server says (VKS). */
  addresses: Record<string, 'unpublished' | 'pending' | 'published' | 'revoked'>;
  /** True once the key was uploaded while revoked (the revocation is out there). */
  revocationPublished: boolean;
  updatedAt: string | null;
  lastError: ErrorCode | null;
}

type Empty = Record<string, never>;

export interface LookupPageProtocol {
  /** Looks each address up in order (keyring → vault directory → WKD → key servers → Autocrypt). */
  lookupKeys: { req: { emails: string[] }; res: { results: LookupResult[] } };
  // Importing a found key is confirmed in an extension window: askLookupImport (confirm-protocol.ts).
  getLookupSettings: { req: Empty; res: LookupSettings };
  setLookupSettings: { req: LookupSettings; res: LookupSettings };
  getPublishState: { req: { fingerprint: string }; res: { states: PublishState[]; targets: PublishTarget[] } };
  /** Uploads the public key (with its revocation, if revoked) and asks for verification (VKS). */
  publishKey: { req: { fingerprint: string; targets: PublishTarget[] }; res: { states: PublishState[] } };
}

export interface LookupContentProtocol {
  /**
   * An `Autocrypt:` header the Roundcube adapter read (public keydata only). The background
   * checks the key, that it carries a user ID for `addr`, and that `addr` is the From address.
   */
  autocryptSeen: {
    req: { from: string; addr: string; preferEncrypt: 'mutual' | 'nopreference'; keydata: string; date: string };
    res: { stored: boolean };
  };
}
