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

  it('refuses text that is not JSON, or not an object, and a matcher that is malformed', () => {
    const wire = packMatcherForWire(compileGlossary(glossary));
    expect(() => unpackMatcherFromWire('not JSON!')).toThrow(/compiled matcher: not JSON/);
    expect(() => unpackMatcherFromWire(wire.slice(0, wire.length >> 1))).toThrow(/compiled matcher: not JSON/);
    expect(() => unpackMatcherFromWire('[1, 2]')).toThrow(/compiled matcher: not an object/);
    expect(() => unpackMatcherFromWire('null')).toThrow(/compiled matcher: not an object/);
    expect(() => unpackMatcherFromWire(42 as unknown as string)).toThrow(/compiled matcher: not a string/);
    expect(() => fromWire('{"version": 2}')).toThrow(/compiled matcher/);
    expect(() => fromWire('{"version": 1}')).toThrow(/version/);
  });
});
