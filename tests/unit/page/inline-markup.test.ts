// @vitest-environment happy-dom
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectBlocks, plainBlockText } from '../../../lib/page/blocks';
import { textOfInlineMarkup } from '../../../lib/page/inline-markup';

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
