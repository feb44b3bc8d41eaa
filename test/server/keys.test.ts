import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountExport, BatchResponse, KeyItem, Session, SyncResponse } from '../../src/shared/vault-api.js';
import { dialects } from './helpers/dialects.js';
import { makeKey, reprotect, type TestKey } from './helpers/keys.js';
import { register } from './helpers/opaque-client.js';
import { bearer, startVault, type TestVault } from './helpers/vault.js';

type Key = Awaited<ReturnType<typeof makeKey>>;
let k1: Key, k2: Key, k3: Key;
beforeAll(async () => {
  [k1, k2, k3] = await Promise.all([makeKey('one@example.org'), makeKey('two@example.org'), makeKey('three@example.org')]);
});

describe.each(dialects)('key items and sync on $name', (dialect) => {
  let vault: TestVault;
  let alice: Session;
  let seq = 0;
  beforeAll(async () => {
    vault = await startVault(dialect);
    alice = await register(vault, 'alice@example.org', 'pw');
  });
  afterAll(() => vault.close());

  const put = (s: Session, key: TestKey, headers: Record<string, string>, body: unknown = { publicKey: key.publicKey, privateKey: key.privateKey }) =>
    vault.request({ method: 'PUT', url: `/v1/keys/${key.fingerprint}`, headers: { ...bearer(s.accessToken), ...headers }, payload: body as object });
  const sync = async (s: Session, since: number) => vault.request({ method: 'GET', url: `/v1/sync?since=${since}`, headers: bearer(s.accessToken) });

  it('creates with If-None-Match: *, refuses writes without a precondition (428) and stale ones (412 with the current item)', async () => {
    expect((await put(alice, k1, {})).statusCode).toBe(428);
    const created = await put(alice, k1, { 'if-none-match': '*' });
    expect(created.statusCode).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    const item = created.json<KeyItem>();
    expect(item).toMatchObject({ fingerprint: k1.fingerprint, revision: 1, deleted: false, privateKey: k1.privateKey });
    seq = item.seq;

    const again = await put(alice, k1, { 'if-none-match': '*' });
    expect(again.statusCode).toBe(412);
    expect(again.json()).toMatchObject({ error: { code: 'precondition_failed' }, current: { revision: 1 } });

    const updated = await put(alice, k1, { 'if-match': '"1"' }, { publicKey: k1.publicKey, privateKey: await reprotect(k1.object, 'new passphrase') });
    expect(updated.statusCode).toBe(200);
    expect(updated.json<KeyItem>().revision).toBe(2);
    const stale = await put(alice, k1, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json<{ current: KeyItem }>().current.revision).toBe(2);
    const missing = await put(alice, k2, { 'if-match': '"1"' });
    expect(missing.statusCode).toBe(412);
    expect(missing.json()).toMatchObject({ current: null });
  });

  it('reads an item with its ETag and answers 304 to a matching If-None-Match', async () => {
    const res = await vault.request({ method: 'GET', url: `/v1/keys/${k1.fingerprint.toUpperCase()}`, headers: bearer(alice.accessToken) });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    const cached = await vault.request({ method: 'GET', url: `/v1/keys/${k1.fingerprint}`, headers: { ...bearer(alice.accessToken), 'if-none-match': '"2"' } });
    expect(cached.statusCode).toBe(304);
    expect((await vault.request({ method: 'GET', url: `/v1/keys/${k3.fingerprint}`, headers: bearer(alice.accessToken) })).statusCode).toBe(404);
  });

  it('syncs changes since a sequence number, 304 when nothing changed', async () => {
    const all = (await sync(alice, 0)).json<SyncResponse>();
    expect(all.items.map((i) => [i.fingerprint, i.revision])).toEqual([[k1.fingerprint, 2]]);
    expect((await sync(alice, all.seq)).statusCode).toBe(304);
    expect((await put(alice, k2, { 'if-none-match': '*' })).statusCode).toBe(201);
    const delta = (await sync(alice, all.seq)).json<SyncResponse>();
    expect(delta.items.map((i) => i.fingerprint)).toEqual([k2.fingerprint]);
    expect(delta.seq).toBeGreaterThan(all.seq);
    expect(delta.more).toBe(false);
    // A client ahead of the server (restored backup) gets a full listing, flagged.
    const ahead = (await sync(alice, delta.seq + 100)).json<SyncResponse>();
    expect(ahead.reset).toBe(true);
    expect(ahead.items).toHaveLength(2);
    expect(seq).toBeGreaterThan(0);
  });

  it('deletes with If-Match into a tombstone that sync reports, and re-creation continues the revision', async () => {
    const noPre = await vault.request({ method: 'DELETE', url: `/v1/keys/${k2.fingerprint}`, headers: bearer(alice.accessToken) });
    expect(noPre.statusCode).toBe(428);
    const before = (await sync(alice, 0)).json<SyncResponse>().seq;
    const del = await vault.request({ method: 'DELETE', url: `/v1/keys/${k2.fingerprint}`, headers: { ...bearer(alice.accessToken), 'if-match': '"1"' } });
    expect(del.statusCode).toBe(200);
    expect(del.json()).toMatchObject({ deleted: true, revision: 2, publicKey: null, privateKey: null });
    const delta = (await sync(alice, before)).json<SyncResponse>();
    expect(delta.items).toEqual([expect.objectContaining({ fingerprint: k2.fingerprint, deleted: true })]);
    const recreated = await put(alice, k2, { 'if-none-match': '*' });
    expect(recreated.json<KeyItem>()).toMatchObject({ revision: 3, deleted: false });
  });

  it('applies a batch atomically: one stale revision and nothing changes', async () => {
    const current = (await sync(alice, 0)).json<SyncResponse>();
    const rev = (fp: string) => current.items.find((i) => i.fingerprint === fp)?.revision ?? 0;
    const [p1, p2] = await Promise.all([reprotect(k1.object, 'batch pass'), reprotect(k2.object, 'batch pass')]);
    const bad = await vault.request({
      method: 'POST', url: '/v1/batch', headers: bearer(alice.accessToken),
      payload: { items: [
        { fingerprint: k1.fingerprint, revision: rev(k1.fingerprint), publicKey: k1.publicKey, privateKey: p1 },
        { fingerprint: k2.fingerprint, revision: rev(k2.fingerprint) - 1, publicKey: k2.publicKey, privateKey: p2 },
      ] },
    });
    expect(bad.statusCode).toBe(412);
    expect(bad.json<{ conflicts: KeyItem[] }>().conflicts.map((c) => c.fingerprint)).toEqual([k2.fingerprint]);
    expect((await sync(alice, current.seq)).statusCode).toBe(304);

    const good = await vault.request({
      method: 'POST', url: '/v1/batch', headers: bearer(alice.accessToken),
      payload: { items: [
        { fingerprint: k1.fingerprint, revision: rev(k1.fingerprint), publicKey: k1.publicKey, privateKey: p1 },
        { fingerprint: k2.fingerprint, revision: rev(k2.fingerprint), publicKey: k2.publicKey, privateKey: p2 },
      ] },
    });
    expect(good.statusCode).toBe(200);
    const body = good.json<BatchResponse>();
    expect(body.items.map((i) => i.seq)).toEqual([body.seq, body.seq]);
    // A page never splits a batch's sequence group.
    const page = (await vault.request({ method: 'GET', url: `/v1/sync?since=${current.seq}&limit=1`, headers: bearer(alice.accessToken) })).json<SyncResponse>();
    expect(page.items.map((i) => i.privateKey).sort()).toEqual([p1, p2].sort());
    expect(page.more).toBe(false);
  });

  describe('refusals store nothing', () => {
    let bob: Session;
    beforeAll(async () => { bob = await register(vault, 'bob-refusals@example.org', 'pw'); });
    const nothingStored = async () => {
      const exp = (await vault.request({ method: 'GET', url: '/v1/account/export', headers: bearer(bob.accessToken) })).json<AccountExport>();
      expect(exp.keys).toEqual([]);
      expect(exp.account.seq).toBe(0);
    };
    const refuse = async (body: string | object, status: number, code: string, fp = k3.fingerprint, contentType = 'application/json') => {
      const res = await vault.request({
        method: 'PUT', url: `/v1/keys/${fp}`, payload: body,
        headers: { ...bearer(bob.accessToken), 'if-none-match': '*', 'content-type': contentType },
      });
      expect(res.statusCode).toBe(status);
      expect(res.json()).toMatchObject({ error: { code } });
      await nothingStored();
    };

    it('malformed JSON', () => refuse('{"publicKey": ', 400, 'bad_request'));
    it('unknown properties (rejected, not stripped)', () => refuse({ publicKey: k3.publicKey, privateKey: null, note: 'x' }, 400, 'bad_request'));
    it('a missing property', () => refuse({ publicKey: k3.publicKey }, 400, 'bad_request'));
    it('oversize bodies', () => refuse({ publicKey: k3.publicKey, privateKey: 'A'.repeat(1024 * 1024 + 70 * 1024) }, 413, 'payload_too_large'));
    it('an item over 1 MiB that fits the body limit', () => refuse({ publicKey: k3.publicKey + ' '.repeat(1024 * 1024), privateKey: null }, 413, 'payload_too_large'));
    it('text that is not a key', () => refuse({ publicKey: 'hello', privateKey: null }, 400, 'key_unparseable'));
    it('a key under another fingerprint', () => refuse({ publicKey: k1.publicKey, privateKey: null }, 400, 'fingerprint_mismatch'));
    it('a private key of another key', () => refuse({ publicKey: k3.publicKey, privateKey: k1.privateKey }, 400, 'fingerprint_mismatch'));
    it('secret material in the public field', () => refuse({ publicKey: k3.privateKey, privateKey: null }, 400, 'public_key_contains_secret'));
    it('an unprotected secret key', () => refuse({ publicKey: k3.publicKey, privateKey: k3.unprotected }, 400, 'secret_key_unprotected'));
    it('a key protected with iterated S2K (no AEAD)', async () => {
      const weak = await openpgp.encryptKey({ privateKey: k3.object, passphrase: 'pw', config: { aeadProtect: false } });
      await refuse({ publicKey: k3.publicKey, privateKey: weak.armor() }, 400, 'secret_key_weak_protection');
    });
    it('Argon2 with less than 64 MiB', async () => {
      const weak = await openpgp.encryptKey({
        privateKey: k3.object, passphrase: 'pw',
        config: { s2kType: openpgp.enums.s2k.argon2, aeadProtect: true, s2kArgon2Params: { passes: 1, parallelism: 1, memoryExponent: 10 } },
      });
      await refuse({ publicKey: k3.publicKey, privateKey: weak.armor() }, 400, 'secret_key_weak_protection');
    });
    it('a non-JSON content type', () => refuse('publicKey=x', 415, 'bad_request', k3.fingerprint, 'application/x-www-form-urlencoded'));
    it('a bad fingerprint in the URL', () => refuse({ publicKey: k3.publicKey, privateKey: null }, 400, 'bad_request', 'not-a-fingerprint'));
    it('a batch with one invalid item', async () => {
      const res = await vault.request({
        method: 'POST', url: '/v1/batch', headers: bearer(bob.accessToken),
        payload: { items: [{ fingerprint: k3.fingerprint, revision: 1, publicKey: k3.publicKey, privateKey: k3.unprotected }] },
      });
      expect(res.json()).toMatchObject({ error: { code: 'secret_key_unprotected' } });
      await nothingStored();
    });
  });
});
