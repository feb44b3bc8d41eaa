/**
 * What the directory accepts, stores and serves of a certificate, following the
 * keys.openpgp.org privacy rules: public keys only, self-signatures only (no
 * third-party certifications), e-mail user IDs only (no user attributes such as
 * photo IDs, no name-only user IDs), and on the way out only the user IDs whose
 * address was verified.
 */
import * as openpgp from 'openpgp';
import { pgpConfig } from '../../core/openpgp-config.js';
import { DirectoryError } from './errors.js';

/** keys.openpgp.org's cap on one upload. */
export const MAX_UPLOAD_BYTES = 1024 * 1024;
/** More keys than this in one upload is not a gpg --send-keys, it is a dump. */
const MAX_KEYS_PER_UPLOAD = 16;
const MAX_USERS = 100;
const MAX_SUBKEYS = 100;
const MAX_SIGNATURES = 5000;

/** Runtime fields of OpenPGP.js keys that its typings leave out. */
interface KeyInternals { directSignatures: openpgp.SignaturePacket[] }

/**
 * The address as matched and stored: exact, with ASCII letters lower-cased only, the
 * way GnuPG and WKD fold case (draft-koch-openpgp-webkey-service §3.1), so the WKD
 * hash of a stored address equals the one a client computes from the user ID.
 */
export function normaliseEmail(address: string): string {
  return address.trim().replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** A plain addr-spec, as user IDs carry it; the same shape the vault's account e-mails use. */
export function isEmail(s: string): boolean {
  return s.length >= 3 && s.length <= 254 && /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(s);
}

/**
 * Parses an upload (armored; one or more public keys) and refuses secret keys
 * anywhere: an armored private block, a secret primary or a secret subkey packet
 * smuggled into a public block (400).
 */
export async function parseUpload(keytext: string): Promise<openpgp.PublicKey[]> {
  if (Buffer.byteLength(keytext) > MAX_UPLOAD_BYTES) throw new DirectoryError(413, `key over ${MAX_UPLOAD_BYTES} bytes`);
  if (/-----BEGIN PGP PRIVATE KEY BLOCK-----/.test(keytext)) throw secretRefused();
  let keys: openpgp.Key[];
  try {
    keys = await openpgp.readKeys({ armoredKeys: keytext, config: pgpConfig });
  } catch {
    throw new DirectoryError(400, 'not a valid armored OpenPGP public key');
  }
  if (keys.length === 0) throw new DirectoryError(400, 'no key in the upload');
  if (keys.length > MAX_KEYS_PER_UPLOAD) throw new DirectoryError(400, `more than ${MAX_KEYS_PER_UPLOAD} keys in one upload`);
  for (const key of keys) {
    // Bounds the signature checks one upload can cause (a 1 MiB key can hold thousands).
    const signatures = key.users.reduce((n, u) => n + u.selfCertifications.length + u.otherCertifications.length + u.revocationSignatures.length, 0)
      + key.subkeys.reduce((n, k) => n + k.bindingSignatures.length + k.revocationSignatures.length, 0);
    if (key.users.length > MAX_USERS || key.subkeys.length > MAX_SUBKEYS || signatures > MAX_SIGNATURES) {
      throw new DirectoryError(400, `key ${key.getFingerprint().toUpperCase()} has too many user IDs, subkeys or signatures`);
    }
    if (key.isPrivate() || key.getKeys().some((k) => k.keyPacket instanceof openpgp.SecretSubkeyPacket || k.keyPacket instanceof openpgp.SecretKeyPacket)) {
      throw secretRefused();
    }
  }
  return keys as openpgp.PublicKey[];
}

function secretRefused(): DirectoryError {
  return new DirectoryError(400, 'secret key material is never accepted: upload the public key only');
}

/**
 * A key we accept has a valid self-signature, or is validly revoked or expired
 * (revocations and expiries must spread too). Throws 400 otherwise.
 */
export async function checkSelfSigned(key: openpgp.PublicKey): Promise<void> {
  try {
    await key.verifyPrimaryKey(new Date(), undefined, pgpConfig);
    return;
  } catch (e) {
    if (await key.isRevoked(undefined, undefined, new Date(), pgpConfig)) return;
    const message = e instanceof Error ? e.message : '';
    if (/expired/i.test(message)) return;
    throw new DirectoryError(400, `key ${key.getFingerprint().toUpperCase()} has no valid self-signature`);
  }
}

function selfIssued(key: openpgp.Key, sig: openpgp.SignaturePacket): boolean {
  if (sig.issuerFingerprint) return Buffer.from(sig.issuerFingerprint).toString('hex') === key.getFingerprint();
  return sig.issuerKeyID.equals(key.getKeyID());
}

/**
 * Keeps what the directory may store: the primary key with its own direct and
 * revocation signatures, user IDs that are e-mail addresses with their own
 * certifications and revocations, and the subkeys with their bindings. Drops
 * third-party certifications, user attributes and name-only user IDs (mutates and
 * returns `key`).
 */
export function stripToStorable(key: openpgp.PublicKey): openpgp.PublicKey {
  const internals = key as unknown as KeyInternals;
  internals.directSignatures = internals.directSignatures.filter((s) => selfIssued(key, s));
  key.revocationSignatures = key.revocationSignatures.filter((s) => selfIssued(key, s));
  key.users = key.users.filter((u) => u.userID !== null && isEmail(u.userID.email));
  for (const user of key.users) {
    user.otherCertifications = [];
    user.selfCertifications = user.selfCertifications.filter((s) => selfIssued(key, s));
    user.revocationSignatures = user.revocationSignatures.filter((s) => selfIssued(key, s));
  }
  return key;
}

/** Parses a stored (public, already stripped) copy. */
export async function readStored(armored: string): Promise<openpgp.PublicKey> {
  return (await openpgp.readKey({ armoredKey: armored, config: pgpConfig })) as openpgp.PublicKey;
}

/** What a served copy carries: the stored key with only the user IDs of `published` addresses. */
export async function servable(armored: string, published: ReadonlySet<string>): Promise<openpgp.PublicKey> {
  const key = await readStored(armored);
  key.users = key.users.filter((u) => u.userID !== null && published.has(normaliseEmail(u.userID.email)));
  return key;
}

export type AddressState = 'valid' | 'revoked';

/**
 * The addresses of a stored key's user IDs: 'valid' when at least one user ID with
 * that address has a valid, unrevoked self-certification, 'revoked' when every one
 * of them is revoked. User IDs with neither (no valid self-signature) are skipped.
 */
export async function addressesOf(key: openpgp.PublicKey): Promise<Map<string, AddressState>> {
  const out = new Map<string, AddressState>();
  for (const user of key.users) {
    if (!user.userID) continue;
    const email = normaliseEmail(user.userID.email);
    if (!isEmail(email)) continue;
    let state: AddressState | null = null;
    try {
      await user.verify(new Date(), pgpConfig);
      state = 'valid';
    } catch (e) {
      if (e instanceof Error && /revoked/i.test(e.message)) state = 'revoked';
    }
    if (state === 'valid' || (state === 'revoked' && !out.has(email))) out.set(email, state);
  }
  return out;
}
