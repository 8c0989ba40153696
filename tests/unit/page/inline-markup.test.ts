// @vitest-environment happy-dom
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectBlocks, plainBlockText, storyBlocks, storyChildren, type StoryBlock } from '../../../lib/page/blocks';
import { storyMarkupRanges, textOfInlineMarkup } from '../../../lib/page/inline-markup';

/** Each block of story `el` with its text: read from its stretch of the story's markup where the matcher reads it in place. */
const texts = (el: Element, read: StoryBlock[] | null) =>
  read?.map((b) => ({ block: storyChildren(el)[b.index], text: b.markup ? textOfInlineMarkup(b.source.slice(b.from, b.to)) : b.source })) ?? null;

describe('textOfInlineMarkup', () => {
  it('drops tags and keeps the text between them', () => {
    expect(textOfInlineMarkup('<span>新质</span><b class="x">生产力</b>')).toBe('新质生产力');
  });

  it('turns every <br> into one line break, whatever its spelling', () => {
    expect(textOfInlineMarkup('西部<br>大开<BR/>发<br >x')).toBe('西部\n大开\n发\nx');
  });

  it('does not take <b> or <bdi> for a line break', () => {
    expect(textOfInlineMarkup('<b>a</b><bdi>b</bdi><bR>c')).toBe('ab\nc');
  });

  it('decodes the references the serialiser writes', () => {
    expect(textOfInlineMarkup('R&amp;D &lt;5G&gt;&nbsp;x &#20013;&#x56FD;')).toBe('R&D <5G>\u00a0x 中国');
  });

  it('keeps an ampersand that starts no reference', () => {
    expect(textOfInlineMarkup('a & b &unknown; c')).toBe('a & b &unknown; c');
  });

  it('skips a ">" inside a quoted attribute value', () => {
    expect(textOfInlineMarkup('<a title="1 > 0" href="/x?a=1&amp;b=2">能源革命</a>')).toBe('能源革命');
  });

  it('drops comments, even those holding markup', () => {
    expect(textOfInlineMarkup('新质<!-- <b>x</b> -->生产力')).toBe('新质生产力');
  });

  it('keeps a lone "<" that opens no tag as text rather than losing what follows', () => {
    expect(textOfInlineMarkup('a <b')).toBe('a <b');
    expect(textOfInlineMarkup('x<')).toBe('x<');
  });
});

describe('plainBlockText', () => {
  const html = (markup: string) => {
    const p = document.createElement('p');
    p.innerHTML = markup;
    return p;
  };

  it('reads a paragraph of printed-line spans as the walker does', () => {
    const p = html('<span>推动</span><br>\n<span>新质生产力</span><br>\n<span>发展 &amp; R&amp;D</span>');
    expect(plainBlockText(p)).toBe(collectBlocks(p, { ownOnly: true })[0]!.text);
  });

  it('refuses a block with a nested block, a skipped element or an editable inside', () => {
    expect(plainBlockText(html('a<div>b</div>'))).toBeNull();
    expect(plainBlockText(html('a<script>1<2</script>'))).toBeNull();
    expect(plainBlockText(html('a<span contenteditable="">b</span>'))).toBeNull();
    expect(plainBlockText(html('a<ruby>中<rt>zhōng</rt></ruby>'))).toBeNull();
  });

  it('refuses nested blocks, skipped and editable elements found deep in the markup, between inline elements', () => {
    expect(plainBlockText(html('<span>a</span><div>b</div><span>c</span>'))).toBeNull();
    expect(plainBlockText(html('<b><span contenteditable="true">x</span></b><i>y</i>'))).toBeNull();
    expect(plainBlockText(html('<b>a<svg><text>b</text></svg></b><i></i>'))).toBeNull();
    expect(plainBlockText(html('<b>x</b><ruby>中<rt>zhōng</rt></ruby><b>y</b>'))).toBeNull();
    expect(plainBlockText(html('<b>x</b><a><span data-termlens-ui="">card</span></a><b>y</b>'))).toBeNull();
  });

  it('accepts inline elements whose attributes merely mention a refused name', () => {
    expect(plainBlockText(html('<a title="div p table" class="p">新质生产力</a><b>!</b>'))).toBe('新质生产力!');
  });

  it('refuses elements whose text the serialiser writes raw', () => {
    const xmp = document.createElement('xmp');
    xmp.textContent = 'a<b>c';
    expect(plainBlockText(xmp)).toBeNull();
  });

  // Random inline trees of text, <span>/<b>/<a title>, <br>, <wbr> and comments: the markup route
  // and the node walk give the same text (the walk is what offsets are resolved against).
  it('agrees with the walker on random inline markup', () => {
    const piece = fc.oneof(
      fc.constantFrom('新质', '生产力', ' ', '\n', 'a & b', '1 < 2 > 0', '\u00a0', '"q"', 'x;y', '&amp;'),
      fc.constant({ br: true }),
      fc.constant({ wbr: true }),
      fc.constant({ comment: true }),
    );
    const tree = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        piece,
        fc.record({ tag: fc.constantFrom('span', 'b', 'a', 'em'), title: fc.constantFrom('', 'a>b', 'x"y'), children: fc.array(tie('node'), { maxLength: 4 }) }),
      ),
    })).node;
    fc.assert(
      fc.property(fc.array(tree, { maxLength: 6 }), (nodes) => {
        const p = document.createElement('p');
        const build = (parent: Node, node: unknown): void => {
          if (typeof node === 'string') parent.appendChild(document.createTextNode(node));
          else if ((node as { br?: true }).br) parent.appendChild(document.createElement('br'));
          else if ((node as { wbr?: true }).wbr) parent.appendChild(document.createElement('wbr'));
          else if ((node as { comment?: true }).comment) parent.appendChild(document.createComment('<b>not text</b>'));
          else {
            const { tag, title, children } = node as { tag: string; title: string; children: unknown[] };
            const el = document.createElement(tag);
            if (title) el.setAttribute('title', title);
            for (const child of children) build(el, child);
            parent.appendChild(el);
          }
        };
        for (const node of nodes) build(p, node);
        const walked = collectBlocks(p, { ownOnly: true })[0]?.text ?? '';
        const read = plainBlockText(p)!;
        // A run of only whitespace is no block to the walker; its text holds no term either way.
        if (walked === '') expect(read.trim()).toBe('');
        else expect(read).toBe(walked);
      }),
      { numRuns: 300 },
    );
  });
});

