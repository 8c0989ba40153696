// @vitest-environment happy-dom
// The page pipeline in happy-dom, with a matcher that records every text it is asked about: that
// is how these tests see which blocks a change of the page made TermLens rescan.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HighlightPainter, type PaintedRange } from '../../../lib/page/highlight-painter';
import { PageHighlighter, type TextMatch, type TextMatcher } from '../../../lib/page/page-highlighter';
import { textOfInlineMarkup } from '../../../lib/page/inline-markup';
import { setTimingsEnabled } from '../../../lib/page/timings';

class FakeHighlight extends Set<AbstractRange> {
  priority = 0;
}
const registry = new Map<string, FakeHighlight>();

/** An IntersectionObserver the test drives: happy-dom has no layout. */
class FakeIntersectionObserver {
  /** Every observer made, in order: the pipeline makes one for watched elements, then one for a group's members. */
  static made: FakeIntersectionObserver[] = [];
  observed = new Set<Element>();
  constructor(readonly callback: (entries: IntersectionObserverEntry[]) => void) {
    FakeIntersectionObserver.made.push(this);
  }
  observe(el: Element) {
    this.observed.add(el);
  }
  unobserve(el: Element) {
    this.observed.delete(el);
  }
  disconnect() {
    this.observed.clear();
  }
  /** Reports `el`; `rootBounds` is the viewport with the observer's margin (none: a cross-origin frame's). */
  report(el: Element, isIntersecting: boolean, rootBounds: DOMRectReadOnly | null = null) {
    this.callback([{ target: el, isIntersecting, rootBounds } as IntersectionObserverEntry]);
  }
}

/** The pipeline's observers: of watched elements (a group's or a container's own), and of the members of groups near the view. */
function observers(): { watched: FakeIntersectionObserver; members: FakeIntersectionObserver } {
  const made = FakeIntersectionObserver.made;
  return { watched: made[made.length - 2]!, members: made[made.length - 1]! };
}

const originalIO = globalThis.IntersectionObserver;
beforeEach(() => {
  // Some tests read the pipeline's `termlens:scan` measure, which is written only when asked for.
  setTimingsEnabled(true);
  registry.clear();
  FakeIntersectionObserver.made = [];
  Object.assign(globalThis, { Highlight: FakeHighlight, CSS: { highlights: registry } });
  globalThis.IntersectionObserver = FakeIntersectionObserver as unknown as typeof IntersectionObserver;
});
afterEach(() => {
  highlighter?.detach();
  highlighter = undefined;
  Reflect.deleteProperty(globalThis, 'Highlight');
  Reflect.deleteProperty(globalThis, 'CSS');
  globalThis.IntersectionObserver = originalIO;
  document.body.innerHTML = '';
});

const TERMS: Record<string, string> = { 西部大开发: 'west', 新质生产力: 'nqpf', 能源革命: 'energy' };

/** Finds the glossary's terms by plain search, `\n` being a space between Latin words and layout elsewhere; logs each text. */
class SpyMatcher implements TextMatcher {
  texts: string[] = [];
  findMatches(text: string) {
    this.texts.push(text);
    const out: TextMatch[] = [];
    const stripped: number[] = [];
    let plain = '';
    const latin = (c: string | undefined) => c !== undefined && /[a-z]/i.test(c);
    for (let i = 0; i < text.length; i++) {
      // A line break is a space between Latin words, and nothing between CJK characters.
      if (text[i] === '\n' && !(latin(text[i - 1]) && latin(text[i + 1]))) continue;
      stripped.push(i);
      plain += text[i] === '\n' ? ' ' : text[i];
    }
    for (const [entry, [term, entryId]] of Object.entries(TERMS).entries()) {
      for (let at = plain.indexOf(term); at >= 0; at = plain.indexOf(term, at + term.length)) {
        out.push({ start: stripped[at]!, end: stripped[at + term.length - 1]! + 1, entryId, entry, slot: 0 });
      }
    }
    return out.sort((a, b) => a.start - b.start);
  }
  findMatchesInMarkup(html: string, from: number, to: number) {
    return this.findMatches(textOfInlineMarkup(html.slice(from, to))!);
  }
}

/** A SpyMatcher that counts how often the pipeline reads its matches' entry ids. */
class IdReadingMatcher extends SpyMatcher {
  idReads = 0;
  override findMatches(text: string) {
    return super.findMatches(text).map((m) => {
      const { entryId, ...rest } = m;
      const spy = this;
      return {
        ...rest,
        get entryId() {
          spy.idReads++;
          return entryId;
        },
      };
    });
  }
}

/** A SpyMatcher that takes 3 ms a block, as a matcher in code not optimised yet does. */
class SlowMatcher extends SpyMatcher {
  override findMatches(text: string) {
    const end = performance.now() + 3;
    while (performance.now() < end) {
      /* busy */
    }
    return super.findMatches(text);
  }
}

let highlighter: PageHighlighter | undefined;

