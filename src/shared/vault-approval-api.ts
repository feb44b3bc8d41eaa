/**
 * Device approval and recovery secrets (VS-05), shared by the vault server and the
 * extension's vault client. A device that logs in with the vault password alone is
 * `pending`: it may authenticate, read its own state and sign itself out, but every key
 * and sync route answers 403 `device_not_approved` until an approved device of the
 * account approves it, or it presents the account's recovery secret.
 */
import type { Device } from './vault-api';

/** `GET /v1/devices` items carry the approval state (the base `Device` fields are unchanged). */
export interface ApprovalDevice extends Device {
  approved: boolean;
  /** ISO time; null while pending and for devices approved by the migration. */
  approvedAt: string | null;
  /** Short code both the pending and the approving device display (see `deviceVerificationCode`). */
  verificationCode: string;
}

/** `GET /v1/devices/me`: allowed while pending. */
export interface DeviceSelf {
  device: ApprovalDevice;
  /** The account has a recovery secret (accounts made before device approval may not). */
  hasRecoverySecret: boolean;
}

/** `POST /v1/auth/register/finish` answers a Session plus the first recovery secret (shown once). */
export interface RecoverySecretResponse { recoverySecret: string }

/** `POST /v1/devices/recover` body (rate-limited per account; the secret is consumed and a new one returned). */
export interface RecoverRequest { recoverySecret: string }

/** `GET /v1/tombstones`: deleted keys, newest first. */
export interface Tombstone {
  fingerprint: string;
  deletedAt: string;
  /** null: deleted before the vault recorded who deleted (migration 0003) or the device row is gone. */
  deviceId: string | null;
  deviceName: string | null;
}
export interface TombstoneList { tombstones: Tombstone[] }

/** 20 random bytes = 160 bits, as 32 RFC 4648 base32 characters in groups of four. */
export const RECOVERY_SECRET_BYTES = 20;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Base32 (RFC 4648 §6, no padding) in groups of four, e.g. `ABCD-EFGH-…`. */
export function formatRecoverySecret(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out.replace(/(.{4})(?=.)/g, '$1-');
}

/** What the user typed, without spaces or dashes, upper-cased; the form both sides hash. */
export function normaliseRecoverySecret(typed: string): string {
  return typed.replace(/[\s-]/g, '').toUpperCase();
}

/**
 * The code both devices show while one approves the other: SHA-256 over a label, the
 * account id and the pending device's id (its session's public data; the server chose the
 * id at random, so nobody can pick one that matches a given code), reduced to six digits.
 * It tells the user which pending device they approve; it is not a secret.
 */
export async function deviceVerificationCode(accountId: string, deviceId: string): Promise<string> {
  const data = new TextEncoder().encode(`cachet-device-approval-v1\u0000${accountId}\u0000${deviceId}`);
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', data));
  const n = (((digest[0] ?? 0) << 24) | ((digest[1] ?? 0) << 16) | ((digest[2] ?? 0) << 8) | (digest[3] ?? 0)) >>> 0;
  const six = String(n % 1_000_000).padStart(6, '0');
  return `${six.slice(0, 3)} ${six.slice(3)}`;
}
