/** Shared test keys, generated once per test file (Argon2 makes each generation ~1 s). */
import { generateKey, type GeneratedKey } from '../../../src/core/keys/generate';
import type { KeyProfile } from '../../../src/core/keys/model';

export const PASSPHRASE = 'correct horse battery staple 42';

const cache = new Map<string, Promise<GeneratedKey>>();

/** A generated test key for `email` (memoised per profile + email within one test file). */
export function testKey(email = 'alice@example.org', profile: KeyProfile = 'ecc', expiresInDays: number | null = null): Promise<GeneratedKey> {
  const id = `${profile}:${email}:${expiresInDays}`;
  let p = cache.get(id);
  if (!p) {
    p = generateKey({ name: email.split('@')[0] ?? 'test', emails: [email], passphrase: PASSPHRASE, profile, expiresInDays });
    cache.set(id, p);
  }
  return p;
}

/** Runs `fn` and returns the CachetError code it threw (or 'NO_ERROR'). */
export async function codeOf(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
    return 'NO_ERROR';
  } catch (e) {
    return (e as { code?: string }).code ?? `NOT_CACHET: ${String(e)}`;
  }
}
