// KM-04: punycode domains are decoded for the look-alike warning exactly as browsers and mail
// clients show them (RFC 3492; checked against Node's WHATWG URL implementation), and
// malformed labels give null, never a guess.
import { domainToASCII, domainToUnicode } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePunycodeLabel, punycodeDomainToUnicode } from '../../../../src/core/keys/punycode';

describe('punycode (display of xn-- domains)', () => {
  it('decodes the RFC 3492 §7.1 samples and real look-alike domains', () => {
    expect(decodePunycodeLabel('egbpdaj6bu4bxfgehfvwxn')).toBe('\u0644\u064A\u0647\u0645\u0627\u0628\u062A\u0643\u0644\u0645\u0648\u0634\u0639\u0631\u0628\u064A\u061F'); // (A) Arabic
    expect(decodePunycodeLabel('ihqwcrb4cv8a8dqg056pqjye')).toBe('\u4ED6\u4EEC\u4E3A\u4EC0\u4E48\u4E0D\u8BF4\u4E2D\u6587'); // (B) Chinese
    expect(decodePunycodeLabel('-> $1.00 <--')).toBe('-> $1.00 <-'); // (S) basic code points only
    expect(punycodeDomainToUnicode('xn--80ak6aa92e.com')).toBe('\u0430\u0440\u0440\u04CF\u0435.com'); // "аррӏе.com"
    expect(punycodeDomainToUnicode('mail.xn--exmple-cua.org')).toBe('mail.ex\u00E4mple.org');
    expect(punycodeDomainToUnicode('example.org')).toBeNull(); // nothing to decode
  });

  it('agrees with the WHATWG URL decoder on any domain it encodes', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 3 }), (labels) => {
        const ascii = domainToASCII(`${labels.join('.')}.org`);
        if (ascii === '' || !/(^|\.)xn--/.test(ascii)) return;
        expect(punycodeDomainToUnicode(ascii)).toBe(domainToUnicode(ascii));
      }),
      { numRuns: 500 },
    );
  });

  it('malformed labels give null (bad digits, truncated, overflow, non-ASCII, over 63 characters)', () => {
    for (const bad of ['xn--99999999999', 'xn--ab!c', `xn--${'a'.repeat(70)}`, 'xn--', 'xn--\u00e4bc']) {
      expect(punycodeDomainToUnicode(`${bad}.org`), bad).toBeNull();
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 70 }), (s) => {
        const r = decodePunycodeLabel(s);
        expect(r === null || typeof r === 'string').toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
