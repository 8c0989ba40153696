import { describe, expect, it } from 'vitest';
import { isPackedBelow, packUints, packedIncludesAny, smallUintAt, unpackUints } from '../../../lib/match/packing';

const hasSurrogate = (s: string) => /[\ud800-\udfff]/.test(s);

describe('packUints', () => {
  it('round-trips integers from 0 to 2^28 - 1', () => {
    const values = [0, 1, 16383, 16384, 65535, 1_000_000, 2 ** 28 - 1];
    expect(Array.from(unpackUints(packUints(values), values.length))).toEqual(values);
  });

  it('takes one code unit for values below 16384, two above', () => {
    expect(packUints([0, 16383]).length).toBe(2);
    expect(packUints([16384]).length).toBe(2);
  });

  it('makes strings without surrogates or control characters', () => {
    const s = packUints([0, 5, 16383, 16384, 2 ** 28 - 1]);
    expect(hasSurrogate(s)).toBe(false);
    expect(/[\u0000-\u001f]/.test(s)).toBe(false);
  });

  it('refuses negative, fractional and too large values', () => {
    expect(() => packUints([-1])).toThrow();
    expect(() => packUints([1.5])).toThrow();
    expect(() => packUints([2 ** 28])).toThrow();
  });

  it('refuses a packed string that does not hold exactly the stated count', () => {
    const s = packUints([1, 2, 3]);
    expect(() => unpackUints(s, 4)).toThrow();
    expect(() => unpackUints(s, 2)).toThrow();
  });
});

describe('unpackUints with a limit', () => {
  it('refuses a value that is not below the limit', () => {
    expect(Array.from(unpackUints(packUints([0, 9]), 2, 10))).toEqual([0, 9]);
    expect(() => unpackUints(packUints([0, 10]), 2, 10)).toThrow(RangeError);
    expect(() => unpackUints(packUints([20000]), 1, 10)).toThrow(RangeError);
  });
});

describe('small values read in place (isPackedBelow, smallUintAt, packedIncludesAny)', () => {
  it('accepts exactly `count` one-unit values below the limit, and reads each in place', () => {
    const packed = packUints([0, 31, 7]);
    expect(isPackedBelow(packed, 3, 32)).toBe(true);
    expect([0, 1, 2].map((i) => smallUintAt(packed, i))).toEqual([0, 31, 7]);
  });

  it('refuses a value at or past the limit, a two-unit value, a wrong count, and a foreign unit', () => {
    expect(isPackedBelow(packUints([0, 32]), 2, 32)).toBe(false);
    expect(isPackedBelow(packUints([16384]), 2, 32)).toBe(false);
    expect(isPackedBelow(packUints([1, 2]), 3, 32)).toBe(false);
    expect(isPackedBelow('\u0001\u0030', 2, 32)).toBe(false);
  });

  it('tells whether any of some values occurs', () => {
    const packed = packUints([0, 4, 8]);
    expect(packedIncludesAny(packed, [1, 3, 8])).toBe(true);
    expect(packedIncludesAny(packed, [1, 3, 5])).toBe(false);
    expect(packedIncludesAny(packed, [])).toBe(false);
  });
});
