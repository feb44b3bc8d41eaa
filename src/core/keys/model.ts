/** Plain data describing keys; safe to send to extension pages (never secret material). */

/** Key profiles offered at generation. `ecc` (v4 ed25519/cv25519) is the interoperable default. */
export type KeyProfile = 'ecc' | 'rsa3072' | 'rsa4096' | 'v6';

export type KeyStatus = 'valid' | 'expiring-soon' | 'expired' | 'revoked' | 'invalid';

/** RFC 9580 §5.2.3.31 reason-for-revocation codes Cachet offers. */
export type RevocationReason = 'no-reason' | 'superseded' | 'compromised' | 'retired';

export interface UserIdInfo {
  /** Display-safe: control chars stripped, bidi overrides neutralised, capped in length. */
  userId: string;
  name: string;
  email: string;
  revoked: boolean;
  primary: boolean;
  /** True when the original text had to be changed for display (too long, control or bidi chars). */
  sanitized: boolean;
  /**
   * KM-04 homoglyphs: letters of several scripts in one word, a non-Latin address or a
   * punycode domain (`checkUidScripts`); the UI shows a look-alike warning. Optional so
   * records stored before it existed still read.
   */
  lookalike?: boolean;
  /** KM-04: for a punycode domain, how the address reads once decoded (sanitised for display). */
  lookalikeReadsAs?: string;
}

export interface SubkeyInfo {
  fingerprint: string;
  keyId: string;
  algorithm: string;
  created: string; // ISO 8601
  expires: string | null;
  revoked: boolean;
  usage: Array<'sign' | 'encrypt' | 'certify' | 'auth'>;
}

export interface KeyInfo {
  /** Upper-case hex, no spaces. Keys are always identified by full fingerprint (KM-05). */
  fingerprint: string;
  keyId: string;
  version: 4 | 6;
  /** e.g. `ed25519`, `rsa3072`, `ed25519 (v6)` */
  algorithm: string;
  created: string; // ISO 8601
  expires: string | null;
  revoked: boolean;
  revocationReason: RevocationReason | null;
  status: KeyStatus;
  userIds: UserIdInfo[];
  /** Lower-cased addresses from valid user IDs. */
  emails: string[];
  hasSecret: boolean;
  subkeys: SubkeyInfo[];
}
