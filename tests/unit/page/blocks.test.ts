// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { BlockWalker, collectBlocks, containerOf, hasReadableText, positionInBlock } from '../../../lib/page/blocks';

function dom(html: string): HTMLElement {
  document.body.innerHTML = html;
  return document.body;
}

const texts = (root: Element, ownOnly = false) => collectBlocks(root, { ownOnly }).map((b) => b.text);

describe('collectBlocks', () => {
  it('joins the printed lines of a paragraph across <span> and <br>', () => {
    const body = dom('<p><span>培育发展新</span><br><span>质生产力。</span></p>');
    expect(texts(body)).toEqual(['培育发展新\n质生产力。']);
  });

  it('joins text across inline elements such as <b>, <a> and custom elements', () => {
    const body = dom('<p>西部<b>大</b><a href="#">开</a><x-term>发</x-term></p>');
    expect(texts(body)).toEqual(['西部大开发']);
  });

  it('never joins one paragraph, table cell or list item with the next', () => {
    const body = dom('<p>西部大</p><p>开发</p><table><tr><td>新质</td><td>生产力</td></tr></table><ul><li>能源</li><li>革命</li></ul>');
    expect(texts(body)).toEqual(['西部大', '开发', '新质', '生产力', '能源', '革命']);
  });

  it('decides blocks by tag, so absolutely positioned spans of a PDF text layer stay one run', () => {
    const body = dom(
      '<div class="textLayer"><span style="position:absolute;top:0">西部大开</span><span style="position:absolute;top:20px">发新篇章</span></div>',
    );
    expect(texts(body)).toEqual(['西部大开发新篇章']);
  });

  it('cuts the run around a nested block, keeping text before and after apart', () => {
    const body = dom('<div>新质<p>中间</p>生产力</div>');
    expect(texts(body)).toEqual(['新质', '中间', '生产力']);
  });

  it('skips script, style, template, textarea, inputs and contenteditable', () => {
    const body = dom(
      '<p>甲<script>var 新质生产力;</script>乙</p><style>.新质生产力{}</style><textarea>新质生产力</textarea>' +
        '<div contenteditable="true">西部大开发</div><div contenteditable="false">能源革命</div><template><p>双碳</p></template>',
    );
    const all = texts(body).join('|');
    expect(all).toContain('甲乙');
    expect(all).not.toContain('新质生产力');
    expect(all).not.toContain('西部大开发');
    expect(all).toContain('能源革命');
    expect(all).not.toContain('双碳');
  });

  it('skips SVG and MathML text', () => {
    const body = dom('<p>文字</p><svg><text>新质生产力</text></svg><math><mi>双碳</mi></math>');
    expect(texts(body)).toEqual(['文字']);
  });

  it('skips ruby annotations but joins the base text', () => {
    const body = dom('<p><ruby>新<rt>xīn</rt></ruby><ruby>质<rp>(</rp><rt>zhì</rt><rp>)</rp></ruby>生产力</p>');
    expect(texts(body)).toEqual(['新质生产力']);
  });

  it('skips TermLens’s own UI', () => {
    const body = dom('<p>正文</p><div data-termlens-ui>新质生产力</div>');
    expect(texts(body)).toEqual(['正文']);
  });

  it('leaves out runs of only whitespace', () => {
    const body = dom('<div>\n  <p>内容</p>\n</div>');
    expect(texts(body)).toEqual(['内容']);
  });

  it('with ownOnly, rescans a container without its nested blocks', () => {
    const body = dom('<div id="c">前<p>里面</p>后</div>');
    const c = body.querySelector('#c')!;
    expect(texts(c, true)).toEqual(['前', '后']);
  });

  it('survives nesting deeper than the JS stack would', () => {
    const depth = 20000;
    // Built detached: happy-dom itself recurses when such a tree leaves the document.
    const root = document.createElement('div');
    let el: Element = root;
    for (let i = 0; i < depth; i++) el = el.appendChild(document.createElement('span'));
    el.textContent = '西部大开发';
    expect(texts(root)).toEqual(['西部大开发']);
    // happy-dom takes seconds to build such a tree on a busy machine.
  }, 30_000);
});

