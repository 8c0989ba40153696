/**
 * The promises of compiled-matcher format version 5 (lib/match/compile.ts, CompiledMatcher): each
 * list of strings travels as one string with its offsets packed beside it (read in place, or unpacked for the keys), and a
 * matcher that went through the wire, JSON and UTF-8 finds, names and labels exactly what the compiled one does.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Matcher, compileGlossary, packMatcherForWire, unpackMatcherFromWire, type CompiledMatcher, type MatchableEntry } from '../../../lib/match';
import { packPairs, packUints, pairAt, unpackUints } from '../../../lib/match/packing';
import { entry } from './support/glossary';

/** The `count` values that packPairs packed. */
const offsets = (packed: string, count: number) => Array.from({ length: count }, (_, i) => pairAt(packed, i));
/** 0, then the running totals of `lengths`. */
const sums = (lengths: number[]) => lengths.reduce((out, n) => [...out, out.at(-1)! + n], [0]);

/**
 * What the background sends and a content script reads: the wire (wire.ts), in a message that
 * Chromium serialises as JSON text and moves as UTF-8 bytes.
 */
const transported = (compiled: CompiledMatcher): CompiledMatcher =>
  unpackMatcherFromWire(JSON.parse(new TextDecoder().decode(new TextEncoder().encode(JSON.stringify(packMatcherForWire(compiled))))) as string);

const UUID_A = '3f2b8c1e-9d4a-4c6b-8e2f-1a7d5c9b0e34';
const UUID_B = 'c0ffee00-1234-4abc-9def-0123456789ab';
const glossary: MatchableEntry[] = [
  { ...entry(['新质生产力', 'new quality productive forces'], { id: UUID_A, slot: 1 }), label: '新质生产力' },
  { ...entry(['新質生產力'], { id: UUID_B, slot: 2 }), label: '新質生產力（繁）' },
  entry('US', { id: 'us-𠀀', caseSensitive: true }),
  entry('Belt and Road', { id: 'bri', caseSensitive: true, label: 'Belt and Road' }),
  entry('大开发', { id: 'dev', exclusions: ['大开发区'], label: '大开发' }),
  entry(['𠀀𠀁', '絺'], { id: '', label: '𠀀𠀁' }),
  entry('能源革命', { id: 'x'.repeat(300) }),
];
const text = 'New quality productive forces; 新質生產力; US us; BELT AND ROAD, Belt and Road; 大开发区 大开发; 𠀀𠀁 絺 𫄨 新质生产力';

describe('CompiledMatcher: lists of strings as one string each', () => {
  it('concatenates the keys in code-unit order and packs their offsets', () => {
    const compiled = compileGlossary([entry('西部大开发'), entry('大开发'), entry('𠀀𠀁')]);
    // 大 (U+5927) < 西 (U+897F) < the high surrogate of 𠀀 (U+D840).
    expect(compiled.keys).toBe('大开发西部大开发𠀀𠀁');
    expect(compiled.keyCount).toBe(3);
    expect(offsets(compiled.keyOffsets, 4)).toEqual([0, 3, 8, 12]);
  });

  it('concatenates the entry ids and labels by entry index, with their lengths', () => {
    const compiled = compileGlossary(glossary);
    expect(compiled.entryIds).toBe(glossary.map((e) => e.id).join(''));
    expect(offsets(compiled.entryIdOffsets, glossary.length + 1)).toEqual(sums(glossary.map((e) => e.id.length)));
    // Labels that are a form folding to themselves travel as that form's key, not again.
    expect(compiled.labels).toBe('新質生產力（繁）' + 'Belt and Road');
    expect(offsets(compiled.labelOffsets, glossary.length + 1)).toEqual(sums([0, '新質生產力（繁）'.length, 0, 'Belt and Road'.length, 0, 0, 0]));
  });

  it('sends a case-sensitive form, with its case, once per record, as long as its key', () => {
    const compiled = compileGlossary(glossary);
    expect(compiled.caseForms).toBe('Belt and Road' + 'US');
  });

  it('keeps the code units of keys whose lone surrogates meet at a boundary, through JSON and UTF-8', () => {
    const compiled = compileGlossary([entry('a\ud840', { id: 'high' }), entry('\udc00b', { id: 'low' })]);
    expect(compiled.keys).toBe('a\ud840\udc00b');
    const after = transported(compiled);
    expect(after).toEqual(compiled);
    expect(Matcher.from(after).findMatches('a\ud840 \udc00b').map((m) => m.entryId)).toEqual(['high', 'low']);
  });
});

