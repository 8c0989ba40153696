// Folding inline markup in place (foldMarkupIntoScratch, Matcher.findMatchesInMarkup) must give what
// folding and matching the markup's text gives: the text as textOfInlineMarkup reads it, which the
// walk of the same block agrees with (tests/unit/page/inline-markup.test.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldIntoScratch, foldMarkupIntoScratch } from '../../../lib/match/fold';
import { textOfInlineMarkup } from '../../../lib/page/inline-markup';
import { entry, matcherOf } from './support/glossary';

/** A fold's key and both maps, copied out of the scratch buffers. */
function folded(f: { key: Uint16Array; map: Uint32Array; raw: Uint32Array; length: number }) {
  return {
    key: String.fromCharCode(...f.key.subarray(0, f.length)),
    map: Array.from(f.map.subarray(0, f.length + 1)),
    raw: Array.from(f.raw.subarray(0, f.length + 1)),
  };
}

const ofText = (text: string) => folded(foldIntoScratch(text));
const ofMarkup = (html: string, from = 0, to = html.length) => folded(foldMarkupIntoScratch(html, from, to));

describe('foldMarkupIntoScratch', () => {
  it('skips tags, reads <br> as a line break, and maps into the text and into the markup', () => {
    const html = '<span>新质</span><br>\n<b class="x">生产力</b>';
    const m = ofMarkup(html);
    expect(m.key).toBe('新质生产力');
    // Offsets in the text "新质\n\n生产力".
    expect(m.map).toEqual([0, 1, 4, 5, 6, 7]);
    expect(m.raw).toEqual([6, 7, 33, 34, 35, 40]);
    expect(m.raw.slice(0, 5).map((r) => html[r]).join('')).toBe('新质生产力');
  });

  it('decodes the references the serialiser writes, each one unit of the text', () => {
    const m = ofMarkup('R&amp;D&nbsp;&lt;5G&gt; &quot;x&apos;');
    const t = ofText('R&D\u00a0<5G> "x\'');
    expect(m.key).toBe(t.key);
    expect(m.map).toEqual(t.map);
  });

  it('keeps an ampersand that starts none of them', () => {
    expect(ofMarkup('a&b &copy; &amp').key).toBe(ofText('a&b &copy; &amp').key);
  });

  it('folds only [from, to), with offsets in that stretch of text', () => {
    const html = '<p>x</p><p>能源<br>革命</p>';
    const from = html.indexOf('能');
    const m = ofMarkup(html, from, html.lastIndexOf('</p>'));
    expect(m.key).toBe('能源革命');
    expect(m.map).toEqual([0, 1, 3, 4, 5]);
  });

  // Random inline markup as the serialiser writes it: the fold of the markup equals the fold of its
  // text, and `raw` points at the markup unit each key unit came from.
  it('equals the fold of the text textOfInlineMarkup reads, on random markup', () => {
    const piece = fc.oneof(
      fc.constantFrom(
        '新', '質', '生产力', 'Energy', 'ÉNERGIE', ' ', '\n', '\t', '\u3000', '\u00ad', '\u200b', 'Ａ', '𠀀', '\ud840', '\udc00',
        // The serialiser writes every `&` of the text as `&amp;`: a bare `&` would be read two ways
        // (`&amp<b>;` is `&` to textOfInlineMarkup, which drops tags first).
        '&amp;', '&lt;', '&gt;', '&nbsp;', '&quot;', '&apos;', '&amp;copy;', ';',
        '<span>', '</span>', '<b class="x y">', '</b>', '<br>', '<BR/>', '<br class="a">', '<bdi>', '</bdi>', '<a href="/x?a=1&amp;b=2">', '</a>',
      ),
      fc.string({ maxLength: 3 }).map((s) => s.replace(/[<>&]/g, '')),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), (pieces) => {
        const html = pieces.join('');
        const text = textOfInlineMarkup(html);
        expect(text).not.toBeNull();
        const m = ofMarkup(html);
        const t = ofText(text!);
        // A lone surrogate that a tag separates from its other half: the text joins them, the
        // markup does not (the serialiser never splits a pair between two nodes of real pages).
        fc.pre(!/[\ud800-\udbff]<|>[\udc00-\udfff]/.test(html));
        expect(m.key).toBe(t.key);
        expect(m.map).toEqual(t.map);
        for (let i = 0; i < m.key.length; i++) {
          const r = html[m.raw[i]!]!;
          // Each key unit comes from its own text unit, from the `&` of a reference, or from the `<` of a <br>.
          expect(r === text![t.map[i]!] || r === '&' || (r === '<' && text![t.map[i]!] === '\n')).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('Matcher.findMatchesInMarkup', () => {
  const entries = [
    entry('新质生产力'),
    entry(['energy revolution', '能源革命'], { id: 'energy' }),
    entry('R&D', { caseSensitive: true }),
    entry('AI', { caseSensitive: true }),
    entry('大开发', { exclusions: ['大开发区'] }),
    entry('<5G>', { id: 'angle' }),
    entry('co', { wholeWord: true }),
  ];
  const matcher = matcherOf(entries);

  it('finds terms broken by tags and line breaks, at offsets in the text', () => {
    const html = '<span>新质</span><br>\n<span>生产力</span> and <b>Energy</b><br>revolution';
    const text = textOfInlineMarkup(html)!;
    const found = matcher.findMatchesInMarkup(html, 0, html.length);
    expect(found.map((m) => [m.entryId, text.slice(m.start, m.end)])).toEqual([
      ['新质生产力', '新质\n\n生产力'],
      ['energy', 'Energy\nrevolution'],
    ]);
  });

  it('checks letter case against the markup, references included', () => {
    const html = 'R&amp;D, r&amp;d, <i>A</i>I, ai';
    const text = textOfInlineMarkup(html)!;
    expect(matcher.findMatchesInMarkup(html, 0, html.length).map((m) => text.slice(m.start, m.end))).toEqual(['R&D', 'AI']);
  });

  it('gives what findMatches gives for the text, on random markup', () => {
    const piece = fc.constantFrom(
      '新质', '生产力', '能源', '革命', '大开发', '区', 'Energy', ' revolution', 'R', '&amp;', 'D', 'r', 'd', 'A', 'I', 'a', 'co', 'Co',
      '&lt;5G&gt;', ' ', '\n', '&nbsp;', '<span>', '</span>', '<br>', '<b title="x">', '</b>',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 16 }), (pieces) => {
        const html = pieces.join('');
        const text = textOfInlineMarkup(html)!;
        expect(matcher.findMatchesInMarkup(html, 0, html.length)).toEqual(matcher.findMatches(text));
      }),
      { numRuns: 1500 },
    );
  });
});