/** Scans the page as it stands with a SlowMatcher and a 1 ms slice budget; the matcher and the scan's measure. */
async function scanSlowly() {
  const matcher = new SlowMatcher();
  highlighter = new PageHighlighter({ root: document.body, painter: new HighlightPainter(), sliceBudgetMs: 1 });
  highlighter.start(matcher);
  await settle();
  return { matcher, scan: performance.getEntriesByName('termlens:scan').at(-1) as PerformanceMeasure };
}

function start(html: string, options: { limit?: number; budget?: number; perWatch?: number } = {}) {
  document.body.innerHTML = html;
  const matcher = new SpyMatcher();
  const painter = new HighlightPainter();
  highlighter = new PageHighlighter({
    root: document.body,
    painter,
    alwaysPaintLimit: options.limit,
    sliceBudgetMs: options.budget,
    containersPerWatch: options.perWatch,
  });
  highlighter.start(matcher);
  return { matcher, painter, highlighter };
}

/** Waits until the pipeline has nothing left to do (mutations are coalesced for 30 ms). */
async function settle() {
  for (let i = 0; i < 200; i++) {
    await new Promise((r) => setTimeout(r, 40));
    if (highlighter?.idle) return;
  }
  throw new Error('the pipeline never became idle');
}

/** The registered ranges' texts, layout newlines removed, sorted. */
function registered(): string[] {
  const out: string[] = [];
  for (const [name, highlight] of registry) {
    if (!/^termlens-\d$/.test(name)) continue;
    for (const r of highlight) out.push((r as Range).collapsed ? '(collapsed)' : (r as Range).toString().replace(/\n/g, ''));
  }
  return out.sort();
}

const article = (id: string, ...paragraphs: string[]) =>
  `<article id="${id}">${paragraphs.map((p, i) => `<p id="${id}-${i}">${p}</p>`).join('')}</article>`;

