/**
 * `importPublicKey` of the page API: what the page offers is read with the import caps,
 * private keys are refused (a web page has no business moving secret keys, and its key is
 * then in the page's hands anyway), and what the user sees in our window — fingerprint, user
 * IDs, algorithm, expiry, KM-01 conflicts — is worked out here. The key is stored only after
 * the user's "Import" in that window (applyImport).
 */
import { CachetError } from '../../core/errors';
import { mergeKeys } from '../../core/keys/merge';
import { readKeyMaterial } from '../../core/keys/read';
import { foundKeys } from '../../core/lookup/found-key';
import type { PageApiImportPrompt, PageApiImportStatus } from '../../shared/page-api-keyring-protocol';
import { describeArmored } from '../describe-armored';
import type { KeyRecord } from '../keystore/db';
import type { Keystore } from '../keystore/keystore';

/** The offered key, public part only, with what the window shows. */
export interface OfferedKey {
  armored: string;
  prompt: PageApiImportPrompt;
}

/**
 * Reads the page's armored text: exactly one public key. BAD_REQUEST for a private key
 * (nothing of it is kept), KEY_INVALID for an unusable one, the import errors otherwise.
 */
export async function readOfferedKey(ks: Keystore, armored: string, origin: string, now: Date): Promise<OfferedKey> {
  if (/-----BEGIN PGP PRIVATE KEY BLOCK-----/.test(armored)) throw new CachetError('BAD_REQUEST', 'private keys are not accepted from a web page');
  const { keys: parsed } = await readKeyMaterial(armored);
  // Binary or odd armor could still carry a secret key: check the parsed packets too.
  if (parsed.some((p) => p.key.isPrivate())) throw new CachetError('BAD_REQUEST', 'private keys are not accepted from a web page');
  if (parsed.length !== 1) throw new CachetError('BAD_REQUEST', 'exactly one public key');
  const { keys, refused } = await foundKeys(armored, null, now);
  const key = keys[0];
  if (!key) throw new CachetError(refused[0]?.code ?? 'KEY_INVALID', refused[0]?.detail);
  const { info } = key;
  const conflicts: PageApiImportPrompt['conflicts'] = [];
  for (const email of info.emails) {
    const current = (await ks.byEmail(email)).map((r) => r.fingerprint).filter((f) => f !== info.fingerprint);
    if (current.length > 0) conflicts.push({ email, current });
  }
  const existing = await ks.get(info.fingerprint);
  return {
    armored: key.armored,
    prompt: {
      origin,
      fingerprint: info.fingerprint,
      algorithm: info.algorithm,
      created: info.created,
      expires: info.expires,
      revoked: info.revoked,
      userIds: info.userIds,
      state: existing ? 'update' : 'new',
      conflicts,
    },
  };
}

const UNUSABLE = new Set(['revoked', 'expired', 'invalid']);

/**
 * Stores the confirmed key (merged into the stored copy when it is known). KM-01: with
 * conflicts the current keys stay the defaults unless the user chose `replace`; a key added
 * later never takes over by itself (resolveOne prefers the default, then the older key).
 */
export async function applyImport(ks: Keystore, offered: OfferedKey, replace: boolean, now: Date): Promise<PageApiImportStatus> {
  const { fingerprint } = offered.prompt;
  const existing = await ks.get(fingerprint);
  const merged = existing ? await mergeKeys(existing.armored, offered.armored) : offered.armored;
  const info = await describeArmored(merged);
  if (info.fingerprint !== fingerprint) throw new CachetError('KEY_INVALID', 'not the confirmed key');
  const at = now.toISOString();
  const record: KeyRecord = { fingerprint, armored: merged, info, addedAt: existing?.addedAt ?? at, updatedAt: at };
  const setDefaults = replace ? offered.prompt.conflicts.map((c) => ({ email: c.email, fingerprint })) : [];
  await ks.apply({ put: [record], ...(setDefaults.length > 0 ? { setDefaults } : {}) });
  // Mailvelope's answers: INVALIDATED when the key is (now) unusable, e.g. a revocation arrived.
  if (UNUSABLE.has(info.status)) return 'INVALIDATED';
  return existing ? 'UPDATED' : 'IMPORTED';
}
