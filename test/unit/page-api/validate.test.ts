import { describe, expect, it } from 'vitest';
import { BRIDGE_LIMITS, createRateLimit, parseRequest } from '../../../src/content/page-api/validate';

describe('page API bridge: request validation (the page is hostile)', () => {
  it('rebuilds a valid request from checked fields only', () => {
    const r = parseRequest({ id: 3, call: 'openEditor', args: { selector: '#c', signMsg: true, predefinedText: 'hi', quotedMail: null, extra: 'x' } });
    expect(r).toEqual({ id: 3, call: 'openEditor', selector: '#c', signMsg: true, predefinedText: 'hi', quotedMail: null, quotedMailIndent: false, quotedMailHeader: null, keepAttachments: false });
  });

  it('carries the reply options (quotedMailIndent, quotedMailHeader, keepAttachments), capped', () => {
    const args = { selector: '#c', quotedMail: '-----BEGIN PGP MESSAGE-----', quotedMailIndent: true, quotedMailHeader: 'On Monday, alice wrote:', keepAttachments: true };
    expect(parseRequest({ id: 4, call: 'openEditor', args })).toMatchObject({ quotedMailIndent: true, quotedMailHeader: 'On Monday, alice wrote:', keepAttachments: true });
    // Anything but `true` is false; a header over the cap or of the wrong type drops the request.
    expect(parseRequest({ id: 5, call: 'openEditor', args: { ...args, quotedMailIndent: 'yes', keepAttachments: 1 } })).toMatchObject({ quotedMailIndent: false, keepAttachments: false });
    expect(parseRequest({ id: 6, call: 'openEditor', args: { ...args, quotedMailHeader: 'x'.repeat(BRIDGE_LIMITS.quoteHeader + 1) } })).toBeNull();
    expect(parseRequest({ id: 7, call: 'openEditor', args: { ...args, quotedMailHeader: 42 } })).toBeNull();
  });

  it('treats a missing optional text as null but a wrong type as invalid', () => {
    expect(parseRequest({ id: 1, call: 'openDisplay', args: { selector: '#b', armored: 'x' } })).toMatchObject({ senderAddress: null });
    expect(parseRequest({ id: 1, call: 'openDisplay', args: { selector: '#b', armored: 'x', senderAddress: 5 } })).toBeNull();
  });

  it.each([
    ['not an object', 'x'],
    ['no id', { call: 'validKeys', args: { addresses: [] } }],
    ['negative id', { id: -1, call: 'validKeys', args: { addresses: [] } }],
    ['fractional id', { id: 1.5, call: 'validKeys', args: { addresses: [] } }],
    ['unknown call', { id: 1, call: 'decrypt', args: {} }],
    ['prototype call name', { id: 1, call: 'constructor', args: {} }],
    ['args missing', { id: 1, call: 'openSettings' }],
    ['too many addresses', { id: 1, call: 'validKeys', args: { addresses: Array.from({ length: BRIDGE_LIMITS.addresses + 1 }, (_, i) => `a${i}@x.test`) } }],
    ['address not a string', { id: 1, call: 'encrypt', args: { editorId: 'e', recipients: [{ toString: () => 'a@b.c' }] } }],
    ['oversized address', { id: 1, call: 'validKeys', args: { addresses: ['a'.repeat(BRIDGE_LIMITS.address + 1)] } }],
    ['oversized selector', { id: 1, call: 'openDisplay', args: { selector: '#'.repeat(BRIDGE_LIMITS.selector + 1), armored: 'x', senderAddress: null } }],
    ['empty armor', { id: 1, call: 'openDisplay', args: { selector: '#b', armored: '', senderAddress: null } }],
    ['fingerprint with non-hex', { id: 1, call: 'hasPrivateKey', args: { fingerprint: 'Z'.repeat(40) } }],
    ['short fingerprint', { id: 1, call: 'hasPrivateKey', args: { fingerprint: 'ABCD' } }],
  ])('drops %s', (_name, data) => {
    expect(parseRequest(data)).toBeNull();
  });

  it('caps the armored size of a display request', () => {
    const big = 'a'.repeat(BRIDGE_LIMITS.armoredChars + 1);
    expect(parseRequest({ id: 1, call: 'openDisplay', args: { selector: '#b', armored: big, senderAddress: null } })).toBeNull();
  });

  it('rate-limits calls in a sliding window', () => {
    let now = 0;
    const allow = createRateLimit(3, 1000, () => now);
    expect([allow(), allow(), allow(), allow()]).toEqual([true, true, true, false]);
    now = 999;
    expect(allow()).toBe(false);
    now = 1001;
    expect(allow()).toBe(true);
  });
});
