/** Key generation for the profiles Cachet offers (see DESIGN.md "Keys"). */
import * as openpgp from 'openpgp';
import { CachetError } from '../errors';
import { pgpConfig } from '../openpgp-config';
import { describeKey, sanitizeUserIdText } from './describe';
import type { KeyInfo, KeyProfile } from './model';
import { assertNewPassphrase } from './passphrase-strength';
import { wipe } from './parse';
import { protectPrivateKey } from './protect';

export interface GenerateKeyOptions {
  name: string;
  emails: string[];
  passphrase: string;
  profile: KeyProfile;
  /** Days from `date` (or now) until the key expires; null = never. */
  expiresInDays: number | null;
  date?: Date;
}

export interface GeneratedKey {
  /** Protected with Argon2id + AEAD (S2K usage 253). */
  armoredPrivate: string;
  armoredPublic: string;
  /** A key-revocation signature in the form gpg writes (a lone signature in a PUBLIC KEY BLOCK). */
  revocationCertificate: string;
  info: KeyInfo;
}

// Deliberately simple (RFC 5322 addr-spec is far wider): one @, no spaces or angle brackets,
// a dotted domain. A user ID is "Name <addr>", so `<>` inside would break parsing.
const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;.]{2,}$/u;
const MAX_NAME = 128;
const MAX_EMAILS = 20;

// v4 keys are generated with `aeadProtect: false`: with it on, OpenPGP.js writes a Features
// subpacket announcing SEIPDv2 (RFC 9580 §5.2.3.32), senders then encrypt to the key in a form
// gpg 2.2, sq 0.27 and rnp 0.16 cannot read. The secret key is protected with Argon2id + AEAD
// afterwards (protectPrivateKey), which only changes how it is stored, not what it announces.
const v4Config: openpgp.Config = { ...pgpConfig, aeadProtect: false };

function profileOptions(profile: KeyProfile): Pick<openpgp.KeyOptions, 'type' | 'rsaBits' | 'config'> {
  switch (profile) {
    case 'ecc': // v4 EdDSA-legacy + cv25519 ECDH: read by gpg 2.2, sq, rnp
      return { type: 'ecc', config: v4Config };
    case 'rsa3072':
      return { type: 'rsa', rsaBits: 3072, config: v4Config };
    case 'rsa4096':
      return { type: 'rsa', rsaBits: 4096, config: v4Config };
    case 'v6': // RFC 9580 v6 key, Ed25519 + X25519 (§5.5.2.3)
      return { type: 'curve25519', config: { ...pgpConfig, v6Keys: true } };
    default:
      throw new CachetError('BAD_REQUEST', 'unknown key profile');
  }
}

/**
 * Generates a passphrase-protected key pair. PASSPHRASE_TOO_WEAK for a weak passphrase,
 * BAD_REQUEST for a missing/odd name, a non-address email or a bad expiry.
 */
export async function generateKey(o: GenerateKeyOptions): Promise<GeneratedKey> {
  const name = o.name.trim();
  if (name.length > MAX_NAME || sanitizeUserIdText(name).sanitized || /[<>]/.test(name)) {
    throw new CachetError('BAD_REQUEST', 'name');
  }
  const emails = o.emails.map((e) => e.trim());
  if (emails.length === 0 || emails.length > MAX_EMAILS || !emails.every((e) => EMAIL.test(e))) {
    throw new CachetError('BAD_REQUEST', 'emails');
  }
  if (o.expiresInDays !== null && !(Number.isInteger(o.expiresInDays) && o.expiresInDays > 0 && o.expiresInDays <= 36500)) {
    throw new CachetError('BAD_REQUEST', 'expiresInDays');
  }
  await assertNewPassphrase(o.passphrase);

  const profile = profileOptions(o.profile);
  const date = o.date ?? new Date();
  const userIDs = emails.map((email) => (name ? { name, email } : { email }));
  let generated;
  try {
    generated = await openpgp.generateKey({
      ...profile,
      userIDs,
      keyExpirationTime: o.expiresInDays === null ? 0 : o.expiresInDays * 86_400,
      date,
      format: 'object',
    });
  } catch (e) {
    throw new CachetError('INTERNAL', e instanceof Error ? e.message : undefined);
  }
  const { privateKey, publicKey, revocationCertificate } = generated;
  try {
    const armoredPrivate = await protectPrivateKey(privateKey, o.passphrase);
    return {
      armoredPrivate,
      armoredPublic: publicKey.armor(pgpConfig),
      revocationCertificate,
      info: await describeKey(privateKey, date),
    };
  } finally {
    wipe(privateKey);
  }
}
