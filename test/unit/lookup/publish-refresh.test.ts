import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as openpgp from 'openpgp';
import { onLookupAlarm, refreshKnownKeys, REFRESH_ALARM, scheduleRefresh } from '../../../src/background/lookup/refresh';
import { LookupService } from '../../../src/background/lookup/service';
import { toBase64 } from '../../../src/core/keys/armor';
import { importFoundKey } from '../../../src/background/lookup/import-found';
import { lookupSetup } from './setup';

const C = { sender: {} };
const PASS = 'correct horse battery staple 42';
let s: Awaited<ReturnType<typeof lookupSetup>>;
let mine = '';

beforeAll(async () => {
  s = await lookupSetup();
  const { key } = await s.h.page('generateKey', { name: 'Alice', emails: ['alice@dir.test'], passphrase: PASS, profile: 'ecc', expiresInDays: null });
  mine = key.fingerprint;
  await s.page.setLookupSettings({ keyServers: [{ url: s.dir.server.base, kind: 'hkp' }], wkd: true, vaultDirectory: true }, C);
}, 60_000); // Argon2 key generation is slow on a loaded machine
afterAll(() => s.close());

describe('publishing my key', () => {
  it('nothing is published by default: every target says not-published', async () => {
    const { states, targets } = await s.page.getPublishState({ fingerprint: mine }, C);
    expect(targets).toEqual([{ kind: 'vault-directory' }, { kind: 'server', url: s.dir.server.base }]);
    expect(states.map((x) => x.state)).toEqual(['not-published', 'not-published']);
    expect(s.dir.uploads).toEqual([]);
  });

  it('VKS upload of the PUBLIC key asks for verification → pending; HKP add → published', async () => {
    const { states } = await s.page.publishKey({ fingerprint: mine, targets: [{ kind: 'vault-directory' }, { kind: 'server', url: s.dir.server.base }] }, C);
    expect(states.map((x) => [x.kind, x.state])).toEqual([
      ['vault-directory', 'pending'],
      ['hkp', 'published'],
    ]);
    expect(s.dir.uploads[0]).toMatch(/BEGIN PGP PUBLIC KEY BLOCK/);
    expect(s.dir.hkpAdds[0]).toMatch(/BEGIN PGP PUBLIC KEY BLOCK/);
    expect(s.dir.verifyRequests).toEqual([{ token: 't-1', addresses: ['alice@dir.test'] }]);
  });

  it('refuses a server that is not configured', async () => {
    expect(await s.h.codeOf(s.page.publishKey({ fingerprint: mine, targets: [{ kind: 'server', url: 'https://elsewhere.example' }] }, C))).toBe('BAD_REQUEST');
  });

  it('after revocation the revoked key goes where the key was published', async () => {
    await s.h.page('revokeKey', { fingerprint: mine, passphrase: PASS, reason: 'retired', message: '' });
    const uploads = s.dir.uploads.length;
    const adds = s.dir.hkpAdds.length;
    const { states } = await s.page.getPublishState({ fingerprint: mine }, C);
    expect(states.every((x) => x.revocationPublished)).toBe(true);
    expect(s.dir.uploads.length).toBe(uploads + 1);
    expect(s.dir.hkpAdds.length).toBe(adds + 1);
    const sent = await openpgp.readKey({ armoredKey: s.dir.hkpAdds.at(-1)! });
    expect(sent.isPrivate()).toBe(false);
    expect(await sent.isRevoked()).toBe(true);
    // Not again on the next look.
    await s.page.getPublishState({ fingerprint: mine }, C);
    expect(s.dir.hkpAdds.length).toBe(adds + 1);
  });
});

