/**
 * The extension's own lookup clients (src/core/lookup: VKS, HKP, WKD) against a
 * listening vault directory: both sides of issue 5 agree on the wire.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hkpAdd, hkpGet, hkpIndex } from '../../../src/core/lookup/hkp.js';
import type { FetchLike } from '../../../src/core/lookup/fetcher.js';
import { vksByEmail, vksByFingerprint, vksRequestVerify, vksUpload } from '../../../src/core/lookup/vks.js';
import { wkdLookup } from '../../../src/core/lookup/wkd.js';
import { loadDirectoryConfig } from '../../../src/server/directory/config.js';
import { dialects } from '../helpers/dialects.js';
import { startVault, type TestVault } from '../helpers/vault.js';
import { startFakeSmtp, type FakeSmtp } from './fake-smtp.js';
import { dirKey, read, revoked } from './keys.js';

const fetchLike = fetch as unknown as FetchLike;

describe.each(dialects)('lookup clients against the vault directory on $name', (dialect) => {
  let vault: TestVault;
  let smtp: FakeSmtp;
  let base = '';
  beforeAll(async () => {
    smtp = await startFakeSmtp();
    vault = await startVault(dialect, {
      directory: loadDirectoryConfig({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_FROM: 'keys@vault.test', WKD_DOMAINS: 'example.test' }),
    });
    base = await vault.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => { await vault?.close(); await smtp?.close(); });

  it('vksUpload → vksRequestVerify → link → vksByEmail, hkpGet, hkpIndex and wkdLookup find the key; hkpAdd of a revocation reaches vksByFingerprint', async () => {
    const carol = await dirKey([{ name: 'Carol', email: 'carol@example.test' }]);
    const o = { fetch: fetchLike, base };
    const up = await vksUpload(carol.publicKey, o);
    expect(up).toMatchObject({ fingerprint: carol.fingerprint.toUpperCase(), status: { 'carol@example.test': 'unpublished' } });
    const rv = await vksRequestVerify(up.token, ['carol@example.test'], o);
    expect(rv.status['carol@example.test']).toBe('pending');
    const link = /(http:\/\/127\.0\.0\.1:\d+\/verify\/[A-Za-z0-9_-]+)/.exec((await smtp.nextMail()).data)?.[1];
    if (!link) throw new Error('no link');
    expect((await fetch(link, { method: 'POST' })).status).toBe(200);

    expect((await vksByEmail('carol@example.test', o)).map((k) => k.fingerprint)).toEqual([carol.fingerprint.toUpperCase()]);
    expect((await hkpGet({ email: 'carol@example.test' }, o)).map((k) => k.fingerprint)).toEqual([carol.fingerprint.toUpperCase()]);
    const index = await hkpIndex({ email: 'carol@example.test' }, o);
    expect(index.map((e) => e.keyId)).toEqual([carol.fingerprint.toUpperCase()]);
    const wkd = await wkdLookup('carol@example.test', { fetch: fetchLike, base: (domain) => `${base}/.well-known/openpgpkey/${domain}` });
    expect(wkd.keys.map((k) => k.fingerprint)).toEqual([carol.fingerprint.toUpperCase()]);

    await hkpAdd(await revoked(carol), o);
    const [found] = await vksByFingerprint(carol.fingerprint, o);
    if (!found) throw new Error('not found by fingerprint');
    expect(await (await read(found.armored)).isRevoked()).toBe(true);
  });
});
