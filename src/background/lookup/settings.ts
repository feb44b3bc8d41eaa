/**
 * Lookup settings in `storage.local` (nothing secret). Defaults: WKD and the vault
 * directory on (they only read), no key servers — publishing and third-party servers
 * are opt-in (issue 5 §3).
 */
import { keyServerBase } from '../../core/lookup/server-url';
import type { LookupSettings } from '../../shared/lookup-protocol';
import { lookupPageSchemas } from '../../shared/lookup-schemas';
import type { StorageAreaLike } from '../browser-deps';

const KEY = 'lookupSettings';

export const DEFAULT_LOOKUP_SETTINGS: LookupSettings = { keyServers: [], wkd: true, vaultDirectory: true };

/** Normalises server URLs (throws LOOKUP_INSECURE_URL / BAD_REQUEST) and drops duplicates. */
export function normaliseLookupSettings(s: LookupSettings): LookupSettings {
  const seen = new Set<string>();
  const keyServers = [];
  for (const k of s.keyServers) {
    const url = keyServerBase(k.url);
    if (seen.has(url)) continue;
    seen.add(url);
    keyServers.push({ url, kind: k.kind });
  }
  return { keyServers, wkd: s.wkd, vaultDirectory: s.vaultDirectory };
}

export async function getLookupSettings(local: StorageAreaLike): Promise<LookupSettings> {
  const stored = (await local.get(KEY))[KEY];
  if (stored === undefined) return structuredClone(DEFAULT_LOOKUP_SETTINGS);
  try {
    return normaliseLookupSettings(lookupPageSchemas.setLookupSettings.parse(stored, KEY));
  } catch {
    return structuredClone(DEFAULT_LOOKUP_SETTINGS);
  }
}

export async function setLookupSettings(local: StorageAreaLike, s: LookupSettings): Promise<LookupSettings> {
  const valid = normaliseLookupSettings(s);
  await local.set({ [KEY]: valid });
  return valid;
}
