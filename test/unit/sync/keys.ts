/** One generated key per test file, plus the lifecycle edits two devices make concurrently. */
import * as openpgp from 'openpgp';
import { describeKey } from '../../../src/core/keys/describe';
import { setExpiry } from '../../../src/core/keys/expiry';
import { generateKey, type GeneratedKey } from '../../../src/core/keys/generate';
import { readOneKey } from '../../../src/core/keys/parse';
import { changePassphrase, unlockPrivateKey } from '../../../src/core/keys/protect';
import { revokeKey } from '../../../src/core/keys/revoke';
import type { KeyInfo } from '../../../src/core/keys/model';

export const PASSPHRASE = 'correct horse battery staple 42';
export const NEW_PASSPHRASE = 'a completely different passphrase 7!';

let shared: Promise<GeneratedKey> | null = null;
export function sharedKey(): Promise<GeneratedKey> {
  shared ??= generateKey({ name: 'Alice', emails: ['alice@example.org'], passphrase: PASSPHRASE, profile: 'ecc', expiresInDays: 365 });
  return shared;
}

export async function revoked(stored: string): Promise<string> {
  const unlocked = await unlockPrivateKey(stored, PASSPHRASE);
  return revokeKey({ stored, unlocked, reason: 'retired', message: 'no longer used' });
}

export async function withExpiry(stored: string, expiresAt: Date, passphrase = PASSPHRASE): Promise<string> {
  const unlocked = await unlockPrivateKey(stored, passphrase);
  return setExpiry({ stored, unlocked, expiresAt, subkeys: [] });
}

export function newPassphrase(stored: string): Promise<string> {
  return changePassphrase(stored, PASSPHRASE, NEW_PASSPHRASE);
}

export async function info(armored: string): Promise<KeyInfo> {
  return describeKey(await readOneKey(armored));
}

/** The same key re-protected with weaker parameters than the vault allows. */
export async function weaklyProtected(stored: string, s2k: 'iterated' | 'small-argon2'): Promise<string> {
  const unlocked = await unlockPrivateKey(stored, PASSPHRASE);
  const config: Partial<openpgp.Config> =
    s2k === 'iterated'
      ? { s2kType: openpgp.enums.s2k.iterated, aeadProtect: false }
      : { s2kType: openpgp.enums.s2k.argon2, aeadProtect: true, s2kArgon2Params: { passes: 1, parallelism: 1, memoryExponent: 10 } };
  const locked = await openpgp.encryptKey({ privateKey: unlocked, passphrase: PASSPHRASE, config });
  return locked.armor();
}

/** Days from the key's own creation, at day precision (what describeKey reports). */
export function day(iso: string | null): string | null {
  return iso === null ? null : iso.slice(0, 10);
}