describe('storyBlocks', () => {
  const story = (markup: string, tag = 'article') => {
    const el = document.createElement(tag);
    el.innerHTML = markup;
    return el;
  };
  /** What the walk finds: each block with its text (whitespace-only runs are no block). */
  const walked = (el: Element) => collectBlocks(el).map((b) => ({ block: b.container, text: b.text }));

  it('reads an article of headline and paragraphs from one serialisation, block by block as the walk does', () => {
    const el = story('\n<h2><span>推进</span><br>\n<span>西部大开发</span></h2>\n<!-- ad -->\n<p><span>新质</span><br>\n<span>生产力 &amp; R&amp;D</span></p>\n<p>能源<b>革命</b></p>\n');
    const read = storyBlocks(el);
    expect(read).not.toBeNull();
    expect(texts(el, read)).toEqual(walked(el));
    expect(read!.map((b) => storyChildren(el)[b.index]!.localName)).toEqual(['h2', 'p', 'p']);
  });

  it('leaves out images and rules between the paragraphs', () => {
    const el = story('<p>新质生产力</p><img src="a.png" alt="图"><hr><p>能源革命</p>');
    expect(texts(el, storyBlocks(el))!.map((b) => b.text)).toEqual(['新质生产力', '能源革命']);
  });

  it('is not fooled by an end tag written inside an attribute value or a comment', () => {
    const el = story('<p><a title="</p><p>">西部</a>大开发<!-- </p> --></p><p>x</p>');
    expect(texts(el, storyBlocks(el))).toEqual(walked(el));
  });

  it('refuses what is not a run of plain blocks, so that the walk reads it', () => {
    // Text of the story's own between its blocks.
    expect(storyBlocks(story('<p>a</p>新质生产力<p>b</p>'))).toBeNull();
    // An inline element between blocks: a run of the story's own.
    expect(storyBlocks(story('<p>a</p><span>x</span><p>b</p>'))).toBeNull();
    // A nested block, a skipped or raw element, an editable paragraph, TermLens's own UI.
    expect(storyBlocks(story('<p>a</p><div><p>x</p></div><p>b</p>'))).toBeNull();
    expect(storyBlocks(story('<p>a</p><script>if (a < b) x = "</p>";</script><p>b</p>'))).toBeNull();
    expect(storyBlocks(story('<p>a</p><p contenteditable="true">x</p><p>b</p>'))).toBeNull();
    expect(storyBlocks(story('<p>a</p><div data-termlens-ui="">card</div><p>b</p>'))).toBeNull();
    expect(storyBlocks(story('<p>a</p><p>x<ruby>中<rt>zhōng</rt></ruby></p><p>b</p>'))).toBeNull();
    // A container of containers is refused before anything is serialised.
    expect(storyBlocks(story('<article><p>a</p></article><article><p>b</p></article>', 'main'))).toBeNull();
  });

  it('refuses a story longer than one slice should match at once', () => {
    const el = story(Array.from({ length: 65 }, (_, i) => `<p>段落${i}</p>`).join(''));
    expect(storyBlocks(el)).toBeNull();
    el.lastElementChild!.remove();
    expect(storyBlocks(el)).toHaveLength(64);
  });

  // Random stories of paragraphs and headlines with random inline content, sometimes with
  // something in between that makes them no story: read or refused, never different from the walk.
  it('agrees with the walk on random stories, or refuses them', () => {
    const inline = fc.array(
      fc.oneof(
        fc.constantFrom('新质', '生产力', ' ', '\n', 'a & b', '1 < 2 > 0', '\u00a0', '</p>', '<br>'),
        fc.record({ tag: fc.constantFrom('span', 'b', 'a'), title: fc.constantFrom('', '</p>x', 'a"b'), text: fc.constantFrom('能源', '革命', '') }),
        fc.constant({ br: true }),
      ),
      { maxLength: 5 },
    );
    const child = fc.oneof(
      fc.record({ block: fc.constantFrom('p', 'h2', 'blockquote', 'li'), content: inline }),
      fc.constantFrom({ other: 'img' }, { other: 'hr' }, { other: 'text' }, { other: 'span' }, { other: 'comment' }, { other: 'div' }),
    );
    let stories = 0;
    let inPlace = 0;
    fc.assert(
      fc.property(fc.array(child, { minLength: 1, maxLength: 6 }), (children) => {
        const el = document.createElement('article');
        for (const c of children) {
          if ('block' in c) {
            const b = document.createElement(c.block);
            for (const piece of c.content) {
              if (typeof piece === 'string') b.appendChild(document.createTextNode(piece));
              else if ('br' in piece) b.appendChild(document.createElement('br'));
              else {
                const e = document.createElement(piece.tag);
                if (piece.title) e.setAttribute('title', piece.title);
                e.textContent = piece.text;
                b.appendChild(e);
              }
            }
            el.appendChild(b);
          } else if (c.other === 'text') el.appendChild(document.createTextNode('西部大开发'));
          else if (c.other === 'comment') el.appendChild(document.createComment('</p><p>'));
          else if (c.other === 'div') el.appendChild(document.createElement('div')).innerHTML = '<p>嵌套</p>';
          else el.appendChild(document.createElement(c.other));
        }
        const read = storyBlocks(el);
        if (read === null) return;
        stories++;
        // A run of only whitespace is no block to the walker; its text holds no term either way.
        const expected = walked(el);
        if (read.some((b) => b.markup)) inPlace++;
        const nonBlank = texts(el, read)!.filter((b) => b.text!.trim() !== '');
        expect(nonBlank).toEqual(expected.filter((b) => b.text.trim() !== ''));
      }),
      { numRuns: 400 },
    );
    // Not a vacuous property: many of the random trees were stories, many of them read in place.
    expect(stories).toBeGreaterThan(50);
    expect(inPlace).toBeGreaterThan(25);
  });
});

