/**
 * Turns an OpenPGP.js key into plain, display-safe `KeyInfo` (no secret material).
 * KM-03: only user IDs with a valid self-certification are listed.
 * KM-04: user ID text is sanitised before it reaches any UI.
 */
import { checkUidScripts } from './mixed-script';
import * as openpgp from 'openpgp';
import { pgpConfig } from '../openpgp-config';
import type { KeyInfo, KeyStatus, RevocationReason, SubkeyInfo, UserIdInfo } from './model';
import { algorithmName } from './algorithm';

const { enums } = openpgp;

/** Display cap for a user ID (KM-04). */
export const MAX_USER_ID_DISPLAY = 256;
/** A key expiring within this many days is reported as 'expiring-soon'. */
export const EXPIRING_SOON_DAYS = 30;

// U+202A–U+202E embeddings/overrides, U+2066–U+2069 isolates, U+200E/U+200F marks, U+061C ALM;
// also the invisible U+200B–U+200D, U+2060, U+FEFF that split a look-alike name (KM-04).
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u200B-\u200D\u2060\uFEFF]/gu;
// C0/C1 controls (CR, LF, TAB, NUL…), DEL, and line/paragraph separators.
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/gu;

/**
 * Makes user ID text safe to display (KM-04): strips control characters and CR/LF,
 * removes bidi overrides/isolates/marks, caps the length. `sanitized` says whether
 * anything had to change, so the UI can warn. HTML is NOT escaped here: the UI renders
 * text nodes, never HTML.
 */
export function sanitizeUserIdText(s: string): { text: string; sanitized: boolean } {
  let text = s.replace(CONTROL, ' ').replace(BIDI, '');
  text = text.replace(/ {2,}/g, ' ').trim();
  const chars = Array.from(text);
  if (chars.length > MAX_USER_ID_DISPLAY) text = `${chars.slice(0, MAX_USER_ID_DISPLAY - 1).join('')}…`;
  return { text, sanitized: text !== s };
}

const REASONS: Record<number, RevocationReason> = {
  [enums.reasonForRevocation.noReason]: 'no-reason',
  [enums.reasonForRevocation.keySuperseded]: 'superseded',
  [enums.reasonForRevocation.keyCompromised]: 'compromised',
  [enums.reasonForRevocation.keyRetired]: 'retired',
};

function iso(d: Date | number | null | undefined): string | null {
  return d instanceof Date ? d.toISOString() : null;
}

/** The verified key-revocation signature (RFC 9580 §5.2.1.11), if any. */
async function validKeyRevocation(key: openpgp.Key, now: Date): Promise<openpgp.SignaturePacket | null> {
  for (const sig of key.revocationSignatures) {
    try {
      await sig.verify(key.keyPacket, enums.signature.keyRevocation, { key: key.keyPacket }, now, undefined, pgpConfig);
      return sig;
    } catch {
      // invalid revocations are ignored, as OpenPGP.js itself does
    }
  }
  return null;
}

/**
 * OpenPGP.js leaves `email` empty when the name part does not parse as RFC 5322
 * (e.g. it contains `<`); the conventional trailing "<addr>" still names the address.
 */
function trailingAddress(userId: string): string {
  return /<([^<>\s]+@[^<>\s]+)>\s*$/u.exec(userId)?.[1] ?? '';
}

async function describeUsers(key: openpgp.Key, now: Date): Promise<UserIdInfo[]> {
  const primary = await key.getPrimaryUser(now, undefined, pgpConfig).catch(() => null);
  const out: UserIdInfo[] = [];
  for (const user of key.users) {
    const packet = user.userID;
    if (!packet) continue; // user attributes (photos) are not shown
    const data = { userID: packet, key: key.keyPacket };
    let certified = false;
    let revoked = false;
    for (const cert of user.selfCertifications) {
      try {
        await cert.verify(key.keyPacket, enums.signature.certGeneric, data, now, undefined, pgpConfig);
        certified = true;
        if (await user.isRevoked(cert, undefined, now, pgpConfig)) revoked = true;
      } catch {
        // not a valid self-certification: ignored (KM-03)
      }
    }
    if (!certified) continue;
    const whole = sanitizeUserIdText(packet.userID);
    const name = sanitizeUserIdText(packet.name ?? '');
    const email = sanitizeUserIdText(packet.email || trailingAddress(packet.userID));
    out.push({
      userId: whole.text,
      name: name.text,
      email: email.text.toLowerCase(),
      revoked,
      primary: primary?.user === user,
      sanitized: whole.sanitized,
      ...lookalikeOf(packet.userID),
    });
  }
  return out;
}

