import { describe, expect, it } from 'vitest';
import { packCodeUnits, packText, packUints, unitsAsString, unpackCodeUnits, unpackUints } from '../../../lib/match/packing';

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

describe('packCodeUnits', () => {
  it('round-trips every code unit, surrogates and U+FFFF included, without surrogates in the string', () => {
    const units = [0, 0x41, 0x4e00, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000, 0xfffe, 0xffff];
    const s = packCodeUnits(units);
    expect(hasSurrogate(s)).toBe(false);
    expect(Array.from(unpackCodeUnits(s, units.length))).toEqual(units);
  });

  it('refuses a packed string that does not hold exactly the stated count', () => {
    const s = packCodeUnits([1, 2]);
    expect(() => unpackCodeUnits(s, 3)).toThrow();
    expect(() => unpackCodeUnits(s, 1)).toThrow();
  });
});

describe('packText', () => {
  it('leaves text without surrogates as it is, and escapes the rest as packCodeUnits does', () => {
    expect(packText('新质 productive')).toBe('新质 productive');
    const text = 'a𠀀\udc00\uffff';
    const all = Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));
    expect(packText(text)).toBe(packCodeUnits(all));
    expect(Array.from(unpackCodeUnits(packText(text), text.length))).toEqual(all);
  });
});

describe('unitsAsString', () => {
  it('keeps lone surrogates, and works past the 8,192-unit chunks', () => {
    const text = '\udc00a𠀀'.repeat(5000);
    const units = Uint16Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));
    expect(unitsAsString(units)).toBe(text);
  });
});
