import { describe, expect, it } from 'vitest';
import { KeyTable } from '@/lib/match/key-table';

describe('KeyTable', () => {
  it('numbers keys in the order they were first added, and finds them again', () => {
    const table = new KeyTable(5);
    expect(['新质生产力', 'energy revolution', '新质生产力', '', 'energy revolution'].map((k) => table.add(k))).toEqual([0, 1, 0, 2, 1]);
    expect(table.keys).toEqual(['新质生产力', 'energy revolution', '']);
    expect(table.indexOf('energy revolution')).toBe(1);
    expect(table.indexOf('')).toBe(2);
    expect(table.indexOf('新质生产')).toBe(-1);
  });

  it('tells apart keys that differ in any code unit, lone surrogates and NUL included', () => {
    const keys = ['a\u0000', 'a', '\ud800', '\udc00', '\ud800\udc00', 'a\u0000b', 'A'];
    const table = new KeyTable(keys.length);
    keys.forEach((k, i) => expect(table.add(k)).toBe(i));
    keys.forEach((k, i) => expect(table.indexOf(k)).toBe(i));
  });

  it('keeps every key apart, whatever the seed, when 20,000 keys fill it half full', () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `k${i}`);
    for (const seed of [0, 1, -1, 0x12345678]) {
      const table = new KeyTable(keys.length, seed);
      expect(keys.map((k) => table.add(k))).toEqual(keys.map((_, i) => i));
      expect(keys.map((k) => table.indexOf(k))).toEqual(keys.map((_, i) => i));
      expect(table.indexOf('k20000')).toBe(-1);
    }
  });

  it('spreads keys that differ only in the high bits of their code units', () => {
    // 4,096 keys of four units 0x41 + (a << 13): unmixed, FNV-1a's low 13 bits depend only on the
    // units' low 13 bits, so all of them would share one slot of the 8,192-slot table, and adding
    // them would look at 8 million slots.
    const keys: string[] = [];
    for (let i = 0; i < 4096; i++) {
      keys.push(String.fromCharCode(...[0, 3, 6, 9].map((shift) => 0x41 + (((i >> shift) & 7) << 13))));
    }
    expect(new Set(keys).size).toBe(4096);
    for (const seed of [0, 0x7fffffff]) {
      const table = new KeyTable(keys.length, seed);
      expect(keys.map((k) => table.add(k))).toEqual(keys.map((_, i) => i));
      expect(table.probes).toBeLessThan(4 * keys.length);
    }
  });

  it('refuses more keys than it was made for, once half its slots are taken', () => {
    const table = new KeyTable(2);
    for (let i = 0; i < 8; i++) table.add(`k${i}`);
    expect(() => table.add('one more')).toThrow(RangeError);
    expect(table.add('k3')).toBe(3);
  });
});