describe('scheduled refresh', () => {
  it('a revocation published for a stored key arrives at the next refresh', async () => {
    const { privateKey, publicKey } = await openpgp.generateKey({ type: 'ecc', userIDs: [{ email: 'dan@dir.test' }], format: 'object' });
    const fpr = publicKey.getFingerprint().toUpperCase();
    await importFoundKey(await s.h.bg.context.keystore(), 'dan@dir.test', publicKey.armor(), fpr, false, new Date());
    const { publicKey: revoked } = await openpgp.revokeKey({ key: privateKey, format: 'object' });
    await s.dir.publish(revoked.armor(), []);
    expect(await refreshKnownKeys(s.svc)).toBeGreaterThanOrEqual(1);
    const ks = await s.h.bg.context.keystore();
    expect((await ks.get(fpr))!.info.revoked).toBe(true);
    expect(await refreshKnownKeys(s.svc)).toBe(0); // nothing new the second time
  });

  it('the alarm is created at a stored due time and re-armed when it fires', async () => {
    const created: Array<{ name: string; when: number }> = [];
    const alarms = { create: async (name: string, info: { when: number }) => void created.push({ name, ...info }), clear: async () => true };
    const svc = new LookupService({ ...s.deps, alarms });
    await scheduleRefresh(svc);
    await scheduleRefresh(svc);
    expect(created.map((c) => c.name)).toEqual([REFRESH_ALARM, REFRESH_ALARM]);
    expect(created[0]!.when).toBe(created[1]!.when); // a restart does not push the refresh back
    await onLookupAlarm(svc, { name: 'something-else', scheduledTime: 0 });
    expect(created).toHaveLength(2);
    await onLookupAlarm(svc, { name: REFRESH_ALARM, scheduledTime: 0 });
    expect(created).toHaveLength(3);
    expect(created[2]!.when).toBeGreaterThan(Date.now() + 23 * 3600_000);
  });
});

describe('Autocrypt from the content script (untrusted)', () => {
  let keydata = '';
  let erin: openpgp.PrivateKey;
  beforeAll(async () => {
    const k = await openpgp.generateKey({ type: 'ecc', userIDs: [{ email: 'erin@ac.test' }], format: 'object' });
    erin = k.privateKey;
    keydata = toBase64(k.publicKey.write());
  }, 60_000);
  const req = (over: Partial<{ from: string; addr: string; keydata: string; date: string }> = {}) => ({
    from: 'erin@ac.test',
    addr: 'erin@ac.test',
    preferEncrypt: 'mutual' as const,
    keydata,
    date: '2026-11-01T10:00:00.000Z',
    ...over,
  });

  it('refuses a header whose addr is not the From address, a secret key, a key for another address, garbage', async () => {
    expect(await s.content.autocryptSeen(req({ from: 'mallory@ac.test' }), C)).toEqual({ stored: false });
    expect(await s.content.autocryptSeen(req({ keydata: toBase64(erin.write()) }), C)).toEqual({ stored: false });
    expect(await s.content.autocryptSeen(req({ from: 'zed@ac.test', addr: 'zed@ac.test' }), C)).toEqual({ stored: false });
    expect(await s.content.autocryptSeen(req({ keydata: 'AAAA' }), C)).toEqual({ stored: false });
  });

  it('remembers a valid one; a look-up offers it with its source and nothing enters the keyring', async () => {
    expect(await s.content.autocryptSeen(req(), C)).toEqual({ stored: true });
    expect(await s.content.autocryptSeen(req({ date: '2026-10-01T00:00:00.000Z' }), C)).toEqual({ stored: false }); // older
    const { results } = await s.page.lookupKeys({ emails: ['erin@ac.test'] }, C);
    expect(results[0]!.found).toHaveLength(1);
    expect(results[0]!.found[0]!.state).toBe('new');
    expect(results[0]!.found[0]!.sources).toEqual([{ kind: 'autocrypt', preferEncrypt: 'mutual', seenAt: '2026-11-01T10:00:00.000Z' }]);
    expect(await (await s.h.bg.context.keystore()).byEmail('erin@ac.test')).toEqual([]);
  });

  it('the router refuses malformed autocryptSeen payloads from content scripts', async () => {
    expect(await s.h.codeOf(s.h.content('autocryptSeen', { ...req(), keydata: 'not base64!' }))).toBe('BAD_REQUEST');
  });
});
