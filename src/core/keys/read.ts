/**
 * Import parsing: one or several keys from pasted text (armored blocks anywhere in it)
 * or binary packets, with size caps (DS-03/DS-04) and per-key refusals (KM-07).
 */
import * as openpgp from 'openpgp';
import { CachetError, type ErrorCode } from '../errors';
import { pgpConfig } from '../openpgp-config';
import { describeKey } from './describe';
import type { KeyInfo } from './model';
import { internals, secretPackets } from './parse';


import { MAX_IMPORT_BYTES } from './limits';
export { MAX_IMPORT_BYTES };
export const MAX_KEYS = 100;
export const MAX_USER_IDS_PER_KEY = 1000;
export const MAX_SIGNATURES_PER_KEY = 10_000;
const MIN_RSA_BITS = 2048;

export interface ParsedKey {
  key: openpgp.Key;
  info: KeyInfo;
  secret: 'none' | 'protected' | 'unprotected';
  /**
   * Additive to the contract: true when the secret key is not protected with Argon2 + AEAD
   * (iterated, salted/simple S2K, or unprotected): the importer re-protects it.
   */
  needsReprotect: boolean;
}

export interface Refusal {
  label: string;
  code: ErrorCode;
  detail?: string;
}

const BLOCK = /-----BEGIN PGP (PUBLIC|PRIVATE) KEY BLOCK-----[\s\S]*?-----END PGP \1 KEY BLOCK-----/g;

function weakness(key: openpgp.Key): string | null {
  for (const k of key.getKeys()) {
    const p = k.keyPacket;
    if ((p.version as number) < 4) return 'v3 key';
    const info = p.getAlgorithmInfo();
    if (info.algorithm === 'dsa' || info.algorithm === 'elgamal') return info.algorithm;
    if (info.algorithm.startsWith('rsa') && (info.bits ?? 0) < MIN_RSA_BITS) return `rsa${info.bits ?? ''}`;
  }
  return null;
}

function counts(key: openpgp.Key): { users: number; signatures: number } {
  let signatures = key.revocationSignatures.length;
  for (const u of key.users) signatures += u.selfCertifications.length + u.otherCertifications.length + u.revocationSignatures.length;
  for (const s of key.subkeys) signatures += s.bindingSignatures.length + s.revocationSignatures.length;
  signatures += (key as unknown as { directSignatures: unknown[] }).directSignatures.length;
  return { users: key.users.length, signatures };
}

function secretState(key: openpgp.Key): Pick<ParsedKey, 'secret' | 'needsReprotect'> {
  if (!key.isPrivate()) return { secret: 'none', needsReprotect: false };
  const packets = secretPackets(key);
  if (packets.length === 0) return { secret: 'none', needsReprotect: false };
  if (packets.some((p) => p.isDecrypted())) return { secret: 'unprotected', needsReprotect: true };
  const strong = packets.every((p) => {
    const i = internals(p);
    return i.s2kUsage === 253 && i.s2k?.type === 'argon2';
  });
  return { secret: 'protected', needsReprotect: !strong };
}

async function parseBlock(input: { armoredKeys: string } | { binaryKeys: Uint8Array }): Promise<openpgp.Key[]> {
  try {
    return 'armoredKeys' in input
      ? await openpgp.readKeys({ armoredKeys: input.armoredKeys, config: pgpConfig })
      : await openpgp.readKeys({ binaryKeys: input.binaryKeys, config: pgpConfig });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/version 3|v3 key|Version 3/i.test(message)) throw new CachetError('WEAK_KEY', 'v3 key');
    throw new CachetError('MALFORMED_ARMOR', message);
  }
}

function asText(data: string | Uint8Array): string | null {
  if (typeof data === 'string') return data;
  // An OpenPGP packet header always has bit 7 set (RFC 9580 §4.2); anything else is text.
  const first = data.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
  if (first !== undefined && (first & 0x80) === 0) return new TextDecoder().decode(data);
  return null;
}

/**
 * Parses key material for import. Throws TOO_LARGE (input > 5 MiB, > 100 keys, or a key
 * with > 1,000 user IDs / > 10,000 signatures), MALFORMED_ARMOR, NO_KEY_FOUND. Weak keys
 * (RSA < 2048, DSA, ElGamal, v3) are listed in `refused` with WEAK_KEY; the rest go on.
 * Weak S2K protection is not refused: `needsReprotect` says the key must be re-protected.
 */
export async function readKeyMaterial(data: string | Uint8Array): Promise<{ keys: ParsedKey[]; refused: Refusal[] }> {
  const size = typeof data === 'string' ? data.length : data.byteLength;
  if (size > MAX_IMPORT_BYTES) throw new CachetError('TOO_LARGE', 'input over 5 MiB');
  const text = asText(data);
  const parsed: openpgp.Key[] = [];
  const refused: Refusal[] = [];
  if (text === null) {
    parsed.push(...(await parseBlock({ binaryKeys: data as Uint8Array })));
  } else {
    const blocks = text.match(BLOCK) ?? [];
    if (blocks.length === 0) {
      if (/-----BEGIN PGP (PUBLIC|PRIVATE) KEY BLOCK-----/.test(text)) throw new CachetError('MALFORMED_ARMOR', 'unterminated armor');
      throw new CachetError('NO_KEY_FOUND');
    }
    if (blocks.length > MAX_KEYS) throw new CachetError('TOO_LARGE', 'too many blocks');
    for (const [i, block] of blocks.entries()) {
      try {
        parsed.push(...(await parseBlock({ armoredKeys: block })));
      } catch (e) {
        if (blocks.length === 1) throw e;
        const err = e as CachetError;
        refused.push({ label: `block ${i + 1}`, code: err.code, ...(err.detail ? { detail: err.detail } : {}) });
      }
      if (parsed.length > MAX_KEYS) throw new CachetError('TOO_LARGE', 'too many keys');
    }
  }
  if (parsed.length > MAX_KEYS) throw new CachetError('TOO_LARGE', 'too many keys');

  const byFingerprint = new Map<string, openpgp.Key>();
  for (const key of parsed) {
    const fpr = key.getFingerprint().toUpperCase();
    const c = counts(key);
    if (c.users > MAX_USER_IDS_PER_KEY || c.signatures > MAX_SIGNATURES_PER_KEY) throw new CachetError('TOO_LARGE', `key ${fpr}`);
    const weak = weakness(key);
    if (weak) {
      refused.push({ label: fpr, code: 'WEAK_KEY', detail: weak });
      continue;
    }
    const seen = byFingerprint.get(fpr);
    if (!seen) {
      byFingerprint.set(fpr, key);
      continue;
    }
    // The same key twice in one paste (e.g. public and private block): merge.
    try {
      byFingerprint.set(fpr, seen.isPrivate() || !key.isPrivate() ? await seen.update(key, new Date(), pgpConfig) : await key.update(seen, new Date(), pgpConfig));
    } catch {
      refused.push({ label: fpr, code: 'KEY_INVALID', detail: 'conflicting copies' });
    }
  }

  const keys: ParsedKey[] = [];
  for (const [fpr, key] of byFingerprint) {
    const info = await describeKey(key);
    if (info.status === 'invalid') {
      refused.push({ label: fpr, code: 'KEY_INVALID', detail: 'no valid self-signature' });
      continue;
    }
    keys.push({ key, info, ...secretState(key) });
  }
  if (keys.length === 0 && refused.length === 0) throw new CachetError('NO_KEY_FOUND');
  return { keys, refused };
}

