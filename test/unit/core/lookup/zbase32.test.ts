import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { zbase32Decode, zbase32Encode } from '../../../../src/core/lookup/zbase32';

describe('z-base-32', () => {
  it('encodes most significant bits first, zero-padding the last group', () => {
    // 0xF0 = 11110 000(00): index 30 ('6') then index 0 ('y').
    expect(zbase32Encode(Uint8Array.of(0xf0))).toBe('6y');
    // 5 bytes = 40 bits = 8 whole groups: 00000 00001 00010 00011 … of 0x00 0x44 0x32 0x14 0xC7
    expect(zbase32Encode(Uint8Array.of(0x00, 0x44, 0x32, 0x14, 0xc7))).toBe('ybndrfg8');
    expect(zbase32Encode(new Uint8Array(0))).toBe('');
  });

  it('a 20-byte SHA-1 becomes 32 characters (WKD)', () => {
    expect(zbase32Encode(new Uint8Array(20).fill(0xff))).toHaveLength(32);
    expect(zbase32Encode(new Uint8Array(20))).toBe('y'.repeat(32));
  });

  it('round-trips whole multiples of 5 bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }).filter((b) => b.length % 5 === 0), (bytes) => {
        expect(zbase32Decode(zbase32Encode(bytes))).toEqual(bytes);
      }),
    );
  });

  it('refuses characters outside the alphabet', () => {
    expect(() => zbase32Decode('0l2v')).toThrow(RangeError);
  });
});
