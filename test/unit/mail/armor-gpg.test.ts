/** Armor repaired by Cachet is accepted by GnuPG: decrypts, verifies, and tampering still fails. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findArmoredBlocks } from '../../../src/core/armor';
import { GnuPG, hasStatus } from '../../interop/tools/gnupg';
import { CLEARSIGNED, MESSAGE, MESSAGE_PASSPHRASE, PUBLIC_KEY } from './fixtures';

/** What a webmail reply does: CRLF, "> " quoting, no-break spaces and zero-width breaks in long lines. */
function mangle(armor: string): string {
  return armor
    .split('\n')
    .map((l) => `> ${l.length > 40 ? `${l.slice(0, 40)}\u200b${l.slice(40)}` : l}`.replace(/ /g, '\u00a0'))
    .join('\r\n');
}

describe('repaired armor with gpg 2.2', () => {
  let gpg: GnuPG;
  beforeAll(async () => {
    gpg = GnuPG.create();
    expect((await gpg.importKeys(PUBLIC_KEY)).code).toBe(0);
  });
  afterAll(() => gpg.close());

  it('decrypts a message repaired from a quoted, mangled reply', async () => {
    const [b] = findArmoredBlocks(`Bob wrote:\r\n${mangle(MESSAGE)}\r\n`);
    const r = await gpg.decrypt(b?.armored ?? '', MESSAGE_PASSPHRASE);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('Hello Bob, the meeting is at 10.\n');
  });

  it('verifies a repaired cleartext signature, and not an altered one', async () => {
    const [b] = findArmoredBlocks(mangle(CLEARSIGNED));
    const good = await gpg.verifyClearSigned(b?.armored ?? '');
    expect(hasStatus(good.status, 'GOODSIG'), good.stderr).toBe(true);
    const [t] = findArmoredBlocks(mangle(CLEARSIGNED.replace('line one', 'line 0ne')));
    const bad = await gpg.verifyClearSigned(t?.armored ?? '');
    expect(hasStatus(bad.status, 'BADSIG')).toBe(true);
  });
});