describe('PageHighlighter', () => {
  it('highlights every occurrence of a small page once its walk is done', async () => {
    const { highlighter } = start(article('a', '推进<b>西部</b>大开发', '培育<span>新</span><br><span>质生产力</span>', '西部大') + '<p>开发</p>');
    await settle();
    expect(registered()).toEqual(['新质生产力', '西部大开发']);
    expect([...highlighter.countsByEntry()]).toEqual([['west', 1], ['nqpf', 1]]);
  });

  it('rescans only the paragraph whose text the page rewrote', async () => {
    const { matcher } = start(article('a', '西部大开发', '新质生产力', '能源革命'));
    await settle();
    matcher.texts = [];
    const text = document.querySelector('#a-1')!.firstChild as Text;
    text.data = '新质生产力和能源革命';
    await settle();
    expect(matcher.texts).toEqual(['新质生产力和能源革命']);
    expect(registered()).toEqual(['新质生产力', '能源革命', '能源革命', '西部大开发']);
  });

  it('registers a small change of text before the page renders again: in the same task as the change', async () => {
    const { matcher } = start('<header><h1 id="ticker">滚动新闻</h1></header>' + article('a', '新质生产力'));
    await settle();
    matcher.texts = [];
    document.getElementById('ticker')!.textContent = '滚动新闻：推进西部大开发';
    // MutationObserver callbacks run at the next microtask checkpoint, before any rendering.
    await Promise.resolve();
    expect(matcher.texts).toEqual(['滚动新闻：推进西部大开发']);
    expect(registered()).toEqual(['新质生产力', '西部大开发']);
    expect(highlighter!.idle).toBe(true);
  });

  it('coalesces a page’s frequent small changes into later rescans, and misses none of them', async () => {
    const { matcher } = start('<h1 id="ticker">滚动新闻</h1>' + article('a', '新质生产力'));
    await settle();
    matcher.texts = [];
    const ticker = document.getElementById('ticker')!;
    ticker.textContent = '第1条';
    await Promise.resolve();
    // A second change right after the first is not rescanned at once…
    ticker.textContent = '第2条：能源革命';
    await Promise.resolve();
    expect(matcher.texts).toEqual(['第1条']);
    // …but with the next coalesced rescan.
    await settle();
    expect(matcher.texts).toEqual(['第1条', '第2条：能源革命']);
    expect(registered()).toEqual(['新质生产力', '能源革命']);
  });

  it('leaves a large change to the sliced rescan, as before', async () => {
    const long = '西部大开发'.repeat(500);
    const { matcher } = start(article('a', '新质生产力', '能源'));
    await settle();
    matcher.texts = [];
    document.getElementById('a-1')!.textContent = long;
    await Promise.resolve();
    expect(matcher.texts).toEqual([]);
    await settle();
    expect(matcher.texts).toEqual([long]);
    expect(registered().length).toBe(501);
  });

  it('unregisters the ranges that collapsed when the page set Text.data, and keeps none stale', async () => {
    start(article('a', '西部大开发', '新质生产力'));
    await settle();
    const text = document.querySelector('#a-0')!.firstChild as Text;
    text.data = '东部';
    await settle();
    expect(registered()).toEqual(['新质生产力']);
    text.data = '又是西部大开发';
    await settle();
    expect(registered()).toEqual(['新质生产力', '西部大开发']);
  });

  it('scans an appended story without rescanning the stories already there', async () => {
    const { matcher } = start(`<main>${article('a', '西部大开发')}</main>`);
    await settle();
    matcher.texts = [];
    document.querySelector('main')!.insertAdjacentHTML('beforeend', article('b', '新质生产力', '平常的一段'));
    await settle();
    // (A block's text may be asked twice: first whole, to skip blocks without terms unwalked.)
    expect([...new Set(matcher.texts)].sort()).toEqual(['平常的一段', '新质生产力']);
    expect(registered()).toEqual(['新质生产力', '西部大开发']);
  });

  it('drops the highlights of removed elements, and of removed inline text', async () => {
    const { highlighter } = start(article('a', '西部大开发', '新质<b id="b">生产力</b>', '能源革命'));
    await settle();
    document.querySelector('#a-0')!.remove();
    document.querySelector('#b')!.remove();
    await settle();
    expect(registered()).toEqual(['能源革命']);
    expect([...highlighter.countsByEntry()]).toEqual([['energy', 1]]);
  });

  it('keeps each entry\'s count as the page changes, and forgets an entry that is gone', async () => {
    const { highlighter } = start(`<main>${article('a', '西部大开发和新质生产力', '西部大开发')}</main>`);
    await settle();
    expect(Object.fromEntries(highlighter.countsByEntry())).toEqual({ west: 2, nqpf: 1 });
    expect(highlighter.countsByEntry().size).toBe(2);
    (document.querySelector('#a-0')!.firstChild as Text).data = '能源革命';
    await settle();
    expect(Object.fromEntries(highlighter.countsByEntry())).toEqual({ west: 1, energy: 1 });
    document.querySelector('#a-1')!.remove();
    await settle();
    expect(Object.fromEntries(highlighter.countsByEntry())).toEqual({ energy: 1 });
    expect(highlighter.countsByEntry().size).toBe(1);
    document.querySelector('main')!.innerHTML = article('b', '新质生产力', '新质生产力');
    await settle();
    expect(Object.fromEntries(highlighter.countsByEntry())).toEqual({ nqpf: 2 });
    // The counts agree with the occurrences themselves.
    expect(highlighter.occurrences().map((o) => o.entryId)).toEqual(['nqpf', 'nqpf']);
  });

  it('answers the badge before and during a whole-page walk without counting each occurrence the walk finds', async () => {
    const page = `<main>${article('a', '西部大开发和新质生产力', '西部大开发', '能源革命')}${article('b', '新质生产力')}</main>`;
    /** Scans the page with an IdReadingMatcher; with `ask`, the badge's question comes as highlighting starts. */
    const scan = async (ask: boolean) => {
      document.body.innerHTML = page;
      const matcher = new IdReadingMatcher();
      highlighter = new PageHighlighter({ root: document.body, painter: new HighlightPainter() });
      highlighter.start(matcher);
      if (ask) expect(highlighter.countsByEntry().size).toBe(0);
      await settle();
      return { reads: matcher.idReads, highlighter };
    };
    const quiet = await scan(false);
    quiet.highlighter.detach();
    const asked = await scan(true);
    // Kept counts would have read every match's entry once more, as the walk found it.
    expect(asked.reads).toBe(quiet.reads);
    expect(Object.fromEntries(asked.highlighter.countsByEntry())).toEqual({ west: 2, nqpf: 2, energy: 1 });
    // Once asked after the walk, the counts are kept and follow the page.
    expect(asked.highlighter.countsByEntry().size).toBe(3);
    document.querySelector('#a-2')!.remove();
    await settle();
    expect(asked.highlighter.countsByEntry().size).toBe(2);
    // A new matcher's walk (the glossary changed) does not keep them up to date either: counted again after it.
    const again = new IdReadingMatcher();
    asked.highlighter.setMatcher(again);
    await settle();
    expect(again.idReads).toBe(quiet.reads - 1);
    expect(Object.fromEntries(asked.highlighter.countsByEntry())).toEqual({ west: 2, nqpf: 2 });
  });

  it('follows an SPA navigation that replaces the main content', async () => {
    const { highlighter } = start(`<nav><p>导航</p></nav><main>${article('a', '西部大开发', '新质生产力')}</main>`);
    await settle();
    document.querySelector('main')!.innerHTML = article('b', '能源革命', '能源革命');
    await settle();
    expect(registered()).toEqual(['能源革命', '能源革命']);
    expect(highlighter.occurrences().map((o) => o.entryId)).toEqual(['energy', 'energy']);
  });

  it('scans a story that is added and then changed before the rescan once, not twice', async () => {
    start('<main></main>');
    await settle();
    const main = document.querySelector('main')!;
    main.insertAdjacentHTML('beforeend', article('b', '新质生产力'));
    (document.querySelector('#b-0')!.firstChild as Text).data = '新质生产力与西部大开发';
    document.querySelector('#b')!.insertAdjacentHTML('beforeend', '<p>能源革命</p>');
    await settle();
    expect(registered()).toEqual(['新质生产力', '能源革命', '西部大开发']);
  });

  it('never doubles an occurrence when the page changes a paragraph the walk has not reached', async () => {
    // Enough paragraphs, and slices short enough, that the first walk runs over several slices.
    const paragraphs = Array.from({ length: 1500 }, (_, i) => (i % 100 === 0 ? `第${i}段西部大开发` : `第${i}段`));
    const { highlighter, matcher } = start(article('a', ...paragraphs), { budget: 0.5 });
    const walkedAtStart = matcher.texts.length;
    (document.querySelector('#a-1400')!.firstChild as Text).data = '第1400段新质生产力和西部大开发';
    await settle();
    expect(walkedAtStart).toBeLessThan(1500);
    expect(highlighter.countsByEntry().get('west')).toBe(15);
    expect(highlighter.countsByEntry().get('nqpf')).toBe(1);
    expect(registered().filter((t) => t === '西部大开发')).toHaveLength(15);
  }, 30_000);

  it('reads a plain block from its markup, once, and finds terms across <br> between Latin words', async () => {
    const { highlighter } = start(
      '<p id="none">平常的<b>一段</b></p><p id="latin">new quality<br>productive forces</p><p id="cjk">新质<br>生产力</p>',
    );
    TERMS['new quality productive forces'] = 'nqpf';
    try {
      const matcher = new SpyMatcher();
      highlighter.setMatcher(matcher);
      await settle();
      // The plain paragraph without terms was asked about once, from its markup.
      expect(matcher.texts.filter((t) => t.includes('平常'))).toEqual(['平常的一段']);
      // (Range.toString() leaves out the <br>.)
      expect(highlighter.occurrences().map((o) => o.range.toString())).toEqual(['new qualityproductive forces', '新质生产力']);
    } finally {
      delete TERMS['new quality productive forces'];
    }
  });

  it('scans the containers in view before walking the page, when the page is scrolled', async () => {
    const paragraphs = Array.from({ length: 200 }, (_, i) => `第${i}段`);
    document.body.innerHTML = article('a', ...paragraphs.slice(0, 150), '新质生产力', ...paragraphs.slice(151));
    const inView = document.querySelector('#a-150')!;
    // happy-dom has no layout: the viewport is 800×600, scrolled down, and everything in it is the 150th paragraph.
    Object.defineProperty(document.documentElement, 'clientWidth', { configurable: true, value: 800 });
    Object.defineProperty(document.documentElement, 'clientHeight', { configurable: true, value: 600 });
    Object.defineProperty(window, 'scrollY', { configurable: true, value: 4000 });
    const original = document.elementFromPoint;
    document.elementFromPoint = () => inView;
    try {
      const matcher = new SpyMatcher();
      highlighter = new PageHighlighter({ root: document.body, painter: new HighlightPainter() });
      highlighter.start(matcher);
      await settle();
      expect(matcher.texts[0]).toBe('新质生产力');
      // …and not again when the walk reaches it.
      expect(matcher.texts.filter((t) => t === '新质生产力')).toHaveLength(1);
      expect(registered()).toEqual(['新质生产力']);
    } finally {
      document.elementFromPoint = original;
      Reflect.deleteProperty(document.documentElement, 'clientWidth');
      Reflect.deleteProperty(document.documentElement, 'clientHeight');
      Reflect.deleteProperty(window, 'scrollY');
    }
  });

  it('keeps matching the blocks a walk collected within the slice budget, however many it collected', async () => {
    // Blocks that are walked, not read from markup (an editable element inside refuses the markup
    // route), and cheap to walk: a slice's walk collects many of them before its clock check.
    document.body.innerHTML = Array.from({ length: 20 }, (_, i) => `<div>新质生产力${i}<span contenteditable="false">附</span></div>`).join('');
    const { matcher, scan } = await scanSlowly();
    expect(matcher.texts.filter((t) => t.startsWith('新质生产力'))).toHaveLength(20);
    expect(registered()).toHaveLength(20);
    // 20 blocks of 3 ms each, matched all in the slice whose walk collected them, made one 60 ms
    // slice. Counted in slices, not milliseconds, so that a loaded machine cannot fail it: with a
    // 1 ms budget each block needs a slice of its own.
    expect(scan.detail.slices).toBeGreaterThanOrEqual(20);
  });

  it('matches a story read from one serialisation a few blocks at a time, within the slice budget', async () => {
    // One article of 20 plain paragraphs: read from its markup at once, matched in slices.
    document.body.innerHTML = article('s', ...Array.from({ length: 20 }, (_, i) => `新质生产力${i}`));
    const { matcher, scan } = await scanSlowly();
    expect(matcher.texts.filter((t) => t.startsWith('新质生产力'))).toHaveLength(20);
    expect(registered()).toHaveLength(20);
    // All 20 in the slice that read the story made one 60 ms slice (and the first highlight late).
    expect(scan.detail.slices).toBeGreaterThanOrEqual(20);
  });

  it('does not match a story’s paragraph that the page removed while the story was being matched in slices', async () => {
    // The blocks of a story read since the page last changed are not asked whether they are still
    // in the document (a DOM call each); once the page changes something, they are asked again.
    document.body.innerHTML = article('s', ...Array.from({ length: 20 }, (_, i) => `新质生产力${i}`));
    const last = document.getElementById('s-19')!;
    class RemovingMatcher extends SlowMatcher {
      override findMatches(text: string) {
        // While the story's second block is matched, the page removes its last paragraph (as if in
        // a task between two slices: its mutation record comes before the next slice).
        if (this.texts.length === 1) last.remove();
        return super.findMatches(text);
      }
    }
    const matcher = new RemovingMatcher();
    highlighter = new PageHighlighter({ root: document.body, painter: new HighlightPainter(), sliceBudgetMs: 1 });
    highlighter.start(matcher);
    await settle();
    expect(last.isConnected).toBe(false);
    expect(matcher.texts).not.toContain('新质生产力19');
    expect(registered()).toHaveLength(19);
    expect(highlighter.countsByEntry().get('nqpf')).toBe(19);
  });

  it('registers every range at the end of a walk in slices, not in one task', async () => {
    document.body.innerHTML = Array.from({ length: 60 }, (_, i) => `<p>新质生产力${i}</p>`).join('');
    class SlowPainter extends HighlightPainter {
      override add(ranges: Iterable<PaintedRange>) {
        // Making each container's ranges (a Range each, and a walk of its nodes), in code not optimised yet.
        const end = performance.now() + 1;
        while (performance.now() < end) {
          /* spin */
        }
        super.add(ranges);
      }
    }
    highlighter = new PageHighlighter({ root: document.body, painter: new SlowPainter(), sliceBudgetMs: 1 });
    highlighter.start(new SpyMatcher());
    await settle();
    expect(registered()).toHaveLength(60);
    const scan = performance.getEntriesByName('termlens:scan').at(-1) as PerformanceMeasure;
    expect(scan.detail.full).toBe(true);
    // 60 containers at 1 ms each, registered all at once when the walk ended, made one 60 ms
    // slice; with a 1 ms budget, each container's registration needs a slice of its own.
    expect(scan.detail.slices).toBeGreaterThanOrEqual(60);
  });

  it('at the top of the page, makes no hit tests: the walk reaches what is in view first', async () => {
    document.body.innerHTML = article('a', '新质生产力', '第1段', '西部大开发');
    let hitTests = 0;
    const original = document.elementFromPoint;
    document.elementFromPoint = () => {
      hitTests++;
      return null;
    };
    try {
      const matcher = new SpyMatcher();
      highlighter = new PageHighlighter({ root: document.body, painter: new HighlightPainter() });
      highlighter.start(matcher);
      await settle();
      expect(hitTests).toBe(0);
      expect(matcher.texts[0]).toBe('新质生产力');
      expect(registered()).toEqual(['新质生产力', '西部大开发']);
    } finally {
      document.elementFromPoint = original;
    }
  });

  it('past the paint limit keeps registered only the containers near the viewport', async () => {
    const { highlighter } = start(article('a', '西部大开发', '新质生产力', '能源革命', '西部大开发'), { limit: 2, perWatch: 1 });
    await settle();
    const io = observers().watched;
    const story = document.querySelector('#a')!;
    // The walk kept the story's occurrences together: the observer watches the story alone.
    expect([...io.observed]).toEqual([story]);
    io.report(story, false);
    await settle();
    expect(registered()).toEqual([]);
    // Near the view, it becomes its paragraphs, each followed (one to a watched element here).
    io.report(story, true);
    expect(io.observed.size).toBe(4);
    // The observer's first report says where each container is: none near the viewport.
    for (const el of [...io.observed]) io.report(el, false);
    // Registry changes wait for an animation frame of their own.
    await settle();
    expect(registered()).toEqual([]);
    io.report(document.querySelector('#a-1')!, true);
    expect(highlighter.idle).toBe(false);
    await settle();
    expect(registered()).toEqual(['新质生产力']);
    io.report(document.querySelector('#a-3')!, true);
    io.report(document.querySelector('#a-1')!, false);
    await settle();
    expect(registered()).toEqual(['西部大开发']);
    // Counts and navigation still see the whole page.
    expect(highlighter.occurrences()).toHaveLength(4);
  });

  it('holds a Range only for occurrences registered or asked for, and lets it go when their container leaves the viewport', async () => {
    const { highlighter } = start(article('a', '西部大开发', '新质生产力', '能源革命', '西部大开发'), { limit: 2, perWatch: 1 });
    await settle();
    const io = observers().watched;
    for (const el of [...io.observed]) io.report(el, false);
    const held = () => highlighter.occurrences().map((o) => o.heldRange !== null);
    expect(held()).toEqual([false, false, false, false]);
    io.report(document.querySelector('#a-1')!, true);
    expect(held()).toEqual([false, true, false, false]);
    io.report(document.querySelector('#a-1')!, false);
    expect(held()).toEqual([false, false, false, false]);
    // Asked for (navigation, reveal), a range is made on the spot, on the right text.
    const last = highlighter.occurrences()[3]!;
    expect(last.range.toString()).toBe('西部大开发');
    expect(last.range.startContainer.parentElement?.id).toBe('a-3');
  });

  it('past the paint limit watches a story’s paragraphs through the story, up to a number each, and registers them together', async () => {
    // Two stories of three paragraphs; at most two paragraphs share a watched element.
    const { highlighter } = start(article('a', '西部大开发', '新质生产力', '能源革命') + article('b', '新质生产力', '能源革命', '西部大开发'), {
      limit: 2,
      perWatch: 2,
    });
    await settle();
    const io = observers().watched;
    const ids = (els: Iterable<Element>) => [...els].map((e) => e.id).sort();
    // Kept whole by the walk, each story is watched alone until it comes near the view.
    expect(ids(io.observed)).toEqual(['a', 'b']);
    io.report(document.querySelector('#a')!, true);
    io.report(document.querySelector('#b')!, true);
    // Then each story stands for its first two paragraphs; the third is watched by itself.
    expect(ids(io.observed)).toEqual(['a', 'a-2', 'b', 'b-2']);
    for (const el of [...io.observed]) io.report(el, false);
    await settle();
    expect(registered()).toEqual([]);
    io.report(document.querySelector('#b')!, true);
    await settle();
    expect(registered()).toEqual(['新质生产力', '能源革命']);
    io.report(document.querySelector('#b')!, false);
    io.report(document.querySelector('#a-2')!, true);
    await settle();
    expect(registered()).toEqual(['能源革命']);
    // A paragraph that leaves the page leaves its group; the story is watched until its last one goes.
    document.querySelector('#b-0')!.remove();
    document.querySelector('#b-1')!.remove();
    await settle();
    expect(ids(io.observed)).toEqual(['a', 'a-2', 'b-2']);
    expect(highlighter.occurrences()).toHaveLength(4);
  });

  describe('a story the walk keeps whole (past the paint limit)', () => {
    const twoStories = (limit = 2) => start(article('a', '西部大开发', '新质生产力', '西部大开发') + article('b', '能源革命', '没有术语', '新质生产力'), { limit });
    const ids = (els: Iterable<Element>) => [...els].map((e) => e.id).sort();

    it('is watched as one element, counted and coloured without being cut into paragraphs, and registered when near the view', async () => {
      const { highlighter } = twoStories();
      await settle();
      const { watched, members } = observers();
      expect(ids(watched.observed)).toEqual(['a', 'b']);
      expect(Object.fromEntries(highlighter.countsByEntry())).toEqual({ west: 2, nqpf: 2, energy: 1 });
      expect(Object.fromEntries(highlighter.slotsByEntry())).toEqual({ west: 0, nqpf: 0, energy: 0 });
      // Counting did not turn the stories into paragraphs: nothing more is watched.
      expect(ids(watched.observed)).toEqual(['a', 'b']);
      expect(members.observed.size).toBe(0);
      watched.report(document.querySelector('#a')!, false);
      watched.report(document.querySelector('#b')!, false);
      await settle();
      expect(registered()).toEqual([]);
      watched.report(document.querySelector('#b')!, true);
      await settle();
      expect(registered()).toEqual(['新质生产力', '能源革命']);
      // Its paragraphs with a term are followed one by one from now on; the other story is still whole.
      expect(ids(members.observed)).toEqual(['b-0', 'b-2']);
      watched.report(document.querySelector('#b')!, false);
      await settle();
      expect(registered()).toEqual([]);
      expect(Object.fromEntries(highlighter.countsByEntry())).toEqual({ west: 2, nqpf: 2, energy: 1 });
      expect(highlighter.occurrences().map((o) => `${o.container.id}:${o.entryId}`)).toEqual(['a-0:west', 'a-1:nqpf', 'a-2:west', 'b-0:energy', 'b-2:nqpf']);
    });

    it('gives a paragraph’s occurrences when asked (hit testing), with ranges on the right text', async () => {
      const { highlighter } = twoStories();
      await settle();
      const found = highlighter.occurrencesIn(document.querySelector('#a-1')!);
      expect(found.map((o) => o.entryId)).toEqual(['nqpf']);
      expect(found[0]!.range.toString()).toBe('新质生产力');
      expect(found[0]!.range.startContainer.parentElement?.id).toBe('a-1');
      expect(highlighter.occurrencesIn(document.querySelector('#b-1')!)).toEqual([]);
      expect(Object.fromEntries(highlighter.countsByEntry())).toEqual({ west: 2, nqpf: 2, energy: 1 });
    });

    it('turns into its paragraphs when the page changes one, and only that paragraph is read again', async () => {
      const { highlighter, matcher } = twoStories();
      await settle();
      expect(Object.fromEntries(highlighter.countsByEntry())).toEqual({ west: 2, nqpf: 2, energy: 1 });
      matcher.texts = [];
      document.querySelector('#b-1')!.textContent = '能源革命与新质生产力';
      await settle();
      expect(matcher.texts).toEqual(['能源革命与新质生产力']);
      expect(Object.fromEntries(highlighter.countsByEntry())).toEqual({ west: 2, nqpf: 3, energy: 2 });
      document.querySelector('#b-0')!.textContent = '没有';
      await settle();
      expect(Object.fromEntries(highlighter.countsByEntry())).toEqual({ west: 2, nqpf: 3, energy: 1 });
      expect(highlighter.occurrences().map((o) => `${o.container.id}:${o.entryId}`)).toEqual(['a-0:west', 'a-1:nqpf', 'a-2:west', 'b-1:energy', 'b-1:nqpf', 'b-2:nqpf']);
    });

    it('is walked again when the page adds, removes or moves its paragraphs: each occurrence stays on its own text', async () => {
      const { highlighter, matcher } = twoStories();
      await settle();
      const b = document.querySelector('#b')!;
      const added = document.createElement('p');
      added.id = 'b-new';
      added.textContent = '西部大开发';
      // One task: a paragraph in front, one without a term taken out, the last moved to the front.
      b.prepend(added);
      document.querySelector('#b-1')!.remove();
      b.prepend(document.querySelector('#b-2')!);
      matcher.texts = [];
      await settle();
      // Its paragraphs are read again, one by one; the other story is left as it was kept.
      expect([...matcher.texts].sort()).toEqual(['能源革命', '新质生产力', '西部大开发'].sort());
      expect(Object.fromEntries(highlighter.countsByEntry())).toEqual({ west: 3, nqpf: 2, energy: 1 });
      const onText = (id: string) => highlighter.occurrencesIn(document.querySelector(`#${id}`)!).map((o) => `${o.entryId}:${o.range.toString()}`);
      expect(onText('b-2')).toEqual(['nqpf:新质生产力']);
      expect(onText('b-new')).toEqual(['west:西部大开发']);
      expect(onText('b-0')).toEqual(['energy:能源革命']);
      expect(onText('a-1')).toEqual(['nqpf:新质生产力']);
      expect(highlighter.occurrences().map((o) => `${o.container.id}:${o.entryId}`)).toEqual(['a-0:west', 'a-1:nqpf', 'a-2:west', 'b-2:nqpf', 'b-new:west', 'b-0:energy']);
    });

    it('takes in the page’s undelivered changes of its children before it turns into its blocks (a script that moves a paragraph, then asks at once)', async () => {
      const { highlighter } = twoStories();
      await settle();
      const b = document.querySelector('#b')!;
      const onText = (id: string) => highlighter.occurrencesIn(document.querySelector(`#${id}`)!).map((o) => `${o.entryId}:${o.range.toString()}`);
      // In one run of script, before the mutation observer's callback: the same number of children, in another order.
      b.prepend(document.querySelector('#b-2')!);
      // The story is let go at once, to be read again: meanwhile no occurrence stands on another paragraph's text.
      expect(['b-0', 'b-1', 'b-2'].flatMap(onText)).toEqual([]);
      await settle();
      expect(onText('b-2')).toEqual(['nqpf:新质生产力']);
      expect(onText('b-0')).toEqual(['energy:能源革命']);
      expect(Object.fromEntries(highlighter.countsByEntry())).toEqual({ west: 2, nqpf: 2, energy: 1 });
    });

    it('takes its counts and its watch with it when it leaves the page', async () => {
      const { highlighter } = twoStories(1);
      await settle();
      const { watched } = observers();
      document.querySelector('#a')!.remove();
      await settle();
      expect(Object.fromEntries(highlighter.countsByEntry())).toEqual({ nqpf: 1, energy: 1 });
      expect(ids(watched.observed)).toEqual(['b']);
      // A paragraph taken out of a story kept whole leaves with its occurrences.
      document.querySelector('#b-0')!.remove();
      await settle();
      expect(Object.fromEntries(highlighter.countsByEntry())).toEqual({ nqpf: 1 });
      expect(highlighter.occurrences().map((o) => o.container.id)).toEqual(['b-2']);
    });

    it('is read again with a new glossary: counted once, and a story in view stays registered', async () => {
      const { highlighter } = twoStories();
      await settle();
      const { watched } = observers();
      watched.report(document.querySelector('#a')!, true);
      watched.report(document.querySelector('#b')!, false);
      await settle();
      expect(registered()).toEqual(['新质生产力', '西部大开发', '西部大开发']);
      const again = new SpyMatcher();
      highlighter.setMatcher(again);
      await settle();
      expect(again.texts).toHaveLength(6);
      expect(Object.fromEntries(highlighter.countsByEntry())).toEqual({ west: 2, nqpf: 2, energy: 1 });
      expect(registered()).toEqual(['新质生产力', '西部大开发', '西部大开发']);
      expect(highlighter.occurrences()).toHaveLength(5);
      // The story away from the view was kept whole again, and is registered when it comes near.
      watched.report(document.querySelector('#b')!, true);
      await settle();
      expect(registered()).toEqual(['新质生产力', '新质生产力', '能源革命', '西部大开发', '西部大开发']);
    });
  });

  it('registers only the members of a group near the viewport, and follows each while the group is near', async () => {
    // One story of four paragraphs, watched through the story; 100 px a paragraph, the view (with its margin) 0–150 px.
    const { highlighter, painter } = start(article('a', '西部大开发', '新质生产力', '能源革命', '西部大开发'), { limit: 2, perWatch: 4 });
    await settle();
    // Which paragraphs' ranges are ever handed to the painter.
    const handed = new Set<string>();
    const add = painter.add.bind(painter);
    painter.add = (ranges) => {
      for (const r of ranges) handed.add(r.range.startContainer.parentElement!.id);
      add(ranges);
    };
    const { watched, members } = observers();
    for (let i = 0; i < 4; i++) {
      const top = i * 100;
      document.querySelector(`#a-${i}`)!.getBoundingClientRect = () => ({ top, bottom: top + 100, left: 0, right: 500 }) as DOMRect;
    }
    const view = { top: 0, bottom: 150, left: 0, right: 800 } as DOMRectReadOnly;
    expect([...watched.observed].map((e) => e.id)).toEqual(['a']);
    watched.report(document.querySelector('#a')!, true, view);
    await settle();
    // Paragraphs 0 and 1 meet the view; 2 and 3 do not, and hold no range.
    expect(registered()).toEqual(['新质生产力', '西部大开发']);
    expect(highlighter.occurrences().map((o) => o.heldRange !== null)).toEqual([true, true, false, false]);
    // The paragraphs away from the view were never registered, not even for a moment.
    expect([...handed].sort()).toEqual(['a-0', 'a-1']);
    // While the story is near, each paragraph is followed on its own (a scroll inside the story).
    expect([...members.observed].map((e) => e.id).sort()).toEqual(['a-0', 'a-1', 'a-2', 'a-3']);
    members.report(document.querySelector('#a-0')!, false);
    members.report(document.querySelector('#a-2')!, true);
    await settle();
    expect(registered()).toEqual(['新质生产力', '能源革命']);
    // The story leaves: everything goes, and its paragraphs are no longer followed.
    watched.report(document.querySelector('#a')!, false);
    await settle();
    expect(registered()).toEqual([]);
    expect(members.observed.size).toBe(0);
    // A late report of a paragraph of a story away from the view changes nothing.
    members.report(document.querySelector('#a-3')!, true);
    await settle();
    expect(registered()).toEqual([]);
  });

  it('at or below the paint limit registers every range, in view or not, and observes nothing', async () => {
    start(article('a', '西部大开发', '新质生产力'), { limit: 2 });
    await settle();
    expect(registered()).toEqual(['新质生产力', '西部大开发']);
    expect(observers().watched.observed.size).toBe(0);
    expect(observers().members.observed.size).toBe(0);
  });

  it('with a new matcher, replaces every occurrence and drops those no longer found', async () => {
    const { highlighter } = start(article('a', '西部大开发', '新质生产力'));
    await settle();
    highlighter.setMatcher({
      findMatches: (text) => (text === '新质生产力' ? [{ start: 0, end: 5, entryId: 'other', entry: 0, slot: 1 }] : []),
      findMatchesInMarkup(html, from, to) {
        return this.findMatches(textOfInlineMarkup(html.slice(from, to))!);
      },
    });
    await settle();
    expect(registered()).toEqual(['新质生产力']);
    expect([...highlighter.countsByEntry()]).toEqual([['other', 1]]);
  });

  it('never scans TermLens’s own UI, nor rescans when it changes', async () => {
    const { matcher } = start('<p>西部大开发</p><div data-termlens-ui><p>新质生产力</p></div>');
    await settle();
    matcher.texts = [];
    document.querySelector('[data-termlens-ui] p')!.textContent = '能源革命';
    await settle();
    expect(matcher.texts).toEqual([]);
    expect(registered()).toEqual(['西部大开发']);
  });

  it('leaves the page’s text nodes as they were', async () => {
    start(article('a', '推进<b>西部</b>大开发', '新质生产力'));
    const before = [...document.body.querySelectorAll('*')].flatMap((e) => [...e.childNodes]);
    const html = document.body.innerHTML;
    await settle();
    expect([...document.body.querySelectorAll('*')].flatMap((e) => [...e.childNodes])).toEqual(before);
    expect(document.body.innerHTML).toBe(html);
  });

  it('detach removes every highlight and stops following the page', async () => {
    const { highlighter, matcher } = start(article('a', '西部大开发'));
    await settle();
    highlighter.detach();
    matcher.texts = [];
    document.body.insertAdjacentHTML('beforeend', '<p>新质生产力</p>');
    await new Promise((r) => setTimeout(r, 80));
    expect(registered()).toEqual([]);
    expect(matcher.texts).toEqual([]);
  });
});
