/**
 * Cachet's WKD hash against GnuPG's own: `gpg-wks-client --print-wkd-hash` reads addresses
 * on stdin and prints "<hash> <address>" per line (GnuPG 2.2.40).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitAddress } from '../../src/core/lookup/address';
import { wkdHash, wkdUrl } from '../../src/core/lookup/wkd';

const CANDIDATES = ['/usr/lib/gnupg/gpg-wks-client', '/usr/libexec/gpg-wks-client', '/usr/lib/gnupg2/gpg-wks-client'];
const BIN = CANDIDATES.find((p) => existsSync(p));

const ADDRESSES = [
  'Joe.Doe@Example.ORG',
  'joe.doe@example.org',
  'ALICE@EXAMPLE.COM',
  'MiXeD.CaSe+Tag@Example.net',
  'Ümlaut@example.org',
  'ÜMLAUT@example.org',
  'ümlaut@example.org',
  'josé.garcía@ejemplo.es',
  'ДМИТРИЙ@пример.рф',
  'дмитрий@пример.рф',
  '用户@例子.中国',
  'o\'neil@example.ie',
  'a.b-c_d@sub.example.co.uk',
  'x@y.z',
];

describe('WKD hash vs gpg-wks-client --print-wkd-hash', () => {
  it('finds gpg-wks-client', () => {
    expect(BIN, `none of ${CANDIDATES.join(', ')}`).toBeDefined();
  });

  it('gives the same hash for every address (mixed case and non-ASCII included)', async () => {
    const out = execFileSync(BIN!, ['--print-wkd-hash'], { input: `${ADDRESSES.join('\n')}\n`, encoding: 'utf8' });
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(ADDRESSES.length);
    for (const [i, address] of ADDRESSES.entries()) {
      const gpgHash = lines[i]!.split(' ')[0];
      expect(await wkdHash(splitAddress(address)!.local), address).toBe(gpgHash);
    }
  });

  it('builds the same advanced-method URL path as --print-wkd-url', async () => {
    for (const address of ['Joe.Doe@Example.ORG', 'ümlaut@example.org']) {
      const gpgUrl = execFileSync(BIN!, ['--print-wkd-url', address], { encoding: 'utf8' }).trim();
      const ours = (await wkdUrl(address, 'advanced'))!;
      // Up to `?l=`: GnuPG sends the (ASCII-lower-cased) local part there, we send it as written,
      // as the draft says; servers must not depend on it.
      expect(ours.split('?')[0]).toBe(gpgUrl.split('?')[0]);
    }
  });
});