describe('storyMarkupRanges', () => {
  const names = new Set(['p', 'h2']);

  it('ends each block at its own end tag, looked for by its tail', () => {
    const html = '<h2>推进</h2>\n<p><span>新质</span><br>\n<span>生产力</span></p><p></p>';
    const ranges = storyMarkupRanges(html, names, names)!;
    expect(ranges.map((r) => [r.name, html.slice(r.from, r.to)])).toEqual([
      ['h2', '推进'],
      ['p', '<span>新质</span><br>\n<span>生产力</span>'],
      ['p', ''],
    ]);
  });

  it('takes a tail that no < opens for text, not for the end tag', () => {
    // Not what a serialiser writes (it escapes >), but the function is given markup, not trees.
    const html = '<p>1/p>2</p><p>3</p>';
    expect(storyMarkupRanges(html, names, names)!.map((r) => html.slice(r.from, r.to))).toEqual(['1/p>2', '3']);
  });

  it('leaves markup with a comment to the tag-by-tag route', () => {
    expect(storyMarkupRanges('<p>新质<!-- x -->生产力</p>', names, names)).toBeUndefined();
    // An exclamation and dashes that are no comment do not send it there.
    expect(storyMarkupRanges('<p>好!--了</p>', names, names)).toHaveLength(1);
  });
});

describe('storyBlocks line breaks', () => {
  it('turns every spelling of <br> into one line break, as the walk and textOfInlineMarkup do', () => {
    const el = document.createElement('article');
    el.innerHTML = '<p>西部<br>大开发</p><p>新质<br class="x">生产力</p>';
    expect(texts(el, storyBlocks(el))!.map((b) => b.text)).toEqual(['西部\n大开发', '新质\n生产力']);
    const plain = document.createElement('article');
    plain.innerHTML = '<p>能源<br>革命</p><p>a<br>b<br>c</p>';
    expect(texts(plain, storyBlocks(plain))!.map((b) => b.text)).toEqual(['能源\n革命', 'a\nb\nc']);
  });
});
