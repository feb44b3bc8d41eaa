/** Pure presentation helpers (no DOM, no chrome.*), unit-tested in test/unit/pages. */
import { fingerprintGroups } from '../../core/keys/armor';
import type { KeyInfo, UserIdInfo } from '../../core/keys/model';
import type { UnlockedEntry } from '../../shared/protocol';

export { fingerprintGroups };

/** The last 16 hex digits, grouped: enough to recognise a key, never to identify it (KM-05). */
export function shortFingerprint(fpr: string): string {
  const clean = fpr.replace(/\s+/g, '').toUpperCase();
  return fingerprintGroups(clean.slice(-16));
}

function validDate(iso: string): Date | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function formatDate(iso: string, lang: string): string {
  const d = validDate(iso);
  return d ? new Intl.DateTimeFormat(lang, { dateStyle: 'medium' }).format(d) : iso;
}

export function formatDateTime(iso: string, lang: string): string {
  const d = validDate(iso);
  return d ? new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(d) : iso;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** ISO instant → `YYYY-MM-DD` in local time, for `<input type="date">`; '' for null. */
export function toDateInput(iso: string | null): string {
  if (!iso) return '';
  const d = validDate(iso);
  return d ? `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` : '';
}

/**
 * `YYYY-MM-DD` from a date input → ISO instant at the end of that local day, so a key
 * "expiring on the 3rd" is still usable all of the 3rd. Null for an empty/invalid value.
 */
export function fromDateInput(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export type ExpiryChoice = 'none' | '1y' | '2y' | 'custom';

/** Generation form expiry → `expiresInDays` (null = never); NaN-safe, custom must be 1..36500. */
export function expiryDays(choice: ExpiryChoice, customDays: string): number | null | 'invalid' {
  switch (choice) {
    case 'none':
      return null;
    case '1y':
      return 365;
    case '2y':
      return 730;
    case 'custom': {
      const n = Number(customDays);
      return Number.isInteger(n) && n >= 1 && n <= 36500 ? n : 'invalid';
    }
  }
}

/** The user ID to name a key by: primary, else the first not revoked, else the first. */
export function mainUserId(info: Pick<KeyInfo, 'userIds'>): UserIdInfo | null {
  const ids = info.userIds;
  return ids.find((u) => u.primary && !u.revoked) ?? ids.find((u) => !u.revoked) ?? ids[0] ?? null;
}

/** Popup summary: how many keys are unlocked and the latest expiry of the cache. */
export function lockSummary(unlocked: UnlockedEntry[], now = new Date()): { count: number; until: string | null } {
  const live = unlocked.filter((u) => new Date(u.until).getTime() > now.getTime());
  let until: string | null = null;
  for (const u of live) {
    if (until === null || new Date(u.until) > new Date(until)) until = u.until;
  }
  return { count: live.length, until };
}

/** What `deleteKey.confirm` must carry: the fingerprint for public keys, the typed word for private ones. */
export const DELETE_WORD = 'DELETE';

export function deleteConfirmValue(hasSecret: boolean, fingerprint: string, typed: string): string | null {
  if (!hasSecret) return fingerprint;
  return typed.trim() === DELETE_WORD ? DELETE_WORD : null;
}

/** How a key is named in dialogs: its main user ID, else its short fingerprint. */
export function keyLabel(info: Pick<KeyInfo, 'userIds' | 'fingerprint'>): string {
  return mainUserId(info)?.userId || shortFingerprint(info.fingerprint);
}
