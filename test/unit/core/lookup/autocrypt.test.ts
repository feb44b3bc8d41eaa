import { describe, expect, it } from 'vitest';
import * as openpgp from 'openpgp';
import {
  autocryptHeaderFor,
  autocryptKeydata,
  formatAutocryptHeader,
  parseAutocryptHeader,
  updateAutocryptPeer,
  type AutocryptHeader,
} from '../../../../src/core/lookup/autocrypt';
import { toBase64 } from '../../../../src/core/keys/armor';
import { publicKey } from './keys';

const KEY = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff);
const B64 = toBase64(KEY);

describe('Autocrypt header parsing (Level 1 §2.1)', () => {
  it('reads addr, prefer-encrypt and folded keydata', () => {
    const folded = `addr=alice@example.org; prefer-encrypt=mutual; keydata=\r\n ${B64.slice(0, 60)}\r\n ${B64.slice(60)}`;
    expect(parseAutocryptHeader(folded)).toEqual({ addr: 'alice@example.org', preferEncrypt: 'mutual', keydata: KEY });
  });

  it('treats any prefer-encrypt other than mutual as no preference', () => {
    expect(parseAutocryptHeader(`addr=a@b.example; prefer-encrypt=nopreference; keydata=${B64}`)?.preferEncrypt).toBe('nopreference');
    expect(parseAutocryptHeader(`addr=a@b.example; prefer-encrypt=yes; keydata=${B64}`)?.preferEncrypt).toBe('nopreference');
    expect(parseAutocryptHeader(`addr=a@b.example; keydata=${B64}`)?.preferEncrypt).toBe('nopreference');
  });

  it('ignores non-critical _attributes but rejects unknown critical ones', () => {
    expect(parseAutocryptHeader(`addr=a@b.example; _extra=1; keydata=${B64}`)).not.toBeNull();
    expect(parseAutocryptHeader(`addr=a@b.example; type=1; keydata=${B64}`)).toBeNull();
  });

  it('rejects missing or duplicate attributes, bad base64, bad addresses, oversize input', () => {
    expect(parseAutocryptHeader(`keydata=${B64}`)).toBeNull();
    expect(parseAutocryptHeader('addr=a@b.example')).toBeNull();
    expect(parseAutocryptHeader(`addr=a@b.example; addr=c@d.example; keydata=${B64}`)).toBeNull();
    expect(parseAutocryptHeader('addr=a@b.example; keydata=***')).toBeNull();
    expect(parseAutocryptHeader(`addr=<a@b.example>; keydata=${B64}`)).toBeNull();
    expect(parseAutocryptHeader(`addr=a@b.example; keydata=${'A'.repeat(70_000)}`)).toBeNull();
    expect(parseAutocryptHeader('garbage')).toBeNull();
  });

  it('counts exactly one header whose addr is the From address (§2.3)', () => {
    const a = `addr=Alice@Example.org; keydata=${B64}`;
    const b = `addr=bob@example.org; keydata=${B64}`;
    expect(autocryptHeaderFor([a, b], 'alice@example.org')?.addr).toBe('Alice@Example.org');
    expect(autocryptHeaderFor([b], 'alice@example.org')).toBeNull();
    expect(autocryptHeaderFor([a, a], 'alice@example.org')).toBeNull();
  });
});

describe('Autocrypt header producing', () => {
  it('round-trips, folded to 78-column lines and unfolded', () => {
    for (const h of [
      { addr: 'alice@example.org', preferEncrypt: 'mutual', keydata: KEY },
      { addr: 'bob@example.org', preferEncrypt: 'nopreference', keydata: KEY },
    ] satisfies AutocryptHeader[]) {
      const folded = formatAutocryptHeader(h);
      expect(`Autocrypt: ${folded}`.split('\r\n').every((l) => l.length <= 78)).toBe(true);
      expect(parseAutocryptHeader(folded)).toEqual(h);
      expect(parseAutocryptHeader(formatAutocryptHeader(h, false))).toEqual(h);
    }
    expect(formatAutocryptHeader({ addr: 'b@x.example', preferEncrypt: 'nopreference', keydata: KEY }, false)).not.toContain('prefer-encrypt');
  });

  it('minimal keydata: one user ID for the address, one encryption subkey, parseable by OpenPGP.js', async () => {
    const key = await publicKey(['me@example.org', 'other@example.org']);
    const data = await autocryptKeydata(key, 'ME@example.org');
    const back = await openpgp.readKey({ binaryKey: data });
    expect(back.getFingerprint()).toBe(key.getFingerprint());
    expect(back.users.map((u) => u.userID?.email)).toEqual(['me@example.org']);
    expect(back.subkeys).toHaveLength(1);
    const header = formatAutocryptHeader({ addr: 'me@example.org', preferEncrypt: 'mutual', keydata: data });
    expect(parseAutocryptHeader(header)?.keydata).toEqual(data);
    await expect(autocryptKeydata(key, 'stranger@example.org')).rejects.toThrow();
  });
});

describe('Autocrypt peer state update (§2.3)', () => {
  const header: AutocryptHeader = { addr: 'Alice@example.org', preferEncrypt: 'mutual', keydata: KEY };
  const now = new Date('2026-11-01T00:00:00Z');

  it('creates a peer from a header, never from a message without one', () => {
    const p = updateAutocryptPeer(null, header, new Date('2026-10-01T00:00:00Z'), now);
    expect(p).toEqual({ addr: 'alice@example.org', lastSeen: '2026-10-01T00:00:00.000Z', autocryptTimestamp: '2026-10-01T00:00:00.000Z', preferEncrypt: 'mutual', keydata: B64 });
    expect(updateAutocryptPeer(null, null, new Date('2026-10-01T00:00:00Z'), now)).toBeNull();
  });

  it('an older message changes nothing; a future date is clamped to now', () => {
    const p = updateAutocryptPeer(null, header, new Date('2026-10-01T00:00:00Z'), now)!;
    const older = { ...header, keydata: Uint8Array.of(1, 2, 3) };
    expect(updateAutocryptPeer(p, older, new Date('2026-09-01T00:00:00Z'), now)).toBe(p);
    const future = updateAutocryptPeer(p, older, new Date('2030-01-01T00:00:00Z'), now)!;
    expect(future.autocryptTimestamp).toBe(now.toISOString());
    expect(future.keydata).toBe(toBase64(Uint8Array.of(1, 2, 3)));
  });

  it('a newer message without header moves lastSeen only', () => {
    const p = updateAutocryptPeer(null, header, new Date('2026-10-01T00:00:00Z'), now)!;
    const q = updateAutocryptPeer(p, null, new Date('2026-10-15T00:00:00Z'), now)!;
    expect(q.lastSeen).toBe('2026-10-15T00:00:00.000Z');
    expect(q.autocryptTimestamp).toBe(p.autocryptTimestamp);
    expect(q.keydata).toBe(p.keydata);
  });
});
