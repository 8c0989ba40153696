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
const fromWire = async (wire: string) => Matcher.from(await unpackMatcherFromWire(wire));

const text = 'New quality productive forces; US us; 大开发区 大开发; 𠀀𠀁 絺 𫄨 新质生产力';

describe('the matcher on the wire (packMatcherForWire)', () => {
  it('gives back the compiled matcher unchanged', async () => {
    const compiled = compileGlossary(glossary);
    expect(await unpackMatcherFromWire(await packMatcherForWire(compiled))).toEqual(compiled);
  });

  it('is printable ASCII, which JSON and UTF-8 carry byte for byte', async () => {
    const wire = await packMatcherForWire(compileGlossary(glossary));
    expect(/^[A-Za-z0-9+/=]*$/.test(wire)).toBe(true);
    expect(JSON.stringify(wire)).toBe(`"${wire}"`);
  });

  it('is much smaller than the JSON when forms repeat words, as English renderings do', async () => {
    const words = ['national', 'digital', 'green', 'industry', 'finance', 'reform', 'system', 'pilot', 'zone'];
    const many = Array.from({ length: 2000 }, (_, i) =>
      entry(`${words[i % 9]} ${words[(i * 7) % 9]} ${words[(i * 5) % 9]} ${i}`, { id: `entry-${i}` }),
    );
    const compiled = compileGlossary(many);
    const wire = await packMatcherForWire(compiled);
    expect(wire.length).toBeLessThan(JSON.stringify(compiled).length / 2);
  });

  it('decodes to a matcher that finds what the compiled one finds', async () => {
    const compiled = compileGlossary(glossary);
    const decoded = await fromWire(await packMatcherForWire(compiled));
    expect(decoded.findMatches(text)).toEqual(Matcher.from(compiled).findMatches(text));
    expect(decoded.findMatches(text).map((m) => m.entryId)).toEqual(['a', 'b', 'c', 'd', 'd', 'd', 'a']);
    expect(decoded.labels()).toEqual(['新质生产力', '', '', '']);
  });

  it('refuses text that is not base64, not deflated, not JSON, or not an object', async () => {
    const wire = await packMatcherForWire(compileGlossary(glossary));
    const deflatedJson = async (json: string) => {
      const stream = new Blob([json]).stream().pipeThrough(new CompressionStream('deflate-raw'));
      const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
      return btoa(String.fromCharCode(...bytes));
    };
    await expect(unpackMatcherFromWire('not base64!')).rejects.toThrow(/compiled matcher: not base64/);
    await expect(unpackMatcherFromWire(btoa('plain text, not deflated'))).rejects.toThrow(/compiled matcher: not deflated/);
    await expect(unpackMatcherFromWire(wire.slice(0, wire.length >> 1))).rejects.toThrow(/compiled matcher/);
    await expect(unpackMatcherFromWire(await deflatedJson('{"version": 2'))).rejects.toThrow(/compiled matcher: not JSON/);
    await expect(unpackMatcherFromWire(await deflatedJson('[1, 2]'))).rejects.toThrow(/compiled matcher: not an object/);
    await expect(fromWire(await deflatedJson('{"version": 2}'))).rejects.toThrow(/compiled matcher/);
    await expect(fromWire(await deflatedJson('{"version": 1}'))).rejects.toThrow(/version/);
  });
});
