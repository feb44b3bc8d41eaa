import { describe, expect, it } from 'vitest';
import {
  deleteConfirmValue,
  expiryDays,
  fingerprintGroups,
  formatDate,
  fromDateInput,
  keyLabel,
  lockSummary,
  mainUserId,
  shortFingerprint,
  toDateInput,
} from '../../../src/pages/lib/format';
import type { UserIdInfo } from '../../../src/core/keys/model';

const FPR = '3F2A9C0B1D4E5F60718293A4B5C6D7E8F9012345';

function uid(userId: string, extra: Partial<UserIdInfo> = {}): UserIdInfo {
  return { userId, name: '', email: '', revoked: false, primary: false, sanitized: false, ...extra };
}

describe('fingerprints', () => {
  it('groups a v4 fingerprint in ten blocks of four', () => {
    expect(fingerprintGroups(FPR)).toBe('3F2A 9C0B 1D4E 5F60 7182 93A4 B5C6 D7E8 F901 2345');
  });
  it('groups a v6 (64 hex) fingerprint in sixteen blocks', () => {
    expect(fingerprintGroups('ab'.repeat(32)).split(' ')).toHaveLength(16);
  });
  it('short form is the last 16 hex digits, grouped and upper-cased', () => {
    expect(shortFingerprint(FPR.toLowerCase())).toBe('B5C6 D7E8 F901 2345');
  });
});

describe('dates', () => {
  it('round-trips a date input through the end of that local day', () => {
    const iso = fromDateInput('2027-03-04');
    expect(iso).not.toBeNull();
    const d = new Date(iso as string);
    expect([d.getFullYear(), d.getMonth(), d.getDate(), d.getHours()]).toEqual([2027, 2, 4, 23]);
    expect(toDateInput(iso)).toBe('2027-03-04');
  });
  it('rejects malformed date input and maps null to empty', () => {
    expect(fromDateInput('')).toBeNull();
    expect(fromDateInput('04/03/2027')).toBeNull();
    expect(toDateInput(null)).toBe('');
  });
  it('formats with the UI language', () => {
    expect(formatDate('2027-01-10T12:00:00Z', 'fr')).toMatch(/janv/);
    expect(formatDate('2027-01-10T12:00:00Z', 'en')).toMatch(/Jan/);
    expect(formatDate('not a date', 'en')).toBe('not a date');
  });
});

describe('generation expiry choice', () => {
  it('maps presets to days', () => {
    expect(expiryDays('none', '')).toBeNull();
    expect(expiryDays('1y', '')).toBe(365);
    expect(expiryDays('2y', 'x')).toBe(730);
  });
  it('validates custom days', () => {
    expect(expiryDays('custom', '90')).toBe(90);
    for (const bad of ['', '0', '-3', '1.5', 'abc', '36501']) expect(expiryDays('custom', bad)).toBe('invalid');
  });
});

describe('user IDs', () => {
  it('prefers the primary, non-revoked user ID', () => {
    const ids = [uid('old', { revoked: true, primary: true }), uid('a'), uid('b', { primary: true })];
    expect(mainUserId({ userIds: ids })?.userId).toBe('b');
    expect(mainUserId({ userIds: [uid('x', { revoked: true })] })?.userId).toBe('x');
    expect(mainUserId({ userIds: [] })).toBeNull();
  });
  it('labels a key without user ID by its short fingerprint', () => {
    expect(keyLabel({ userIds: [], fingerprint: FPR })).toBe('B5C6 D7E8 F901 2345');
  });
});

describe('lock summary', () => {
  const now = new Date('2026-11-20T10:00:00Z');
  it('counts live entries and keeps the latest expiry', () => {
    const s = lockSummary(
      [
        { fingerprint: 'A', until: '2026-11-20T10:05:00Z' },
        { fingerprint: 'B', until: '2026-11-20T10:30:00Z' },
        { fingerprint: 'C', until: '2026-11-20T09:00:00Z' },
      ],
      now,
    );
    expect(s).toEqual({ count: 2, until: '2026-11-20T10:30:00Z' });
  });
  it('says locked when nothing is cached', () => {
    expect(lockSummary([], now)).toEqual({ count: 0, until: null });
  });
});

describe('delete confirmation', () => {
  it('public keys confirm with their fingerprint', () => {
    expect(deleteConfirmValue(false, FPR, '')).toBe(FPR);
  });
  it('private keys need the typed word DELETE', () => {
    expect(deleteConfirmValue(true, FPR, 'delete')).toBeNull();
    expect(deleteConfirmValue(true, FPR, '')).toBeNull();
    expect(deleteConfirmValue(true, FPR, ' DELETE ')).toBe('DELETE');
  });
});