describe('BlockWalker', () => {
  const page = () =>
    dom(
      Array.from({ length: 300 }, (_, i) => `<p>第${i}段<span>西部</span><br><span>大开发</span></p>`).join('') +
        '<table><tr><td>新质</td><td>生产力</td></tr></table><div>前<p>中</p>后</div>',
    );

  it('stopped every few nodes, goes on where it stopped and gives the very blocks of one walk', () => {
    const body = page();
    const whole = collectBlocks(body).map((b) => [b.container, b.text]);
    const walker = new BlockWalker(body);
    const pieces: [Element, string][] = [];
    let calls = 0;
    while (!walker.done) {
      calls++;
      pieces.push(...walker.next(() => true).map((b): [Element, string] => [b.container, b.text]));
    }
    expect(calls).toBeGreaterThan(10);
    expect(pieces).toEqual(whole);
    expect(pieces.length).toBe(305);
  });

  it('gives a block only once it is complete, never half a paragraph', () => {
    const body = page();
    const walker = new BlockWalker(body);
    const texts: string[] = [];
    while (!walker.done) texts.push(...walker.next(() => true).map((b) => b.text));
    expect(texts.slice(0, 2)).toEqual(['第0段西部\n大开发', '第1段西部\n大开发']);
    expect(texts.every((t) => !t.startsWith('西部') && !t.startsWith('大开发'))).toBe(true);
  });

  it('is done at once for a skipped container', () => {
    const body = dom('<textarea>新质生产力</textarea>');
    const walker = new BlockWalker(body.querySelector('textarea')!);
    expect(walker.done).toBe(true);
    expect(walker.next()).toEqual([]);
  });

  it('follows the tree as it is when the page changes between two pieces', () => {
    const body = page();
    const walker = new BlockWalker(body);
    walker.next(() => true);
    // The page removes everything after the first paragraphs while the walk is paused.
    const paragraphs = body.querySelectorAll('p');
    for (let i = 50; i < paragraphs.length; i++) paragraphs[i]!.remove();
    body.querySelector('table')!.remove();
    const rest: string[] = [];
    expect(() => {
      while (!walker.done) rest.push(...walker.next(() => true).map((b) => b.text));
    }).not.toThrow();
    expect(rest.length).toBeLessThan(60);
  });
});

describe('positionInBlock', () => {
  it('maps a block offset to the text node and offset that hold it', () => {
    const body = dom('<p><span>新</span><br><span>质生产力</span></p>');
    const [block] = collectBlocks(body);
    expect(block!.text).toBe('新\n质生产力');
    const start = positionInBlock(block!, 0);
    expect(start.node.data).toBe('新');
    const inSecond = positionInBlock(block!, 3);
    expect(inSecond.node.data).toBe('质生产力');
    expect(inSecond.offset).toBe(1);
  });
});

describe('containerOf', () => {
  it('finds the nearest block element above a text node', () => {
    const body = dom('<div><p id="p"><b>粗</b></p></div>');
    const text = body.querySelector('b')!.firstChild!;
    expect(containerOf(text, body)).toBe(body.querySelector('#p'));
  });
});

describe('hasReadableText', () => {
  it('is false for a document with nothing a scan would read: whitespace, scripts, styles, media, editables', () => {
    const body = dom(
      '\n  <script>var ad = "推进西部大开发";</script><style>p::after { content: "新质生产力" }</style>' +
        '<noscript>广告</noscript><template><p>能源革命</p></template><img alt="广告"><video></video>' +
        '<svg><text>西部大开发</text></svg><textarea>新质生产力</textarea><div contenteditable="true">能源革命</div>' +
        '<div data-termlens-ui><p>卡片</p></div><div>\n \t</div>',
    );
    expect(hasReadableText(body)).toBe(false);
  });

  it('is true as soon as one text node holds more than whitespace, however deep', () => {
    expect(hasReadableText(dom('<script>x</script><div><span><b> 广 </b></span></div>'))).toBe(true);
    expect(hasReadableText(dom('Ad'))).toBe(true);
    expect(hasReadableText(dom('<div contenteditable="false">只读</div>'))).toBe(true);
  });
});
