/** Crashes the fuzzers found, each pinned by the exact input that crashed (see docs/fuzzing.md). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import type { Session } from '../../src/shared/vault-api';
import { register } from '../server/helpers/opaque-client';
import * as openpgp from 'openpgp';
import { verifyCleartext, verifyDetached } from '../../src/core/messages/sign';
import { isCachetError } from '../../src/core/errors';

describe('vault-request fuzz finds', () => {
  let app: FastifyInstance;
  let session: Session;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cachet-fuzz-regress-'));
  beforeAll(async () => {
    app = await buildApp({ ...loadConfig({ DATA_DIR: dataDir }), logLevel: 'silent' });
    session = await register({ request: (o) => app.inject(o) }, 'alice@example.org', 'pw');
  });
  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('GET /v1/sync with limit=1e999 or an unsafe since is a 400, not a 500 from SQLite (seed 1121469608)', async () => {
    for (const query of ['since=5&limit=1e999', 'since=1e999', 'since=9007199254740993', 'since=0&limit=1e999']) {
      const res = await app.inject({ method: 'GET', url: `/v1/sync?${query}`, headers: { authorization: `Bearer ${session.accessToken}` } });
      expect(res.statusCode, query).toBe(400);
      expect(res.json(), query).toMatchObject({ error: { code: 'bad_request' } });
    }
    const ok = await app.inject({ method: 'GET', url: '/v1/sync?since=0&limit=10', headers: { authorization: `Bearer ${session.accessToken}` } });
    expect(ok.statusCode).toBe(304);
  });

  it('a path parameter over the router limit or a bad %-escape gets our JSON error, without the path echoed (seed 1044557229)', async () => {
    for (const url of [`/v1/keys/${'A'.repeat(5000)}`, '/v1/keys/%E0%A4%A']) {
      const res = await app.inject({ method: 'PUT', url, headers: { 'if-match': '"1"' } });
      expect(res.statusCode, url.slice(0, 40)).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.json()).toMatchObject({ error: { code: 'bad_request' } });
      expect(res.body).not.toContain('AAAAAAAAAAAAAAAA');
    }
  });
});

describe('signature-verify fuzz finds', () => {
  /** One base64 character of the signature block replaced by a 4-byte UTF-8 character, as the fuzzer did. */
  function corruptFirstSignatureLine(armor: string, header: string): string {
    const lines = armor.split('\n');
    const i = lines.indexOf(header) + 2;
    const line = lines[i] as string;
    lines[i] = `${line.slice(0, 4)}\u{C7F33}${line.slice(5)}`;
    return lines.join('\n');
  }

  it('junk inside the signature base64 is MALFORMED_ARMOR, not OpenPGP.js "Invalid enum value" from verify (seed 124464471)', async () => {
    const { privateKey, publicKey } = await openpgp.generateKey({ userIDs: [{ email: 'fuzz@example.org' }], format: 'object' });
    const cleartext = await openpgp.sign({ message: await openpgp.createCleartextMessage({ text: 'meet at noon' }), signingKeys: privateKey });
    const detached = await openpgp.sign({ message: await openpgp.createMessage({ text: 'meet at noon' }), signingKeys: privateKey, detached: true });

    const a = await verifyCleartext({ armored: corruptFirstSignatureLine(cleartext, '-----BEGIN PGP SIGNATURE-----'), verificationKeys: [publicKey] }).catch((e: unknown) => e);
    expect(isCachetError(a) && a.code).toBe('MALFORMED_ARMOR');
    const b = await verifyDetached({ text: 'meet at noon', signature: corruptFirstSignatureLine(detached, '-----BEGIN PGP SIGNATURE-----'), verificationKeys: [publicKey] }).catch((e: unknown) => e);
    expect(isCachetError(b) && b.code).toBe('MALFORMED_ARMOR');
    // The intact ones still verify: the guard only turns throws into a clear error.
    const good = await verifyCleartext({ armored: cleartext, verificationKeys: [publicKey] });
    expect(good.signatures.map((s) => s.status)).toEqual(['good']);
  });
});