describe('CompiledMatcher: the same matcher after transport', () => {
  it('finds the same matches, with the same entry ids and slots, as the compiled matcher', () => {
    const compiled = compileGlossary(glossary);
    const direct = Matcher.from(compiled).findMatches(text);
    const decoded = Matcher.from(transported(compiled)).findMatches(text);
    expect(decoded).toEqual(direct);
    expect(decoded.map((m) => `${m.entryId}@${m.slot}:${text.slice(m.start, m.end)}`)).toEqual([
      `${UUID_A}@1:New quality productive forces`,
      `${UUID_A}@1:新質生產力`,
      'us-𠀀@0:US',
      'bri@0:Belt and Road',
      'dev@0:大开发',
      '@0:𠀀𠀁',
      '@0:絺',
      '@0:𫄨',
      `${UUID_A}@1:新质生产力`,
    ]);
  });

  it('gives every entry id and label back, by entry index', () => {
    const m = Matcher.from(transported(compileGlossary(glossary)));
    expect(m.entryIds).toEqual(glossary.map((e) => e.id));
    expect(m.labels()).toEqual(glossary.map((e) => e.label ?? ''));
  });

  it('names an entry by the same id however often it matches', () => {
    const m = Matcher.from(transported(compileGlossary(glossary)));
    const [first, second] = m.findMatches('新质生产力 新质生产力');
    expect(first!.entryId).toBe(UUID_A);
    expect(second!.entryId).toBe(first!.entryId);
    expect(m.entryIds[0]).toBe(UUID_A);
  });

  it('gives back any ids and labels, lone surrogates and empty ones included (random)', () => {
    const anyString = fc.string({ unit: 'binary', maxLength: 12 });
    fc.assert(
      fc.property(fc.array(fc.tuple(anyString, anyString, fc.constantFrom('能源革命', 'G20', '𠀀', 'ab')), { maxLength: 8 }), (rows) => {
        const entries = rows.map(([id, label, form]) => ({ ...entry(form, { id }), label }));
        const m = Matcher.from(transported(compileGlossary(entries)));
        expect(m.entryIds).toEqual(entries.map((e) => e.id));
        expect(m.labels()).toEqual(entries.map((e) => e.label));
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});

describe('CompiledMatcher version 5: malformed lengths and offsets are refused', () => {
  const compiled = compileGlossary(glossary);
  const keyOffsets = offsets(compiled.keyOffsets, compiled.keyCount + 1);
  /** The key offsets with offset `i` replaced by `value`. */
  const keyOffsetsWith = (i: number, value: number) => packPairs(keyOffsets.map((o, j) => (j === i ? value : o)));

  it.each<[string, Partial<Record<keyof CompiledMatcher, unknown>>]>([
    ['key offsets that end before the keys do', { keyOffsets: keyOffsetsWith(compiled.keyCount, compiled.keys.length - 1) }],
    ['key offsets that end after the keys do', { keyOffsets: keyOffsetsWith(compiled.keyCount, compiled.keys.length + 1) }],
    ['key offsets that do not start at 0', { keyOffsets: keyOffsetsWith(0, 1) }],
    ['an empty first key', { keyOffsets: keyOffsetsWith(1, 0) }],
    ['fewer key offsets than keys', { keyCount: compiled.keyCount - 1 }],
    ['id offsets that do not add up to the ids', { entryIdOffsets: packPairs(sums(glossary.map((e) => e.id.length + 1))) }],
    ['fewer id offsets than entries', { entryIdOffsets: packPairs(sums(glossary.slice(1).map((e) => e.id.length))) }],
    ['ids longer than their offsets', { entryIds: compiled.entryIds + 'x' }],
    ['label offsets that do not add up to the labels', { labelOffsets: packPairs(sums(glossary.map(() => 1))) }],
    ['a malformed offset unit', { entryIdOffsets: '\u0001'.repeat(2 * (glossary.length + 1)) }],
    ['record offsets that do not add up to the records', { keyRecordOffsets: packPairs(Array.from({ length: compiled.keyCount + 1 }, (_, i) => i)).slice(0, -2) + packPairs([compiled.recordCount + 1]) }],
    ['record entries for fewer records', { recordEntries: compiled.recordEntries.slice(2) }],
    ['a colour slot past 7', { entrySlots: packUints(glossary.map(() => 8)) }],
    ['record flags past the five RECORD_* bits', { recordFlags: packUints(Array.from({ length: compiled.recordCount }, () => 32)) }],
    ['record flags for fewer records', { recordFlags: compiled.recordFlags.slice(1) }],
    ['case forms longer than their keys', { caseForms: compiled.caseForms + 'X' }],
    ['a list of strings (version 2 layout)', { entryIds: glossary.map((e) => e.id) }],
  ])('refuses %s with a "compiled matcher:" error', (_, change) => {
    expect(() => Matcher.from({ ...compiled, ...change } as CompiledMatcher)).toThrow(/^compiled matcher: /);
  });

  it('refuses at once an empty key further on, or one that ends before it starts', () => {
    // No case-sensitive entries, whose case forms would be measured by the offsets and refused first.
    const plain = compileGlossary([entry('新质生产力'), entry('能源革命'), entry('大开发'), entry('nqpf')]);
    const at = offsets(plain.keyOffsets, plain.keyCount + 1);
    for (const end of [at[2]!, at[2]! - 1]) {
      const damaged = packPairs(at.map((o, j) => (j === 3 ? end : o)));
      expect(() => Matcher.from({ ...plain, keyOffsets: damaged })).toThrow(/^compiled matcher: an empty key, or key offsets that fall back/);
    }
  });

  it('refuses a version-2, 3 or 4 matcher, saying that it must be compiled again', () => {
    for (const version of [2, 3, 4]) {
      const old = { ...compiled, version } as unknown as CompiledMatcher;
      expect(() => Matcher.from(old)).toThrow(new RegExp(`^compiled matcher: format version ${version} is no longer read.*compile the glossary again`));
    }
  });

  it('refuses, when a match needs it, a key without records', () => {
    // Two keys without case forms (which Matcher.from reads per record, and would refuse first).
    const plain = compileGlossary([entry('新质生产力'), entry('能源革命')]);
    // The first key keeps both records; the second has none.
    const damaged = Matcher.from({ ...plain, keyRecordOffsets: packPairs([0, 2, 2]) });
    // 新 (U+65B0) sorts before 能 (U+80FD): 能源革命 is the key without records.
    expect(() => damaged.findMatches('推动能源革命')).toThrow(/^compiled matcher: a key has no records/);
  });

  it('refuses, when a match needs it, a record whose entry index is past the entries', () => {
    const pairs = Array.from({ length: compiled.recordCount }, () => glossary.length);
    const damaged = Matcher.from({ ...compiled, recordEntries: packPairs(pairs) });
    expect(() => damaged.findMatches('推动新质生产力发展')).toThrow(/^compiled matcher: a record names no entry/);
  });
});
