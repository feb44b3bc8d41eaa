import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyItem, Session } from '../../src/shared/vault-api.js';
import { dialects } from './helpers/dialects.js';
import { makeKey } from './helpers/keys.js';
import { register } from './helpers/opaque-client.js';
import { bearer, startVault, type TestVault } from './helpers/vault.js';

const WRITERS = 20;

describe.each(dialects)('compare-and-swap under contention on $name', (dialect) => {
  let vault: TestVault;
  let session: Session;
  beforeAll(async () => {
    vault = await startVault(dialect);
    session = await register(vault, 'busy@example.org', 'pw');
  });
  afterAll(() => vault.close());

  it(`${WRITERS} concurrent writers to one key lose no update`, async () => {
    const key = await makeKey('busy@example.org');
    const url = `/v1/keys/${key.fingerprint}`;
    const body = { publicKey: key.publicKey, privateKey: key.privateKey };
    const created = await vault.request({ method: 'PUT', url, headers: { ...bearer(session.accessToken), 'if-none-match': '*' }, payload: body });
    const initial = created.json<KeyItem>().revision;
    // Real sockets so requests interleave in the server as they would in production.
    const base = await vault.app.listen({ host: '127.0.0.1', port: 0 });

    let conflicts = 0;
    const writer = async (): Promise<number> => {
      let revision = initial;
      for (let attempt = 0; attempt < 200; attempt++) {
        const res = await fetch(base + url, {
          method: 'PUT',
          headers: { ...bearer(session.accessToken), 'content-type': 'application/json', 'if-match': `"${revision}"` },
          body: JSON.stringify(body),
        });
        const json = (await res.json()) as KeyItem | { current: KeyItem };
        if (res.status === 200) return (json as KeyItem).revision;
        expect(res.status).toBe(412);
        conflicts++;
        revision = (json as { current: KeyItem }).current.revision;
      }
      throw new Error('writer gave up');
    };
    const results = await Promise.all(Array.from({ length: WRITERS }, writer));

    // Every acknowledged write got its own revision, and none was lost.
    expect(new Set(results).size).toBe(WRITERS);
    expect(Math.max(...results)).toBe(initial + WRITERS);
    const final = await vault.request({ method: 'GET', url, headers: bearer(session.accessToken) });
    expect(final.json<KeyItem>().revision).toBe(initial + WRITERS);
    expect(conflicts).toBeGreaterThan(0);
  });
});
