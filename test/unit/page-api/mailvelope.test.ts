import { describe, expect, it } from 'vitest';
import { PageApiError, type Call } from '../../../src/page-api/client';
import { API_VERSION, createMailvelope } from '../../../src/page-api/mailvelope';

function fake(answers: Record<string, unknown>): { call: Call; calls: Array<[string, Record<string, unknown>]> } {
  const calls: Array<[string, Record<string, unknown>]> = [];
  const call: Call = async (name, args) => {
    calls.push([name, args]);
    const a = answers[name];
    if (a instanceof Error) throw a;
    return a;
  };
  return { call, calls };
}

describe('window.mailvelope (page world)', () => {
  it('reports a version Roundcube treats as encrypt+sign capable (major ≥ 2) and accepts VERSION writes', async () => {
    const mv = createMailvelope(fake({}).call) as ReturnType<typeof createMailvelope> & { VERSION?: string };
    const v = await mv.getVersion();
    expect(v).toBe(API_VERSION);
    expect(Math.floor(parseFloat(v))).toBeGreaterThanOrEqual(2);
    mv.VERSION = v; // Roundcube's mailvelope_load does this
    expect(mv.VERSION).toBe(v);
  });

  it('getKeyring and createKeyring give the same keyring for any id', async () => {
    const mv = createMailvelope(fake({}).call);
    expect(await mv.getKeyring('1')).toBe(await mv.createKeyring('2'));
  });

  it('validKeyForAddress maps the bridge answer to Mailvelope’s shape', async () => {
    const { call, calls } = fake({ validKeys: { status: { 'bob@x.test': { keys: [{ fingerprint: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01', created: '2026-01-01T00:00:00.000Z' }] }, 'eve@x.test': false } } });
    const kr = await createMailvelope(call).getKeyring();
    const status = await kr.validKeyForAddress(['bob@x.test', 'eve@x.test', 7 as unknown as string]);
    expect(calls[0]).toEqual(['validKeys', { addresses: ['bob@x.test', 'eve@x.test'] }]);
    expect(status['eve@x.test']).toBe(false);
    const bob = status['bob@x.test'];
    expect(bob && bob.keys[0]?.fingerprint).toBe('abcdef0123456789abcdef0123456789abcdef01');
    expect(bob && bob.keys[0]?.lastModified).toBeInstanceOf(Date);
  });

  it('an editor encrypts through the bridge and returns only the armored text', async () => {
    const { call, calls } = fake({ openEditor: { editorId: 'e1' }, encrypt: { armored: '-----BEGIN PGP MESSAGE-----' } });
    const editor = await createMailvelope(call).createEditorContainer('#c', undefined, { signMsg: true, predefinedText: 'draft' });
    expect(calls[0]).toEqual(['openEditor', { selector: '#c', signMsg: true, predefinedText: 'draft', quotedMail: null, quotedMailIndent: false, quotedMailHeader: null, keepAttachments: false }]);
    expect(await editor.encrypt(['bob@x.test'])).toBe('-----BEGIN PGP MESSAGE-----');
    expect(calls[1]).toEqual(['encrypt', { editorId: 'e1', recipients: ['bob@x.test'] }]);
  });

  it('a display container failure resolves as {error: {message}} (what Roundcube reads)', async () => {
    const mv = createMailvelope(fake({ openDisplay: new PageApiError('BAD_REQUEST', 'container not found') }).call);
    expect(await mv.createDisplayContainer('#nope', 'x')).toEqual({ error: { code: 'BAD_REQUEST', message: 'container not found' } });
    const ok = createMailvelope(fake({ openDisplay: {} }).call);
    expect(await ok.createDisplayContainer('#b', 'x', undefined, { senderAddress: 'a@x.test' })).toEqual({});
  });

  it('additionalHeadersForOutgoingEmail returns the Autocrypt header, or none without an own key', async () => {
    const kr = await createMailvelope(fake({ autocrypt: { autocrypt: 'addr=a@x.test; keydata=AAAA' } }).call).getKeyring();
    expect(await kr.additionalHeadersForOutgoingEmail({ from: 'a@x.test' })).toEqual({ autocrypt: 'addr=a@x.test; keydata=AAAA' });
    const none = await createMailvelope(fake({ autocrypt: { autocrypt: null } }).call).getKeyring();
    expect(await none.additionalHeadersForOutgoingEmail({ from: 'a@x.test' })).toEqual({});
  });
});
