import { describe, expect, it } from 'vitest';
import { Matcher, compileGlossary, packMatcherForWire, unpackMatcherFromWire } from '../../../lib/match';
import { entry } from './support/glossary';

const glossary = [
  { ...entry(['新质生产力', 'new quality productive forces'], { id: 'a', slot: 1 }), label: '新质生产力' },
  entry('US', { id: 'b', caseSensitive: true }),
  entry('大开发', { id: 'c', exclusions: ['大开发区'] }),
  entry(['𠀀𠀁', '絺'], { id: 'd' }),
];
/** What a content script does with the message's text. */
const fromWire = (wire: string) => Matcher.from(unpackMatcherFromWire(wire));

const text = 'New quality productive forces; US us; 大开发区 大开发; 𠀀𠀁 絺 𫄨 新质生产力';

describe('the matcher on the wire (packMatcherForWire)', () => {
  it('gives back the compiled matcher unchanged', () => {
    const compiled = compileGlossary(glossary);
    expect(unpackMatcherFromWire(packMatcherForWire(compiled))).toEqual(compiled);
  });

  it('decodes to a matcher that finds what the compiled one finds', () => {
    const compiled = compileGlossary(glossary);
    const decoded = fromWire(packMatcherForWire(compiled));
    expect(decoded.findMatches(text)).toEqual(Matcher.from(compiled).findMatches(text));
    expect(decoded.findMatches(text).map((m) => m.entryId)).toEqual(['a', 'b', 'c', 'd', 'd', 'd', 'a']);
    expect(decoded.labels()).toEqual(['新质生产力', '', '', '']);
  });

  it('carries the packed numbers in a JSON header, and the texts raw after it, cut out again without parsing', () => {
    const compiled = compileGlossary(glossary);
    const wire = packMatcherForWire(compiled);
    const [first, ...rest] = wire.split('\n');
    expect(first).toMatch(/^termlens-matcher 5 \{"entryCount":.*"lengths":\[/);
    const header = JSON.parse(first!.slice('termlens-matcher 5 '.length)) as Record<string, unknown>;
    // The format version is the prefix's: the header does not say it again.
    expect(header.version).toBeUndefined();
    expect(header.recordEntries).toBe(compiled.recordEntries);
    expect(header.keyOffsets).toBe(compiled.keyOffsets);
    expect(header.keys).toBeUndefined();
    // Everything after the header is the texts, concatenated as they are.
    expect(rest.join('\n')).toBe(compiled.entryIds + compiled.labels + compiled.keys + compiled.caseForms);
  });

  it('keeps every code unit: newlines, quotes, NUL, noncharacters and lone surrogates in ids, labels and keys', () => {
    const odd = [
      { ...entry(['a\ud800b', 'x"y\\z'], { id: 'id\n1"\u0000', slot: 2 }), label: 'line\none \udc00' },
      entry(['\ufffe\uffff', '\u2028q'], { id: '\ud83d', caseSensitive: true }),
      entry('Case', { id: 'c', caseSensitive: true }),
    ];
    const compiled = compileGlossary(odd);
    const back = unpackMatcherFromWire(packMatcherForWire(compiled));
    expect(back).toEqual(compiled);
    const found = Matcher.from(back).findMatches('a\ud800b x"y\\z \ufffe\uffff Case case');
    expect(found.map((m) => m.entryId)).toEqual(['id\n1"\u0000', 'id\n1"\u0000', '\ud83d', 'c']);
    expect(Matcher.from(back).labels()).toEqual(['line\none \udc00', '', '']);
  });

  it('refuses what is not a wire, a broken header, and lengths that do not fit', () => {
    const wire = packMatcherForWire(compileGlossary(glossary));
    const headerEnd = wire.indexOf('\n');
    const header = JSON.parse(wire.slice('termlens-matcher 5 '.length, headerEnd)) as { lengths: number[] };
    const withLengths = (lengths: unknown) =>
      'termlens-matcher 5 ' + JSON.stringify({ ...header, lengths }) + wire.slice(headerEnd);
    expect(() => unpackMatcherFromWire(42 as unknown as string)).toThrow(/compiled matcher: not a string/);
    expect(() => unpackMatcherFromWire('not a wire!')).toThrow(/compiled matcher: not a TermLens matcher wire/);
    expect(() => unpackMatcherFromWire('{"version": 5}')).toThrow(/compiled matcher: JSON text, the wire of an older version; compile the glossary again/);
    expect(() => unpackMatcherFromWire('termlens-matcher 5 {"version": 5}')).toThrow(/compiled matcher: the wire has no header/);
    expect(() => unpackMatcherFromWire('termlens-matcher 5 {"version": \n')).toThrow(/compiled matcher: the header is not JSON/);
    expect(() => unpackMatcherFromWire('termlens-matcher 5 [1, 2]\n')).toThrow(/compiled matcher: the header is not an object/);
    expect(() => unpackMatcherFromWire(withLengths(header.lengths.slice(1)))).toThrow(/does not give 4 text lengths/);
    expect(() => unpackMatcherFromWire(withLengths('11'))).toThrow(/does not give 4 text lengths/);
    for (const bad of [-1, 1.5, '3', null, 1e9]) {
      expect(() => unpackMatcherFromWire(withLengths([bad, ...header.lengths.slice(1)]))).toThrow(/the length of entryIds is malformed or runs past the wire/);
    }
    // A wire cut short, or one with more after its strings.
    expect(() => unpackMatcherFromWire(wire.slice(0, -1))).toThrow(/the length of \w+ is malformed or runs past the wire/);
    expect(() => unpackMatcherFromWire(wire + 'x')).toThrow(/compiled matcher: the wire is longer than its texts/);
    // Only the matcher's own fields are taken from the header.
    const extra = 'termlens-matcher 5 ' + JSON.stringify({ ...header, foo: 1, ['__proto__']: { polluted: true } }) + wire.slice(headerEnd);
    const taken = unpackMatcherFromWire(extra) as unknown as Record<string, unknown>;
    expect(taken.foo).toBeUndefined();
    expect(taken.polluted).toBeUndefined();
    // Lengths that add up but cut the strings in the wrong places: Matcher.from refuses the matcher.
    const shifted = [header.lengths[0]! + 1, header.lengths[1]! - 1, ...header.lengths.slice(2)];
    expect(() => fromWire(withLengths(shifted))).toThrow(/compiled matcher/);
    // The version is the prefix's: a header's own says nothing, another prefix is refused by name.
    expect(fromWire('termlens-matcher 5 ' + JSON.stringify({ ...header, version: 3 }) + wire.slice(headerEnd)).findMatches('新质生产力')).toHaveLength(1);
    expect(() => fromWire('termlens-matcher 4 ' + JSON.stringify(header) + wire.slice(headerEnd))).toThrow(
      /compiled matcher: format version 4 is not read here \(this code reads version 5\)/,
    );
  });
});
