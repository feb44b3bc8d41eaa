/**
 * Scheduled refresh of the public keys of others, so revocations, new expiry dates and
 * new subkeys arrive (issue 5 §1): once a day each stored key WITHOUT a secret is fetched
 * by fingerprint from the vault directory and the configured servers and merged
 * (revocations always win, KM-02 subkey rules hold). Revocations of the user's own
 * published keys are pushed out in the same run. Due time lives in storage.local so a
 * worker that restarts often does not keep pushing the alarm back.
 */
import type { AlarmLike } from '../browser-deps';
import { mergeKeys } from '../../core/keys/merge';
import type { FoundKey } from '../../core/lookup/found-key';
import { hkpGet } from '../../core/lookup/hkp';
import { keyServerBase } from '../../core/lookup/server-url';
import { vksByFingerprint } from '../../core/lookup/vks';
import { describeArmored } from '../describe-armored';
import type { KeyRecord } from '../keystore/db';
import { pushRevocations } from './publish';
import type { LookupService } from './service';
import { getLookupSettings } from './settings';

export const REFRESH_ALARM = 'cachet-lookup-refresh';
export const REFRESH_EVERY_MS = 24 * 60 * 60 * 1000;
const DUE_KEY = 'lookupRefreshDue';
/** Keys refreshed per run at most (a huge keyring is spread over several days). */
export const MAX_REFRESH_PER_RUN = 200;

/** Makes sure the refresh alarm exists at the stored due time (idempotent, call on every start). */
export async function scheduleRefresh(svc: LookupService): Promise<void> {
  const stored = (await svc.deps.local.get(DUE_KEY))[DUE_KEY];
  let due = typeof stored === 'number' ? stored : NaN;
  if (!Number.isFinite(due)) {
    due = svc.deps.now().getTime() + REFRESH_EVERY_MS;
    await svc.deps.local.set({ [DUE_KEY]: due });
  }
  await svc.deps.alarms.create(REFRESH_ALARM, { when: Math.max(due, svc.deps.now().getTime() + 60_000) });
}

/** Fetches and merges updates of others' keys; returns how many stored keys changed. */
export async function refreshKnownKeys(svc: LookupService): Promise<number> {
  const settings = await getLookupSettings(svc.deps.local);
  const vaultUrl = await svc.deps.vaultUrl().catch(() => null);
  const ks = await svc.deps.keystore();
  const { keys } = await ks.list();
  const others = keys.filter((r) => !r.info.hasSecret).sort((a, b) => a.updatedAt.localeCompare(b.updatedAt)).slice(0, MAX_REFRESH_PER_RUN);
  const now = svc.deps.now();
  const fetchers: Array<(fpr: string) => Promise<FoundKey[]>> = [];
  if (settings.vaultDirectory && vaultUrl) {
    const base = keyServerBase(vaultUrl);
    fetchers.push((fpr) => vksByFingerprint(fpr, { fetch: svc.deps.fetch, base, now }));
  }
  for (const s of settings.keyServers) {
    const o = { fetch: svc.deps.fetch, base: s.url, now };
    fetchers.push((fpr) => (s.kind === 'vks' ? vksByFingerprint(fpr, o) : hkpGet({ fingerprint: fpr }, o)));
  }
  const changed: KeyRecord[] = [];
  for (const record of others) {
    let armored = record.armored;
    for (const get of fetchers) {
      const found = await get(record.fingerprint).catch(() => []);
      for (const k of found) armored = await mergeKeys(armored, k.armored).catch(() => armored);
    }
    if (armored === record.armored) continue;
    const info = await describeArmored(armored);
    if (JSON.stringify(info) === JSON.stringify(record.info)) continue;
    changed.push({ ...record, armored, info, updatedAt: now.toISOString() });
  }
  if (changed.length > 0) await ks.apply({ put: changed });
  return changed.length;
}

/** The alarm case for index.ts: refresh, push revocations, schedule the next run. */
export async function onLookupAlarm(svc: LookupService, alarm: AlarmLike): Promise<void> {
  if (alarm.name !== REFRESH_ALARM) return;
  const next = svc.deps.now().getTime() + REFRESH_EVERY_MS;
  await svc.deps.local.set({ lookupRefreshDue: next });
  await svc.deps.alarms.create(REFRESH_ALARM, { when: next });
  await refreshKnownKeys(svc).catch(() => 0);
  await pushRevocations(svc).catch(() => 0);
}
