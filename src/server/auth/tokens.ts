import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Access tokens: `v1.<payload b64url>.<HMAC-SHA-256 b64url>`, payload
 * `{ a: accountId, d: deviceId, e: expiry (epoch s) }`. Short-lived and
 * checked against the device row on every request, so revocation is immediate.
 */
export interface AccessClaims { accountId: string; deviceId: string; expiresAt: number }

function mac(key: Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

export function signAccessToken(key: Buffer, claims: AccessClaims): string {
  const payload = Buffer.from(
    JSON.stringify({ a: claims.accountId, d: claims.deviceId, e: claims.expiresAt }),
  ).toString('base64url');
  return `v1.${payload}.${mac(key, `v1.${payload}`).toString('base64url')}`;
}

/** Returns the claims of a valid, unexpired token, else undefined. */
export function verifyAccessToken(key: Buffer, token: string, nowSeconds: number): AccessClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== 'v1') return undefined;
  const given = Buffer.from(parts[2] ?? '', 'base64url');
  const expected = mac(key, `v1.${parts[1]}`);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const p = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof p.a !== 'string' || typeof p.d !== 'string' || typeof p.e !== 'number') return undefined;
    if (p.e <= nowSeconds) return undefined;
    return { accountId: p.a, deviceId: p.d, expiresAt: p.e };
  } catch {
    return undefined;
  }
}

/** 32 random bytes; only the SHA-256 is stored (a database leak yields no usable token). */
export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Keyed hash of an e-mail for rate-limit keys and logs: no address in memory maps or logs. */
export function emailKey(key: Buffer, email: string): string {
  return createHmac('sha256', key).update(`email:${email}`).digest('hex').slice(0, 32);
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
