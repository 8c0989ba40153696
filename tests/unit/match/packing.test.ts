import { describe, expect, it } from 'vitest';
import { packCodeUnits, packStrings, packText, packUints, unpackCodeUnits, unpackStrings, unpackUints } from '../../../lib/match/packing';

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

describe('packStrings', () => {
  const items = ['', 'bench-1', '4f9c2a1e-0b7d-4c3e-9a55-1d2e3f4a5b6c', '新质生产力', 'x'.repeat(20000), '\ud800 lone', '𠀀', '\uffff', '"\\\n'];

  it('round-trips any strings, lone surrogates and U+FFFF included, through JSON', () => {
    const packed = packStrings(items);
    expect(/[\ud800-\udfff]/.test(packed)).toBe(false);
    expect(unpackStrings(JSON.parse(JSON.stringify(packed)) as string, items.length)).toEqual(items);
  });

  it('round-trips plain strings through the one-slice-each path', () => {
    const plain = ['a', '', 'bench-10', '能源革命'];
    expect(packStrings(plain)).not.toContain('\uffff');
    expect(unpackStrings(packStrings(plain), plain.length)).toEqual(plain);
  });

  it('keeps ASCII ids ASCII, one length unit each', () => {
    const ids = ['4f9c2a1e-0b7d-4c3e-9a55-1d2e3f4a5b6c', 'bench-7'];
    const packed = packStrings(ids);
    expect(packed.length).toBe(ids[0]!.length + ids[1]!.length + 2);
    expect(/^[\x20-\x7e]*$/.test(packed)).toBe(true);
  });

  it('refuses a packed string that does not hold exactly the stated count', () => {
    const packed = packStrings(['ab', 'c']);
    expect(() => unpackStrings(packed, 3)).toThrow();
    expect(() => unpackStrings(packed, 1)).toThrow();
    expect(() => unpackStrings(packed.slice(0, -1), 2)).toThrow();
    expect(() => unpackStrings('\u0001ab', 1)).toThrow();
  });
});

describe('packText', () => {
  it('leaves text without surrogates as it is, and escapes the rest as packCodeUnits does', () => {
    expect(packText('新质 productive')).toBe('新质 productive');
    const text = 'a𠀀\udc00\uffff';
    const units = Array.from(text, (_, i) => text.charCodeAt(i)).slice(0, text.length);
    const all = Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));
    expect(packText(text)).toBe(packCodeUnits(all));
    expect(units.length).toBeGreaterThan(0);
  });
});
