/** Public surface of the pure OpenPGP core. Wiring only: every export lives in its own file. */
export * from './errors';
export * from './openpgp-config';
export type * from './keys/model';
export * from './keys/armor';
export { algorithmName } from './keys/algorithm';
export * from './keys/passphrase-strength';
export { describeKey, sanitizeUserIdText, MAX_USER_ID_DISPLAY, EXPIRING_SOON_DAYS } from './keys/describe';
export * from './keys/generate';
export * from './keys/protect';
export * from './keys/read';
export * from './keys/merge';
export * from './keys/revoke';
export * from './keys/expiry';
export * from './messages/index';
export * from './armor/index';
export * from './mime/index';
