import { describe, expect, it } from 'vitest';
import { fingerprintGroups, fromBase64, toBase64 } from '../../../../src/core/keys/armor';

describe('armor helpers', () => {
  it('round-trips base64, including large and empty inputs', () => {
    const big = new Uint8Array(200_000).map((_, i) => (i * 31) & 0xff);
    expect(fromBase64(toBase64(big))).toEqual(big);
    expect(toBase64(new Uint8Array())).toBe('');
    expect(toBase64(new Uint8Array([0xff, 0x00, 0x41]))).toBe('/wBB');
    expect(fromBase64(' /wB\nB ')).toEqual(new Uint8Array([0xff, 0x00, 0x41]));
  });
  it('throws on invalid base64', () => {
    expect(() => fromBase64('@@@')).toThrow();
  });
  it('groups fingerprints by four', () => {
    expect(fingerprintGroups('56765dc33a53892a14002dd047d4c05956f4ef68')).toBe('5676 5DC3 3A53 892A 1400 2DD0 47D4 C059 56F4 EF68');
  });
});
