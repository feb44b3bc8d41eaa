/**
 * Which key each recipient would get (the compose frame shows it before encrypting).
 * A key is used only if it can be encrypted to now; otherwise the recipient has a problem
 * the user must solve (import a key, or remove the recipient): Cachet never falls back
 * to sending plaintext.
 */
import type { RecipientKeyStatus, RecipientProblem } from '../../shared/mail-protocol';
import type { KeyRecord } from '../keystore/db';
import type { Keystore } from '../keystore/keystore';
import { toView } from '../handlers/common';
import { parseAddress } from './addresses';
import { encryptable } from './keyring';

export interface Resolved {
  status: RecipientKeyStatus;
  record: KeyRecord | null;
}

function problemOf(records: KeyRecord[], now: Date): RecipientProblem {
  if (records.length === 0) return 'missing';
  if (records.every((r) => r.info.revoked || r.info.status === 'revoked')) return 'revoked';
  if (records.some((r) => r.info.status === 'expired' || r.info.subkeys.some((s) => s.usage.includes('encrypt') && s.expires !== null && Date.parse(s.expires) <= now.getTime()))) {
    return 'expired';
  }
  return 'invalid';
}

export async function resolveOne(ks: Keystore, input: string, now: Date): Promise<Resolved> {
  const address = parseAddress(input);
  if (address === null) return { status: { address: input.trim().slice(0, 320), key: null, problem: 'invalid' }, record: null };
  const records = await ks.byEmail(address);
  const defaults = await ks.defaults();
  const usable = records.filter((r) => encryptable(r.info, now));
  // The user's chosen default for the address first, then the key stored first (KM-01: a key
  // that arrives later for the same address never takes over silently; the user picks it).
  const chosenDefault = defaults.find((d) => d.email === address);
  const pick =
    usable.find((r) => r.fingerprint === chosenDefault?.fingerprint) ??
    usable.sort((a, b) => a.addedAt.localeCompare(b.addedAt) || a.fingerprint.localeCompare(b.fingerprint))[0] ??
    null;
  if (!pick) return { status: { address, key: null, problem: problemOf(records, now) }, record: null };
  return { status: { address, key: toView(pick, defaults), problem: null }, record: pick };
}

export async function resolveAll(ks: Keystore, inputs: string[], now: Date): Promise<Resolved[]> {
  const out: Resolved[] = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    const r = await resolveOne(ks, input, now);
    if (seen.has(r.status.address)) continue;
    seen.add(r.status.address);
    out.push(r);
  }
  return out;
}
