/**
 * HKP machine-readable index (`op=index&options=mr`), draft-shaw-openpgp-hkp-00 §5.2
 * (kept as is by draft-gallagher-openpgp-hkp §3.2.2): parsed for the client AND produced
 * for the vault directory, so both sides agree on one implementation.
 *
 *     info:1:<count>
 *     pub:<keyid or fingerprint>:<algo>:<keylen>:<created>:<expires>:<flags>
 *     uid:<escaped user ID>:<created>:<expires>:<flags>
 *
 * Times are seconds since the epoch (empty when unknown), flags any of `r` revoked,
 * `d` disabled, `e` expired. In the user ID `%` and `:` and anything outside printable
 * ASCII are %-escaped UTF-8 bytes.
 */
import type * as openpgp from 'openpgp';
import { pgpConfig } from '../openpgp-config';

export interface HkpFlags {
  revoked: boolean;
  disabled: boolean;
  expired: boolean;
}

export interface HkpUid {
  uid: string;
  created: Date | null;
  expires: Date | null;
  flags: HkpFlags;
}

export interface HkpIndexEntry {
  /** Upper-case hex: a 40/64-digit fingerprint (what we produce) or a 16/8-digit key ID (older servers). */
  keyId: string;
  /** RFC 9580 §9.1 public-key algorithm number; null when the server left it empty. */
  algorithm: number | null;
  bits: number | null;
  created: Date | null;
  expires: Date | null;
  flags: HkpFlags;
  uids: HkpUid[];
}

const NO_FLAGS: HkpFlags = { revoked: false, disabled: false, expired: false };

function flagsOf(text: string): HkpFlags {
  return { revoked: text.includes('r'), disabled: text.includes('d'), expired: text.includes('e') };
}

function flagText(f: HkpFlags): string {
  return `${f.revoked ? 'r' : ''}${f.disabled ? 'd' : ''}${f.expired ? 'e' : ''}`;
}

function timeOf(text: string | undefined): Date | null {
  if (!text || !/^\d+$/.test(text)) return null;
  return new Date(Number(text) * 1000);
}

function timeText(d: Date | null): string {
  return d ? String(Math.floor(d.getTime() / 1000)) : '';
}

/** %-escapes a user ID for an index line: `%`, `:`, controls and all non-ASCII bytes. */
export function escapeHkpUid(uid: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(uid)) {
    const printable = byte >= 0x20 && byte < 0x7f && byte !== 0x25 && byte !== 0x3a;
    out += printable ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Reverses `escapeHkpUid`; a malformed escape is kept literally, invalid UTF-8 becomes U+FFFD. */
export function unescapeHkpUid(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const m = text[i] === '%' ? /^[0-9a-fA-F]{2}$/.exec(text.slice(i + 1, i + 3)) : null;
    if (m) {
      bytes.push(parseInt(m[0], 16));
      i += 2;
    } else {
      bytes.push(...new TextEncoder().encode(text[i]!));
    }
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}

/** Largest index we parse (entries beyond it are dropped, DS-03). */
export const MAX_INDEX_ENTRIES = 500;

/**
 * Parses a machine-readable index. Unknown line types are skipped (the draft allows them);
 * `uid` lines before any `pub` are ignored. Never throws on content.
 */
export function parseHkpIndex(text: string): HkpIndexEntry[] {
  const entries: HkpIndexEntry[] = [];
  let current: HkpIndexEntry | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const fields = raw.trim().split(':');
    if (fields[0] === 'pub' && fields[1]) {
      if (entries.length >= MAX_INDEX_ENTRIES) break;
      const id = fields[1].replace(/^0x/i, '').toUpperCase();
      if (!/^[0-9A-F]+$/.test(id)) {
        current = null;
        continue;
      }
      current = {
        keyId: id,
        algorithm: /^\d+$/.test(fields[2] ?? '') ? Number(fields[2]) : null,
        bits: /^\d+$/.test(fields[3] ?? '') ? Number(fields[3]) : null,
        created: timeOf(fields[4]),
        expires: timeOf(fields[5]),
        flags: flagsOf(fields[6] ?? ''),
        uids: [],
      };
      entries.push(current);
    } else if (fields[0] === 'uid' && current && fields.length >= 2) {
      current.uids.push({ uid: unescapeHkpUid(fields[1] ?? ''), created: timeOf(fields[2]), expires: timeOf(fields[3]), flags: flagsOf(fields[4] ?? '') });
    }
  }
  return entries;
}

/** Produces a machine-readable index (version 1) for the given entries. */
export function formatHkpIndex(entries: readonly HkpIndexEntry[]): string {
  const lines = [`info:1:${entries.length}`];
  for (const e of entries) {
    lines.push(`pub:${e.keyId}:${e.algorithm ?? ''}:${e.bits ?? ''}:${timeText(e.created)}:${timeText(e.expires)}:${flagText(e.flags)}`);
    for (const u of e.uids) lines.push(`uid:${escapeHkpUid(u.uid)}:${timeText(u.created)}:${timeText(u.expires)}:${flagText(u.flags)}`);
  }
  return `${lines.join('\n')}\n`;
}

const CURVE_BITS: Record<string, number> = { ed25519Legacy: 255, curve25519Legacy: 255, ed25519: 255, x25519: 255, ed448: 448, x448: 448, nistP256: 256, nistP384: 384, nistP521: 521, brainpoolP256r1: 256, brainpoolP384r1: 384, brainpoolP512r1: 512, secp256k1: 256 };

/**
 * Builds the index entry of a key (for a directory's `op=index`): fingerprint as key ID,
 * one `uid` per user ID packet with its latest self-signature's time. Flags follow the
 * key's verified state at `now`. Works on public keys; never reads secret material.
 */
export async function hkpIndexEntryOf(key: openpgp.Key, now = new Date()): Promise<HkpIndexEntry> {
  const info = key.keyPacket.getAlgorithmInfo() as { algorithm: string; bits?: number; curve?: string };
  const revoked = await key.isRevoked(undefined, undefined, now, pgpConfig).catch(() => false);
  const expiry = await key.getExpirationTime(undefined, pgpConfig).catch(() => null);
  const expires = expiry instanceof Date ? expiry : null;
  const uids: HkpUid[] = [];
  for (const user of key.users) {
    if (!user.userID) continue;
    const latest = user.selfCertifications.reduce<openpgp.SignaturePacket | null>((a, s) => (!a || (s.created ?? 0) > (a.created ?? 0) ? s : a), null);
    const uidRevoked = latest ? await user.isRevoked(latest, undefined, now, pgpConfig).catch(() => false) : false;
    uids.push({ uid: user.userID.userID, created: latest?.created ?? null, expires: null, flags: { ...NO_FLAGS, revoked: uidRevoked } });
  }
  return {
    keyId: key.getFingerprint().toUpperCase(),
    algorithm: key.keyPacket.algorithm as number,
    bits: info.bits ?? (info.curve ? (CURVE_BITS[info.curve] ?? null) : (CURVE_BITS[info.algorithm] ?? null)),
    created: key.getCreationTime(),
    expires,
    flags: { revoked, disabled: false, expired: expires !== null && expires.getTime() <= now.getTime() },
    uids,
  };
}