/** KM-04 flags for display: the warning, and how a punycode address reads once decoded. */
function lookalikeOf(userID: string): Pick<UserIdInfo, 'lookalike' | 'lookalikeReadsAs'> {
  const check = checkUidScripts(userID);
  return check.readsAs === null ? { lookalike: check.warn } : { lookalike: check.warn, lookalikeReadsAs: sanitizeUserIdText(check.readsAs).text };
}

type Usage = SubkeyInfo['usage'][number];

function usageFromFlags(flags: number): Usage[] {
  const usage: Usage[] = [];
  if (flags & enums.keyFlags.certifyKeys) usage.push('certify');
  if (flags & enums.keyFlags.signData) usage.push('sign');
  if (flags & (enums.keyFlags.encryptCommunication | enums.keyFlags.encryptStorage)) usage.push('encrypt');
  if (flags & enums.keyFlags.authentication) usage.push('auth');
  return usage;
}

/**
 * The latest binding signature of a subkey that verifies, including the primary-key
 * binding (back-)signature for signing subkeys (KM-02, RFC 9580 §5.2.1.8).
 */
export async function validSubkeyBinding(subkey: openpgp.Subkey, now: Date): Promise<openpgp.SignaturePacket | null> {
  const primary = subkey.mainKey.keyPacket;
  const data = { key: primary, bind: subkey.keyPacket };
  let best: openpgp.SignaturePacket | null = null;
  for (const sig of subkey.bindingSignatures) {
    try {
      await sig.verify(primary, enums.signature.subkeyBinding, data, now, undefined, pgpConfig);
      const flags = sig.keyFlags?.[0] ?? 0;
      if (flags & enums.keyFlags.signData) {
        const back = sig.embeddedSignature;
        if (!back) continue;
        await back.verify(subkey.keyPacket, enums.signature.keyBinding, data, now, undefined, pgpConfig);
      }
      if (!best || (sig.created ?? 0) >= (best.created ?? 0)) best = sig;
    } catch {
      // unbound / forged subkey binding: the subkey is not listed nor used
    }
  }
  return best;
}

async function describeSubkeys(key: openpgp.Key, now: Date): Promise<SubkeyInfo[]> {
  const out: SubkeyInfo[] = [];
  for (const subkey of key.subkeys) {
    const binding = await validSubkeyBinding(subkey, now);
    if (!binding) continue;
    const expires = await subkey.getExpirationTime(now, pgpConfig);
    out.push({
      fingerprint: subkey.getFingerprint().toUpperCase(),
      keyId: subkey.getKeyID().toHex().toUpperCase(),
      algorithm: algorithmName(subkey.keyPacket),
      created: subkey.getCreationTime().toISOString(),
      expires: iso(expires),
      revoked: await subkey.isRevoked(binding, key.keyPacket, now, pgpConfig),
      usage: usageFromFlags(binding.keyFlags?.[0] ?? 0),
    });
  }
  return out;
}

async function keyStatus(key: openpgp.Key, revoked: boolean, expires: string | null, now: Date): Promise<KeyStatus> {
  if (revoked) return 'revoked';
  try {
    await key.verifyPrimaryKey(now, undefined, pgpConfig);
  } catch {
    return expires !== null && Date.parse(expires) <= now.getTime() ? 'expired' : 'invalid';
  }
  if (expires !== null && Date.parse(expires) - now.getTime() < EXPIRING_SOON_DAYS * 86_400_000) return 'expiring-soon';
  return 'valid';
}

/** Describes a key for display. Never throws for a parsed key; a broken one gets status 'invalid'. */
export async function describeKey(key: openpgp.Key, now: Date = new Date()): Promise<KeyInfo> {
  const revocation = await validKeyRevocation(key, now);
  const expiry = await key.getExpirationTime(undefined, pgpConfig).catch(() => null);
  const expires = iso(expiry);
  const userIds = await describeUsers(key, now);
  const emails = [...new Set(userIds.filter((u) => !u.revoked && u.email).map((u) => u.email))];
  const version = key.keyPacket.version === 6 ? 6 : 4;
  return {
    fingerprint: key.getFingerprint().toUpperCase(),
    keyId: key.getKeyID().toHex().toUpperCase(),
    version,
    algorithm: algorithmName(key.keyPacket),
    created: key.getCreationTime().toISOString(),
    expires,
    revoked: revocation !== null,
    revocationReason: revocation ? (REASONS[revocation.reasonForRevocationFlag ?? 0] ?? 'no-reason') : null,
    status: await keyStatus(key, revocation !== null, expires, now),
    userIds,
    emails,
    hasSecret: key.isPrivate(),
    subkeys: await describeSubkeys(key, now),
  };
}
