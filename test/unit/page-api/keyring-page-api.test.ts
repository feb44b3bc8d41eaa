/**
 * The page-world half of the keyring calls (window.mailvelope keyring) and the bridge's
 * checks of what the page sends for them: the page is hostile, so arguments are rebuilt field
 * by field, and the page only ever receives strings the background chose.
 */
import { describe, expect, it } from 'vitest';
import { parseKeyringRequest } from '../../../src/content/page-api/keyring-validate';
import { parseRequest } from '../../../src/content/page-api/validate';
import type { Call } from '../../../src/page-api/client';
import { createMailvelope } from '../../../src/page-api/mailvelope';
import { pageApiKeyringContentSchemas, pageApiKeyringPageSchemas } from '../../../src/shared/page-api-keyring-schemas';

function fake(answers: Record<string, unknown>): { call: Call; calls: Array<[string, Record<string, unknown>]> } {
  const calls: Array<[string, Record<string, unknown>]> = [];
  const call: Call = async (name, args) => {
    calls.push([name, args]);
    return answers[name];
  };
  return { call, calls };
}

describe('window.mailvelope keyring: importPublicKey and createKeyGenContainer', () => {
  it('importPublicKey resolves with the status string the bridge answered', async () => {
    const f = fake({ importPublicKey: { status: 'IMPORTED' } });
    const kr = await createMailvelope(f.call).getKeyring();
    expect(await kr.importPublicKey('-----BEGIN PGP PUBLIC KEY BLOCK-----')).toBe('IMPORTED');
    expect(f.calls).toEqual([['importPublicKey', { armored: '-----BEGIN PGP PUBLIC KEY BLOCK-----' }]]);
  });

  it('createKeyGenContainer passes the proposed user IDs as strings; generate/confirm/reject go to that generator', async () => {
    const f = fake({ openKeyGen: { generatorId: 'g-1' }, generateKey: { armored: '-----BEGIN PGP PUBLIC KEY BLOCK-----\n…' }, decideKeyGen: {} });
    const kr = await createMailvelope(f.call).getKeyring();
    const gen = await kr.createKeyGenContainer('#box', { userIds: [{ email: 'a@example.org', fullName: 'A' }, { email: 'b@example.org' }], keySize: 4096 });
    expect(Object.isFrozen(gen)).toBe(true);
    expect(await gen.generate()).toContain('PUBLIC KEY BLOCK');
    await gen.confirm();
    await gen.reject();
    expect(f.calls).toEqual([
      ['openKeyGen', { selector: '#box', userIds: [{ email: 'a@example.org', fullName: 'A' }, { email: 'b@example.org', fullName: '' }], keySize: 4096 }],
      ['generateKey', { generatorId: 'g-1', confirmRequired: false }],
      ['decideKeyGen', { generatorId: 'g-1', confirm: true }],
      ['decideKeyGen', { generatorId: 'g-1', confirm: false }],
    ]);
  });
});

describe('bridge validation of the keyring calls', () => {
  it('rebuilds openKeyGen from checked fields; an absent name is empty; odd sizes become null', () => {
    expect(parseRequest({ id: 2, call: 'openKeyGen', args: { selector: '#k', userIds: [{ email: 'a@example.org', extra: 1 }], keySize: 4096.5, x: 1 } })).toEqual({
      id: 2,
      call: 'openKeyGen',
      selector: '#k',
      userIds: [{ email: 'a@example.org', fullName: '' }],
      keySize: null,
    });
  });

  it.each([
    ['no user id', { selector: '#k', userIds: [] }],
    ['too many user ids', { selector: '#k', userIds: Array.from({ length: 6 }, () => ({ email: 'a@example.org' })) }],
    ['user id not an object', { selector: '#k', userIds: ['a@example.org'] }],
    ['name of the wrong type', { selector: '#k', userIds: [{ email: 'a@example.org', fullName: 5 }] }],
    ['overlong address', { selector: '#k', userIds: [{ email: `${'a'.repeat(320)}@x.org` }] }],
    ['no selector', { userIds: [{ email: 'a@example.org' }] }],
  ])('drops openKeyGen with %s', (_name, args) => {
    expect(parseRequest({ id: 1, call: 'openKeyGen', args })).toBeNull();
  });

  it('generate and decide need a generator handle; decide needs a real boolean', () => {
    expect(parseKeyringRequest(1, 'generateKey', { generatorId: 'g', confirmRequired: 'yes' })).toEqual({ id: 1, call: 'generateKey', generatorId: 'g', confirmRequired: false });
    expect(parseKeyringRequest(1, 'generateKey', {})).toBeNull();
    expect(parseKeyringRequest(1, 'decideKeyGen', { generatorId: 'g', confirm: 1 })).toBeNull();
    expect(parseKeyringRequest(1, 'decideKeyGen', { generatorId: 'g', confirm: false })).toEqual({ id: 1, call: 'decideKeyGen', generatorId: 'g', confirm: false });
  });

  it('background schemas: caps on the offered key, user IDs, ids; the passphrase never empty', () => {
    expect(() => pageApiKeyringContentSchemas.pageApiImportKey.parse({ requestId: 'r', armored: 'x'.repeat(1024 * 1024 + 1) })).toThrow(/BAD_REQUEST/);
    expect(() => pageApiKeyringContentSchemas.pageApiOpenKeyGen.parse({ userIds: [], keySize: null })).toThrow(/BAD_REQUEST/);
    expect(() => pageApiKeyringPageSchemas.getPageApiImport.parse({ importId: '../options.html' })).toThrow(/BAD_REQUEST/);
    expect(() => pageApiKeyringPageSchemas.generatePageApiKey.parse({ sessionId: '00000000-0000-4000-8000-000000000000', requestId: 'r', passphrase: '' })).toThrow(/BAD_REQUEST/);
    expect(pageApiKeyringPageSchemas.decidePageApiImport.parse({ importId: 'a'.repeat(32), accept: true, replace: false })).toEqual({ importId: 'a'.repeat(32), accept: true, replace: false });
    expect(() => pageApiKeyringPageSchemas.decidePageApiImport.parse({ importId: 'a'.repeat(32), accept: true, replace: false, extra: 1 })).toThrow(/unknown property/);
  });
});
