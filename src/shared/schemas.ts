/**
 * One payload schema per message. The maps are typed by the protocol, so a missing
 * schema is a compile error, and `Exact` below also fails compilation when a schema
 * accepts less than the request type (e.g. a property forgotten in one of them).
 */
import { CachetError } from '../core/errors';
import { adapterStatusContentSchemas, adapterStatusPageSchemas } from './adapter-status-schemas';
import { confirmPageSchemas } from './confirm-schemas';
import { lookupContentSchemas, lookupPageSchemas } from './lookup-schemas';
import { mailContentSchemas, mailPageSchemas } from './mail-schemas';
import { passwordPageSchemas } from './password-schemas';
import { frameClaimContentSchemas, frameClaimPageSchemas } from './frame-claim-schemas';
import { pageApiContentSchemas, pageApiPageSchemas } from './page-api-schemas';
import { pageApiKeyringContentSchemas, pageApiKeyringPageSchemas } from './page-api-keyring-schemas';
import { securityTokenPageSchemas } from './security-token-schemas';
import { vaultApprovalPageSchemas } from './vault-approval-schemas';
import { readAttachmentsContentSchemas, readAttachmentsPageSchemas } from './read-attachments-schemas';
import type { ContentProtocol, PageProtocol, Settings } from './protocol';
import { array, boolean, empty, int, literal, nullable, object, record, string, type Infer, type Schema } from './schema';

/** Caps (DS-03/DS-04): generous for real use, small enough that nothing explodes. */
export const LIMITS = {
  passphrase: 1024,
  /** Text of key material: above the core's 5 MiB cap so the core answers TOO_LARGE itself. */
  keyDataChars: 12 * 1024 * 1024,
  emails: 20,
  email: 254,
  name: 256,
  revocationMessage: 4096,
  revocationCertificateChars: 64 * 1024,
  subkeys: 100,
  importKeys: 100,
  confirm: 128,
  maxCacheMinutes: 24 * 60,
  vaultUrl: 2048,
  vaultPassword: 1024,
} as const;

// Upper-case hex, v4 (40) or v6 (64) fingerprints; never key IDs (KM-05).
const fingerprint = string({ max: 64, pattern: /^(?:[0-9A-F]{40}|[0-9A-F]{64})$/, patternName: 'fingerprint' });
const passphrase = string({ max: LIMITS.passphrase });
const email = string({ max: LIMITS.email, pattern: /^[^\s@<>]+@[^\s@<>]+$/, patternName: 'e-mail address' });

const isoDate: Schema<string> = {
  parse(v, path = 'payload') {
    const s = string({
      max: 40,
      pattern: /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/,
      patternName: 'ISO 8601 date',
    }).parse(v, path);
    if (!Number.isFinite(Date.parse(s))) throw new CachetError('BAD_REQUEST', `${path}: not a valid date`);
    return s;
  },
};

const keyData = {
  text: string({ max: LIMITS.keyDataChars }),
  encoding: literal('armored', 'base64'),
};
// The address is checked again (https unless loopback, VS-08) by the vault client.
const vaultUrl = string({ max: LIMITS.vaultUrl, min: 1, pattern: /^https?:\/\/\S+$/, patternName: 'http(s) address' });
const vaultPassword = string({ max: LIMITS.vaultPassword, min: 1 });
const reason = literal('no-reason', 'superseded', 'compromised', 'retired');
const passphrasesByKey = record(fingerprint, passphrase, { maxEntries: LIMITS.importKeys });

/** An http(s) origin as `URL.origin` prints it (the background re-checks with URL). */
const siteOrigin = string({ max: 270, min: 8, pattern: /^https?:\/\/[a-z0-9.-]{1,253}(:\d{1,5})?$/, patternName: 'origin' });

const cacheMinutes = int(0, LIMITS.maxCacheMinutes);
const settingsWithoutAuto = object({ passphraseCacheMinutes: cacheMinutes });
const settingsWithAuto = object({ passphraseCacheMinutes: cacheMinutes, autoDecrypt: boolean() });
/** Settings; `autoDecrypt` may be absent (settings saved before it existed mean "off"). */
const settingsSchema: Schema<Settings> = {
  parse(v, path = 'payload') {
    const hasAuto = typeof v === 'object' && v !== null && Object.hasOwn(v, 'autoDecrypt');
    return hasAuto ? settingsWithAuto.parse(v, path) : settingsWithoutAuto.parse(v, path);
  },
};

