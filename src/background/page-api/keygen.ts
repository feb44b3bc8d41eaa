/**
 * Key generation for a page-API key-generation container: Cachet's normal generator (v4 ECC,
 * the default profile; the page's `keySize` is an RSA size and is not used), the passphrase
 * typed in our frame, the key filed in Cachet's keyring like one generated in the options
 * (so the vault sync pushes it). With the page's `generate(true)` the key waits in the
 * worker's memory — never in storage — for `confirm()` (filed) or `reject()` (dropped).
 */
import { CachetError } from '../../core/errors';
import { generateKey } from '../../core/keys/generate';
import type { KeyRecord } from '../keystore/db';
import type { Keystore } from '../keystore/keystore';
import type { KeyGenState } from './keyring-state';

/** Keys waiting for the page's confirm(), by keygen session. Lost if the worker stops: confirm() then fails. */
const waiting = new Map<string, KeyRecord>();

export interface Generated {
  fingerprint: string;
  armoredPublic: string;
}

/** The name for the user IDs: the page's full name when it is an acceptable one, else none. */
function nameOf(state: KeyGenState): string {
  const name = state.userIds.find((u) => u.name.trim() !== '')?.name.trim() ?? '';
  return /[<>\p{Cc}\p{Cf}]/u.test(name) || name.length > 128 ? '' : name;
}

export async function generateForPage(ks: Keystore, sessionId: string, state: KeyGenState, passphrase: string, now: Date): Promise<Generated> {
  const made = await generateKey({
    name: nameOf(state),
    emails: state.userIds.map((u) => u.email),
    passphrase,
    profile: 'ecc',
    expiresInDays: null,
    date: now,
  });
  const at = now.toISOString();
  const record: KeyRecord = { fingerprint: made.info.fingerprint, armored: made.armoredPrivate, info: made.info, addedAt: at, updatedAt: at };
  if (state.confirmRequired) waiting.set(sessionId, record);
  else await ks.apply({ put: [record] });
  return { fingerprint: made.info.fingerprint, armoredPublic: made.armoredPublic };
}

/** The page's confirm() (file the waiting key) or reject() (drop it). */
export async function decideGenerated(ks: Keystore, sessionId: string, confirm: boolean): Promise<void> {
  const record = waiting.get(sessionId);
  waiting.delete(sessionId);
  if (!confirm) return;
  if (!record) throw new CachetError('KEY_NOT_FOUND', 'no generated key waits for confirmation (the background may have restarted)');
  await ks.apply({ put: [record] });
}
