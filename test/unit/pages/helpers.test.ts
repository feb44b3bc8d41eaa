import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToKeyData } from '../../../src/pages/lib/key-data';
import { commitSecrets } from '../../../src/pages/lib/import-secrets';
import { parseRoute, routeHash } from '../../../src/pages/lib/routes';
import { RpcError, unwrapReply } from '../../../src/pages/lib/rpc';
import { loadStrengthDictionary, newPassphraseProblem, strengthView } from '../../../src/pages/lib/strength-view';
import type { ImportCandidate } from '../../../src/shared/protocol';

const STRONG = 'correct horse battery staple 42!';

// The meter judges with the English dictionaries, loaded on demand (VS-01).
beforeAll(() => loadStrengthDictionary());

describe('strength meter mapping', () => {
  it('shows an empty meter for an empty passphrase', () => {
    const v = strengthView('');
    expect(v.percent).toBe(0);
    expect(v.acceptable).toBe(false);
  });
  it('fills the meter with the score and picks the matching label', () => {
    const weak = strengthView('abcd');
    const strong = strengthView(STRONG);
    expect(weak.percent).toBe((weak.score + 1) * 20);
    expect(weak.labelKey).toBe(`strength_${weak.score}`);
    expect(strong.score).toBe(4);
    expect(strong.percent).toBe(100);
    expect(strong.acceptable).toBe(true);
    expect(strong.percent).toBeGreaterThan(weak.percent);
  });
  it('explains why a new passphrase cannot be used', () => {
    expect(newPassphraseProblem('short', 'short')).toBe('passphrase_too_weak');
    expect(newPassphraseProblem(STRONG, `${STRONG}x`)).toBe('passphrase_mismatch');
    expect(newPassphraseProblem(STRONG, STRONG)).toBeNull();
  });
});

describe('routes', () => {
  it('parses known views and key fingerprints', () => {
    expect(parseRoute('')).toEqual({ view: 'keys' });
    expect(parseRoute('#/generate')).toEqual({ view: 'generate' });
    expect(parseRoute('#/key/3f2a9c0b1d4e5f60718293a4b5c6d7e8f9012345')).toEqual({
      view: 'key',
      fingerprint: '3F2A9C0B1D4E5F60718293A4B5C6D7E8F9012345',
    });
  });
  it('falls back to the key list for anything else', () => {
    expect(parseRoute('#/key/<img>')).toEqual({ view: 'keys' });
    expect(parseRoute('#/nope')).toEqual({ view: 'keys' });
  });
  it('round-trips', () => {
    for (const hash of ['#/keys', '#/import', '#/settings', `#/key/${'A'.repeat(40)}`]) {
      expect(routeHash(parseRoute(hash))).toBe(hash);
    }
  });
});

describe('key data from files', () => {
  it('keeps armored files as text', () => {
    const text = 'Comment\n-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nxjMEZ\n-----END PGP PUBLIC KEY BLOCK-----\n';
    expect(bytesToKeyData(new TextEncoder().encode(text))).toEqual({ text, encoding: 'armored' });
  });
  it('sends binary packets as base64', () => {
    const bin = new Uint8Array([0x99, 0x01, 0x0d, 0x04, 0xff, 0x00]);
    expect(bytesToKeyData(bin)).toEqual({ text: Buffer.from(bin).toString('base64'), encoding: 'base64' });
  });
});

describe('reply unwrapping', () => {
  it('returns the value of an ok reply', () => {
    expect(unwrapReply<{ n: number }>({ ok: true, value: { n: 1 } })).toEqual({ n: 1 });
  });
  it('throws an RpcError carrying the code and detail', () => {
    try {
      unwrapReply({ ok: false, error: { code: 'WRONG_PASSPHRASE', detail: 'x' } });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RpcError);
      expect((e as RpcError).code).toBe('WRONG_PASSPHRASE');
      expect((e as RpcError).detail).toBe('x');
    }
  });
  it('maps missing replies and unknown codes to INTERNAL', () => {
    expect(() => unwrapReply(undefined)).toThrow(/INTERNAL/);
    expect(() => unwrapReply({ ok: false, error: { code: 'EVIL<script>' } })).toThrow(/^INTERNAL$/);
  });
});

describe('import secrets', () => {
  const cand = (fingerprint: string, secret: ImportCandidate['secret']): ImportCandidate => ({
    fingerprint,
    secret,
    existing: false,
    info: {} as ImportCandidate['info'],
  });
  const list = [cand('AA', 'none'), cand('BB', 'protected'), cand('CC', 'unprotected')];

  it('builds both maps when everything is typed', () => {
    const r = commitSecrets(list, {
      BB: { passphrase: 'old', newPassphrase: '', newConfirm: '' },
      CC: { passphrase: '', newPassphrase: STRONG, newConfirm: STRONG },
    });
    expect(r).toEqual({ ok: true, passphrases: { BB: 'old' }, newPassphrases: { CC: STRONG } });
  });
  it('names the first key that lacks what it needs', () => {
    expect(commitSecrets(list, {})).toMatchObject({ ok: false, fingerprint: 'BB', problem: 'import_passphrase_missing' });
    expect(
      commitSecrets(list, { BB: { passphrase: 'p', newPassphrase: '', newConfirm: '' }, CC: { passphrase: '', newPassphrase: 'weak', newConfirm: 'weak' } }),
    ).toMatchObject({ ok: false, fingerprint: 'CC', problem: 'passphrase_too_weak' });
  });
  it('public-only imports need nothing', () => {
    expect(commitSecrets([cand('AA', 'none')], {})).toEqual({ ok: true, passphrases: {}, newPassphrases: {} });
  });
});