export const pageSchemas = {
  ...frameClaimPageSchemas,
  ...mailPageSchemas,
  ...lookupPageSchemas,
  ...confirmPageSchemas,
  ...passwordPageSchemas,
  ...pageApiPageSchemas,
  ...pageApiKeyringPageSchemas,
  ...adapterStatusPageSchemas,
  ...securityTokenPageSchemas,
  ...vaultApprovalPageSchemas,
  ...readAttachmentsPageSchemas,
  listKeys: empty(),
  getKey: object({ fingerprint }),
  generateKey: object({
    name: string({ max: LIMITS.name }),
    emails: array(email, { max: LIMITS.emails, min: 1 }),
    passphrase,
    profile: literal('ecc', 'rsa3072', 'rsa4096', 'v6'),
    expiresInDays: nullable(int(1, 36_500)),
  }),
  inspectImport: object(keyData),
  commitImport: object({ ...keyData, passphrases: passphrasesByKey, newPassphrases: passphrasesByKey }),
  changePassphrase: object({ fingerprint, oldPassphrase: passphrase, newPassphrase: passphrase }),
  setExpiry: object({
    fingerprint,
    passphrase: nullable(passphrase),
    expiresAt: nullable(isoDate),
    subkeys: array(object({ fingerprint, expiresAt: nullable(isoDate) }), { max: LIMITS.subkeys }),
  }),
  revokeKey: object({
    fingerprint,
    passphrase: nullable(passphrase),
    reason,
    message: string({ max: LIMITS.revocationMessage }),
  }),
  makeRevocationCertificate: object({
    fingerprint,
    passphrase: nullable(passphrase),
    reason,
    message: string({ max: LIMITS.revocationMessage }),
  }),
  importRevocationCertificate: object({ armored: string({ max: LIMITS.revocationCertificateChars }) }),
  exportKey: object({
    fingerprint,
    kind: literal('public', 'private', 'private-gnupg'),
    passphrase: nullable(passphrase),
  }),
  deleteKey: object({ fingerprint, confirm: string({ max: LIMITS.confirm }) }),
  deleteQuarantined: object({ id: string({ max: 64, min: 1 }) }),
  setDefaultKey: object({ email, fingerprint }),
  unlockKey: object({ fingerprint, passphrase }),
  lockAll: empty(),
  getStatus: empty(),
  getSettings: empty(),
  setSettings: settingsSchema,
  vaultStatus: empty(),
  vaultRegister: object({ url: vaultUrl, email, password: vaultPassword }),
  vaultLogin: object({ url: vaultUrl, email, password: vaultPassword }),
  vaultLogout: empty(),
  vaultDevices: empty(),
  vaultRevokeDevice: object({ id: string({ max: 64, min: 1, pattern: /^[0-9a-f-]{1,64}$/, patternName: 'device id' }) }),
  vaultSyncNow: empty(),
  listSites: empty(),
  enableSite: object({ origin: siteOrigin, tabId: nullable(int(0, 2 ** 31 - 1)) }),
  disableSite: object({ origin: siteOrigin }),
} satisfies { [K in keyof PageProtocol]: Schema<PageProtocol[K]['req']> };

export const contentSchemas = {
  ...frameClaimContentSchemas,
  ...mailContentSchemas,
  ...lookupContentSchemas,
  ...pageApiContentSchemas,
  ...pageApiKeyringContentSchemas,
  ...adapterStatusContentSchemas,
  ...readAttachmentsContentSchemas,
  ping: empty(),
} satisfies { [K in keyof ContentProtocol]: Schema<ContentProtocol[K]['req']> };

// Compile-time: every request type must also be accepted by its schema (the other
// direction is the `satisfies` above). A `false` here fails `tsc`.
type Exact<P, S> = { [K in keyof P]: P[K] extends { req: infer R } ? ([R] extends [Infer<S[K & keyof S]>] ? true : false) : false };
type AllTrue<T> = false extends T[keyof T] ? false : true;
const pageExact: AllTrue<Exact<PageProtocol, typeof pageSchemas>> = true;
const contentExact: AllTrue<Exact<ContentProtocol, typeof contentSchemas>> = true;
void pageExact;
void contentExact;

export type PageSchemas = { [K in keyof PageProtocol]: Schema<PageProtocol[K]['req']> };
export type ContentSchemas = { [K in keyof ContentProtocol]: Schema<ContentProtocol[K]['req']> };
