import { describe, expect, it } from 'vitest';
import { packUints, unpackUints } from '../../../lib/match/packing';

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
