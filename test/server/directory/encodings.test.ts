/** WKD hash against GnuPG's own, HKP uid escaping, query parsing, and the directory's environment. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { escapeHkpUid, formatHkpIndex, hkpIndexEntryOf, parseHkpIndex } from '../../../src/core/lookup/hkp-index.js';
import { dirKey, read, revoked } from './keys.js';
import { loadDirectoryConfig } from '../../../src/server/directory/config.js';
import { normaliseEmail } from '../../../src/server/directory/key-material.js';
import { parseQuery } from '../../../src/server/directory/service.js';
import { wkdHash } from '../../../src/server/directory/wkd-hash.js';

const ADDRESSES = ['alice@example.test', 'Alice.Smith@Example.TEST', 'joe.doe@example.org', 'ÄÖÜ.Müller@example.test', 'x+tag@example.test', 'a@b.c', 'verylongname.with.many.dots.and-dashes_01234567890@example.test'];

describe('directory encodings', () => {
  it('WKD hash equals gpg-wks-client --print-wkd-hash (mixed case, non-ASCII)', () => {
    const out = execFileSync('/usr/lib/gnupg/gpg-wks-client', ['--print-wkd-hash', ...ADDRESSES], { encoding: 'utf8', timeout: 30_000 });
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(ADDRESSES.length);
    ADDRESSES.forEach((address, i) => {
      const local = address.slice(0, address.lastIndexOf('@'));
      // gpg prints the address normalised; the hash is the first field.
      expect(lines[i]?.split(' ')[0]).toBe(wkdHash(local));
    });
  });

  it('folds only ASCII case in addresses, like GnuPG, so stored WKD hashes match what clients compute', () => {
    expect(normaliseEmail(' ÄÖÜ.Müller@Example.TEST ')).toBe('ÄÖÜ.müller@example.test');
  });

  it('escapes HKP uids: ":" "%" and non-ASCII as %XX, the rest (spaces included) verbatim', () => {
    expect(escapeHkpUid('Zoë: 100% <z@example.test>')).toBe('Zo%C3%AB%3A 100%25 <z@example.test>');
  });

  it('the index the directory produces (src/core/lookup, one implementation for both sides) reads back', async () => {
    const k = await dirKey([{ name: 'Zoë: 100%', email: 'zoe@example.test' }]);
    const entries = parseHkpIndex(formatHkpIndex([await hkpIndexEntryOf(await read(await revoked(k)))]));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ keyId: k.fingerprint.toUpperCase(), algorithm: 22, bits: 255, flags: { revoked: true, expired: false } });
    expect(entries[0]?.uids.map((u) => u.uid)).toEqual(['Zoë: 100% <zoe@example.test>']);
  });

  it('parses only exact queries', () => {
    expect(parseQuery('0x' + 'AB'.repeat(20))).toEqual({ kind: 'fingerprint', value: 'ab'.repeat(20) });
    expect(parseQuery('AB'.repeat(32))).toEqual({ kind: 'fingerprint', value: 'ab'.repeat(32) });
    expect(parseQuery('0x0123456789ABCDEF')).toEqual({ kind: 'keyid', value: '0123456789abcdef' });
    expect(parseQuery('<Alice@Example.test>')).toEqual({ kind: 'email', value: 'alice@example.test' });
    expect(parseQuery('=alice@example.test')).toEqual({ kind: 'email', value: 'alice@example.test' });
    for (const q of ['0x89ABCDEF', 'alice', 'example.test', 'Alice <alice@example.test> x', '@example.test', 'alice@']) expect(parseQuery(q)).toBeNull();
    // A '*' is just a character of an address (exact SQL equality, never a pattern).
    expect(parseQuery('*@example.test')).toEqual({ kind: 'email', value: '*@example.test' });
  });

  it('reads SMTP and WKD settings from the environment; SMTP_HOST needs SMTP_FROM', () => {
    expect(loadDirectoryConfig({})).toMatchObject({ smtp: undefined, wkdDomains: [], tokenTtlSeconds: 86400, mailsPerAddressPerHour: 3 });
    expect(loadDirectoryConfig({ SMTP_HOST: 'mx', SMTP_FROM: 'k@v.test', SMTP_PORT: '2525', WKD_DOMAINS: 'A.test, b.test' }))
      .toMatchObject({ smtp: { host: 'mx', port: 2525, from: 'k@v.test', helo: 'localhost', timeoutMs: 10_000 }, wkdDomains: ['a.test', 'b.test'] });
    expect(() => loadDirectoryConfig({ SMTP_HOST: 'mx' })).toThrow(/SMTP_FROM/);
    expect(() => loadDirectoryConfig({ WKD_DOMAINS: 'not a domain' })).toThrow(/WKD_DOMAINS/);
  });
});
