import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as openpgp from 'openpgp';
import { publicKey } from '../core/lookup/keys';
import { importFoundKey } from '../../../src/background/lookup/import-found';
import { lookupSetup } from './setup';

const C = { sender: {} };
type Setup = Awaited<ReturnType<typeof lookupSetup>>;

let s: Setup;
let carol: openpgp.PublicKey;
let bob1: openpgp.PublicKey;
let bob2: openpgp.PublicKey;

beforeAll(async () => {
  s = await lookupSetup();
  carol = await publicKey(['carol@dir.test']);
  bob1 = await publicKey(['bob@wkd.test']);
  bob2 = await publicKey(['bob@wkd.test']);
  // carol is only in the vault directory; bob's SECOND key is offered over WKD.
  await s.dir.publish(carol.armor(), ['carol@dir.test']);
  await s.dir.wkdPublish('bob@wkd.test', bob2);
  await importFound('bob@wkd.test', bob1.armor(), bob1.getFingerprint().toUpperCase(), false);
}, 60_000);
afterAll(() => s.close());

const fpr = (k: openpgp.Key) => k.getFingerprint().toUpperCase();
/** What approving in the confirmation window does (the window itself: test/unit/confirm/). */
async function importFound(address: string, armored: string, fingerprint: string, replace: boolean) {
  return importFoundKey(await s.h.bg.context.keystore(), address, armored, fingerprint, replace, new Date());
}

describe('lookup order and sources', () => {
  it('finds a key that is only in the vault directory, tagged with its source, as new', async () => {
    const { results } = await s.page.lookupKeys({ emails: ['Carol@dir.test'] }, C);
    expect(results).toHaveLength(1);
    const [r] = results;
    expect(r!.found.map((f) => [f.fingerprint, f.state])).toEqual([[fpr(carol), 'new']]);
    expect(r!.found[0]!.sources).toEqual([{ kind: 'vault-directory', url: s.dir.server.base }]);
    expect(r!.errors).toEqual([]);
  });

  it('after import the key is known, from the keyring first then the directory', async () => {
    await importFound('carol@dir.test', carol.armor(), fpr(carol), false);
    const { results } = await s.page.lookupKeys({ emails: ['carol@dir.test'] }, C);
    expect(results[0]!.found).toHaveLength(1);
    expect(results[0]!.found[0]!.state).toBe('known');
    expect(results[0]!.found[0]!.sources.map((x) => x.kind)).toEqual(['keyring', 'vault-directory']);
  });

  it('KM-01: a different key for an address that has one is a conflict with both fingerprints', async () => {
    const { results } = await s.page.lookupKeys({ emails: ['bob@wkd.test'] }, C);
    const byFpr = new Map(results[0]!.found.map((f) => [f.fingerprint, f]));
    expect(byFpr.get(fpr(bob1))).toMatchObject({ state: 'known', conflictsWith: [] });
    expect(byFpr.get(fpr(bob2))).toMatchObject({ state: 'conflict', conflictsWith: [fpr(bob1)] });
    expect(byFpr.get(fpr(bob2))!.sources).toEqual([{ kind: 'wkd', domain: 'wkd.test', method: 'direct' }]);
  });

  it('KM-01: importing the conflicting key without "replace" is refused and changes nothing', async () => {
    const ks = await s.h.bg.context.keystore();
    const before = (await ks.byEmail('bob@wkd.test')).map((r) => r.fingerprint);
    const code = await s.h.codeOf(importFound('bob@wkd.test', bob2.armor(), fpr(bob2), false));
    expect(code).toBe('KEY_CONFLICT');
    expect((await ks.byEmail('bob@wkd.test')).map((r) => r.fingerprint)).toEqual(before);
    expect(await ks.get(fpr(bob2))).toBeNull();
  });

  it('refuses an import whose armored key is not the confirmed fingerprint or lacks the address', async () => {
    expect(await s.h.codeOf(importFound('carol@dir.test', bob2.armor(), fpr(carol), true))).toBe('KEY_INVALID');
  });

  it('reports a failing source and still answers from the others', async () => {
    await s.page.setLookupSettings({ keyServers: [{ url: `http://127.0.0.1:${s.dead}`, kind: 'hkp' }, { url: s.dir.server.base, kind: 'hkp' }], wkd: true, vaultDirectory: true }, C);
    const { results } = await s.page.lookupKeys({ emails: ['carol@dir.test'] }, C);
    expect(results[0]!.errors).toEqual([{ source: 'hkp', code: 'LOOKUP_UNREACHABLE' }]);
    expect(results[0]!.found[0]!.sources.map((x) => x.kind)).toEqual(['keyring', 'vault-directory', 'hkp']);
    await s.page.setLookupSettings({ keyServers: [], wkd: true, vaultDirectory: true }, C);
  });

  it('with "replace" the new key is stored and becomes the default; the old one stays', async () => {
    await importFound('bob@wkd.test', bob2.armor(), fpr(bob2), true);
    const ks = await s.h.bg.context.keystore();
    expect((await ks.byEmail('bob@wkd.test')).map((r) => r.fingerprint).sort()).toEqual([fpr(bob1), fpr(bob2)].sort());
    expect((await ks.defaults()).find((d) => d.email === 'bob@wkd.test')?.fingerprint).toBe(fpr(bob2));
  });
});

describe('lookup settings', () => {
  it('default: WKD and vault directory on, no key servers', async () => {
    const fresh = await lookupSetup({ vault: false });
    try {
      expect(await fresh.page.getLookupSettings({}, C)).toEqual({ keyServers: [], wkd: true, vaultDirectory: true });
    } finally {
      await fresh.close();
    }
  });

  it('normalises hkps:// and refuses plain http to a remote host', async () => {
    const saved = await s.page.setLookupSettings({ keyServers: [{ url: 'hkps://keys.openpgp.org/', kind: 'vks' }], wkd: false, vaultDirectory: true }, C);
    expect(saved.keyServers).toEqual([{ url: 'https://keys.openpgp.org', kind: 'vks' }]);
    expect(await s.h.codeOf(s.page.setLookupSettings({ keyServers: [{ url: 'http://keys.example.org', kind: 'hkp' }], wkd: true, vaultDirectory: true }, C))).toBe('LOOKUP_INSECURE_URL');
    await s.page.setLookupSettings({ keyServers: [], wkd: true, vaultDirectory: true }, C);
  });

  it('schemas refuse junk before any handler runs', async () => {
    expect(await s.h.codeOf(s.h.page('setLookupSettings', { keyServers: [{ url: 'javascript:alert(1)', kind: 'vks' }], wkd: true, vaultDirectory: true }))).toBe('BAD_REQUEST');
    expect(await s.h.codeOf(s.h.page('lookupKeys', { emails: [] }))).toBe('BAD_REQUEST');
  });
});
