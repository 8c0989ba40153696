// Tests of the Chromium suite (tests/browser/), mirrored in Firefox ESR with the same fixtures and
// the same expected counts: layouts that break terms (layouts.test.ts), a page in Traditional
// characters (traditional.test.ts), an English article (english.test.ts), pages that change under
// TermLens (dynamic.test.ts), the entry card's details and closing rules and hostile pages
// (card.test.ts) and the keyboard commands (keyboard.test.ts). The popup's tests (popup.test.ts) are
// in firefox.test.ts, on the popup it already opens.
// Each describe names the Chromium file and each title the Chromium test; where one Firefox test
// covers two Chromium tests on the same page, its title says both.
//
// One file, so one Firefox launch (about 10 s on a busy two-core machine): CI runs both browsers
// and must stay under 10 minutes. Where Chromium asks the content script or runs a command through
// the service worker, Firefox does it through the background event page (firefox.mjs, callBackground).

import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import {
  FEED_LENGTH,
  FEED_WINDOW,
  feedCounts,
  infiniteFeedPage,
  SPA_ROUTES,
  spaPage,
  TICKER_TICKS,
  tickerPage,
} from '../fixtures/pages/dynamic-pages.mjs';
import { ENGLISH_COUNTS, englishArticlePage, NEW_QUALITY_PRODUCTIVE_FORCES_COUNT } from '../fixtures/pages/english-article.mjs';
import { pdfTextLayerPage, rubyAndBreaksPage, structuresPage } from '../fixtures/pages/layouts.mjs';
import { newsArticlePage, REFERENCE_COUNTS } from '../fixtures/pages/news-article.mjs';
import { traditionalNewsArticlePage } from '../fixtures/pages/traditional-article.mjs';
import type { HighlightReading } from '../browser/highlight-registry.mjs';
import type { PageTermsResponse } from '../../lib/messages';
import {
  addEntry,
  cardStyle,
  firefoxSkipReason,
  pageTerms,
  readCard,
  screenshot,
  showWholePage,
  termRects,
  useFirefoxSuite,
  waitForCard,
  waitForHighlights,
  waitForNoCard,
  waitForSettledHighlights,
} from './harness';

const skipReason = firefoxSkipReason();

describe.skipIf(skipReason !== null)('the Chromium suite, mirrored in Firefox ESR', () => {
  const suite = useFirefoxSuite();

  async function open(path: string, html: string, options: { wholePage?: boolean } = {}) {
    const url = suite.server.page(path, html);
    const watched = await suite.newPage();
    await watched.page.goto(url);
    if (options.wholePage ?? true) await showWholePage(watched.page);
    const reading = await waitForSettledHighlights(watched.page);
    return { ...watched, reading };
  }

  // The reference page in its news layout, read once for the two tests that compare with it (the
  // PDF text layer and the Traditional page); Chromium opens it in each.
  let simplified: Promise<{ terms: LayoutTerm[]; entries: Record<string, number> }> | undefined;
  const simplifiedReference = () =>
    (simplified ??= (async () => {
      const news = await open('/layouts/news.html', newsArticlePage());
      const reading = { terms: await readLayoutTerms(news.page), entries: byEntry(await pageTerms(suite, news.page)) };
      await news.page.close();
      return reading;
    })());

  describe('layouts that break terms (layouts.test.ts)', () => {
    it('finds every term of a PDF viewer’s text layer, as many as in the news layout of the same text', async () => {
      const newsTerms = (await simplifiedReference()).terms;
      const pdf = await open('/layouts/pdf.html', pdfTextLayerPage());
      const pdfTerms = await readLayoutTerms(pdf.page);
      await screenshot(pdf.page, 'layouts-pdf-text-layer');

      const pdfCounts = countsOf(pdfTerms);
      for (const [term, n] of Object.entries(REFERENCE_COUNTS)) expect(pdfCounts[term], term).toBe(n);
      expect(pdfCounts).toEqual(countsOf(newsTerms));
      expect(pdfTerms.filter((t) => t.empty)).toEqual([]);
      expect(pdf.pageErrors).toEqual([]);
    });

    it('finds terms in tables, lists, headings and quotes, and none cut in two by a cell, item, paragraph or nested block', async () => {
      const { html, counts } = structuresPage();
      const { page, pageErrors } = await open('/layouts/structures.html', html);
      const terms = await readLayoutTerms(page);

      expect(countsOf(terms)).toEqual(counts);
      expect(terms.filter((t) => t.touchesSplit)).toEqual([]);
      expect(pageErrors).toEqual([]);
    });

    it('finds terms under ruby annotations and across <wbr>, soft hyphens, zero-width and letter spaces', async () => {
      const { html, counts } = rubyAndBreaksPage();
      const { page, pageErrors } = await open('/layouts/ruby.html', html);
      const terms = await readLayoutTerms(page);
      await screenshot(page, 'layouts-ruby-wbr');

      expect(countsOf(terms)).toEqual(counts);
      expect(terms.filter((t) => t.empty)).toEqual([]);
      expect(pageErrors).toEqual([]);
    });
  });

  describe('a page in Traditional characters (traditional.test.ts)', () => {
    // Both Chromium tests on the two pages they open: the registry's counts of the Traditional
    // page, and the content script's per-entry counts against the Simplified page's.
    it('highlights 4 × 新質生產力, 2 × 能源革命 and 7 × 西部大開發; and gives every entry the same count as the Simplified page does', async () => {
      const hans = (await simplifiedReference()).entries;
      const traditional = await open('/hant/p1.html', traditionalNewsArticlePage());
      await screenshot(traditional.page, 'traditional-page');
      const hant = byEntry(await pageTerms(suite, traditional.page));
      const counts = traditional.reading.counts;

      expect({ 新質生產力: counts.get('新質生產力'), 能源革命: counts.get('能源革命'), 西部大開發: counts.get('西部大開發') }).toEqual({
        新質生產力: 4,
        能源革命: 2,
        西部大開發: 7,
      });
      expect(Object.keys(hans).length).toBeGreaterThanOrEqual(3);
      expect(hant).toEqual(hans);
      expect(hant['新质生产力']).toBe(4);
      expect(hant['西部大开发']).toBe(7);
      expect(traditional.pageErrors).toEqual([]);
    });
  });

  describe('an English article (english.test.ts)', () => {
    // Both Chromium tests read the same page; here it is opened once.
    it('highlights "new quality productive forces" whole, across a line break, across <em> and capitalised, and not inside longer words; and counts every spelling as the entry 新质生产力', async () => {
      const { page, pageErrors } = await open('/english/shanxi.html', englishArticlePage(), { wholePage: false });
      await screenshot(page, 'english-article');
      const ranges = await readEnglishRanges(page);
      const counts: Record<string, number> = {};
      for (const { text } of ranges) counts[text] = (counts[text] ?? 0) + 1;

      for (const [form, n] of Object.entries(ENGLISH_COUNTS)) expect(counts[form] ?? 0, form).toBe(n);
      expect(ranges.map((r) => r.where).sort()).toEqual(['headline', 'inline-em', 'inline-em', 'line-break', 'spaces', 'spaces', 'whole']);
      expect(ranges.filter((r) => r.where === 'look-alikes')).toEqual([]);
      expect(pageErrors).toEqual([]);

      const answer = await pageTerms(suite, page);
      expect(answer.terms.find((t) => t.term === '新质生产力')?.count).toBe(NEW_QUALITY_PRODUCTIVE_FORCES_COUNT);
      expect(answer.terms.find((t) => t.term === '能源革命')?.count).toBe(1);
      expect(answer.terms.find((t) => t.term === '因地制宜')?.count).toBe(1);
      expect(answer.terms.reduce((sum, t) => sum + t.count, 0)).toBe(NEW_QUALITY_PRODUCTIVE_FORCES_COUNT + 2);
    });
  });

  describe('pages that change under TermLens (dynamic.test.ts)', () => {
    it('follows an infinite feed: appended stories are highlighted, removed ones lose their highlights', async () => {
      const url = suite.server.page('/dynamic/feed.html', infiniteFeedPage());
      const { page, pageErrors } = await suite.newPage();
      await page.goto(url);
      await waitForExactly(page, feedCounts(0, 1));

      for (let step = 0; step < FEED_LENGTH; step++) {
        await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
        await new Promise((r) => setTimeout(r, 250));
      }
      const state = await page.evaluate(() => (window as unknown as { feedState(): unknown }).feedState());
      expect(state).toEqual({ first: FEED_LENGTH - FEED_WINDOW, last: FEED_LENGTH - 1, done: true });
      const { first, last } = state as { first: number; last: number };
      await waitForExactly(page, feedCounts(first, last));
      expect(await strayRanges(page)).toEqual({ detached: 0, collapsed: 0 });
      expect(pageErrors).toEqual([]);
    });

    it('follows text that the page rewrites in place every 150 ms, rescanning only the rewritten blocks, and the page’s script keeps working', async () => {
      const url = suite.server.page('/dynamic/ticker.html', tickerPage());
      const { page, pageErrors } = await suite.newPage();
      await page.goto(url);
      await page.waitForFunction(() => (window as unknown as { tickerDone?: boolean }).tickerDone === true, { timeout: 30_000, polling: 200 });
      type Report = { matching: number; expected: number; collapsed: number };
      const reports = await page.evaluate(() => (window as unknown as { tickReports: Report[] }).tickReports);
      expect(reports).toHaveLength(TICKER_TICKS + 1);

      // As in Chromium: the first tick may come before TermLens started, and a busy machine may
      // delay a rescan now and then.
      const shown = reports.slice(2).filter((r) => r.matching === r.expected && r.collapsed === 0);
      expect(shown.length / (reports.length - 2)).toBeGreaterThanOrEqual(0.75);

      const final = await page.evaluate(() => document.getElementById('live')!.textContent!.replace(/\s/g, ''));
      const reading = await waitForSettledHighlights(page, { quietMs: 500 });
      const live = reading.ranges.filter((r) => final.includes(r.term) && !r.collapsed);
      expect(reading.ranges.filter((r) => r.collapsed)).toEqual([]);
      const liveTerms = ['西部大开发', '新质生产力', '能源革命'].reduce((n, t) => n + final.split(t).length - 1, 0);
      expect(live.length).toBe(10 + liveTerms);

      const scan = await page.evaluate(
        () => (performance.getEntriesByName('termlens:scan').at(-1) as PerformanceMeasure | undefined)?.detail as { full: boolean; blocks: number } | undefined,
      );
      expect(scan).toMatchObject({ full: false });
      expect(scan!.blocks).toBeGreaterThanOrEqual(1);
      expect(scan!.blocks).toBeLessThanOrEqual(2);
      expect(pageErrors).toEqual([]);
    });

    it('follows SPA navigations that replace the main content, back and forth', async () => {
      const url = suite.server.page('/spa/', spaPage());
      suite.server.page('/spa/energy', spaPage());
      suite.server.page('/spa/west', spaPage());
      const { page, pageErrors } = await suite.newPage();
      await page.goto(url);
      await waitForExactly(page, SPA_ROUTES['/spa/']!.counts);

      await page.click('a[href="/spa/energy"]');
      expect(new URL(page.url()).pathname).toBe('/spa/energy');
      await waitForExactly(page, SPA_ROUTES['/spa/energy']!.counts);
      expect(await strayRanges(page)).toEqual({ detached: 0, collapsed: 0 });

      await page.click('a[href="/spa/west"]');
      await waitForExactly(page, SPA_ROUTES['/spa/west']!.counts);
      await page.goBack();
      expect(new URL(page.url()).pathname).toBe('/spa/energy');
      await waitForExactly(page, SPA_ROUTES['/spa/energy']!.counts);
      expect(await strayRanges(page)).toEqual({ detached: 0, collapsed: 0 });
      expect(pageErrors).toEqual([]);
    });
  });

  // --- The entry card (card.test.ts) -------------------------------------------------------------

  async function openReferencePage(html = newsArticlePage(), path = '/news/2024-04-24/p1.html') {
    const url = suite.server.page(path, html);
    const watched = await suite.newPage();
    await watched.page.goto(url);
    await waitForSettledHighlights(watched.page);
    return watched;
  }

  /** Moves the real mouse onto the middle of the first visible occurrence of `term`, in small steps (as card.test.ts does). */
  async function hoverTerm(page: Page, term: string, which = 0) {
    let rect = (await termRects(page, term))[which];
    if (!rect) throw new Error(`${term} is not highlighted`);
    const viewport = page.viewport()!;
    if (rect.y < 0 || rect.y + rect.height > viewport.height) {
      // BiDi wants whole pixels.
      await page.mouse.wheel({ deltaY: Math.round(rect.y - viewport.height / 3) });
      await sleep(200);
      rect = (await termRects(page, term))[which]!;
    }
    const x = rect.x + rect.width / 2;
    const y = rect.y + rect.height / 2;
    await page.mouse.move(x - 40, y + 30);
    await page.mouse.move(x, y, { steps: 8 });
    return { x, y, rect };
  }

  describe('the entry card on the reference page (card.test.ts)', () => {
    // Three Chromium tests, each on a fresh reference page; here one page, the card closed between
    // them. 'opens when the mouse rests on 新质生产力' is in firefox.test.ts.
    it('stays open while the mouse moves onto the card, and closes once it leaves both; closes on a click outside the card; closes when its term scrolls out of view', async () => {
      const { page, pageErrors } = await openReferencePage();
      await hoverTerm(page, '新质生产力');
      const card = await waitForCard(suite, page, '新质生产力');

      // Stays open while the mouse moves onto the card, and closes once it leaves both.
      const r = card.rect!;
      await page.mouse.move((r.left + r.right) / 2, (r.top + r.bottom) / 2, { steps: 6 });
      await sleep(800);
      expect((await readCard(suite, page))?.open).toBe(true);
      await page.mouse.move(5, 5, { steps: 4 });
      await waitForNoCard(suite, page, 2_000);

      // Closes on a click outside the card (resting on the card first keeps it open).
      const { x, y } = await hoverTerm(page, '能源革命');
      const energy = await waitForCard(suite, page, '能源革命');
      await page.mouse.move((energy.rect!.left + energy.rect!.right) / 2, energy.rect!.top + 10, { steps: 4 });
      await page.mouse.click(x, Math.max(5, y - 200));
      await waitForNoCard(suite, page, 1_000);

      // Closes when its term scrolls out of view.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.mouse.move(5, 5);
      await hoverTerm(page, '新质生产力');
      const again = await waitForCard(suite, page, '新质生产力');
      await page.mouse.move((again.rect!.left + again.rect!.right) / 2, again.rect!.top + 10, { steps: 4 });
      await page.evaluate(() => window.scrollBy(0, window.innerHeight * 2));
      await waitForNoCard(suite, page, 2_000);
      expect(pageErrors).toEqual([]);
    });
  });

  describe('the entry card on hostile pages (card.test.ts)', () => {
    it('stays readable on a page that sets * { all: unset !important }', async () => {
      const hostile = newsArticlePage().replace(
        '</head>',
        '<style>* { all: unset !important; } html { background: #111 !important; color: #eee !important; }</style></head>',
      );
      const { page } = await openReferencePage(hostile, '/hostile/all-unset.html');
      await hoverTerm(page, '新质生产力');
      const card = await waitForCard(suite, page, '新质生产力');
      await screenshot(page, 'card-hostile-all-unset');

      expect(card.rect!.right - card.rect!.left).toBeGreaterThan(200);
      expect(card.rect!.bottom - card.rect!.top).toBeGreaterThan(120);
      expect(card.definition.length).toBeGreaterThan(20);
      const style = await cardStyle(suite, page);
      expect(style).toMatchObject({ position: 'fixed', display: 'block' });
      expect(style.background).not.toBe('rgba(0, 0, 0, 0)');
      expect(style.fontSize).toBe('14px');
    });

  });

  // --- Keyboard commands (keyboard.test.ts) ---------------------------------------------------------
  // As in Chromium, the tests call the function the commands.onCommand listener calls
  // (`termlensBackground.runPageCommand`), here in the background event page; that the manifest's
  // keys are assigned is checked in firefox.test.ts ('assigns the keyboard commands Alt+Shift+J, K and H').

  async function openForCommands() {
    const watched = await openReferencePage();
    const tabId = await suite.firefox.tabIdOf(watched.page);
    return { ...watched, tabId };
  }

  const command = (name: 'next-term' | 'previous-term' | 'toggle-site', tabId: number) =>
    suite.firefox.callBackground(`termlensBackground.runPageCommand(${JSON.stringify(name)}, ${tabId})`);

  describe('keyboard commands (keyboard.test.ts)', () => {
    // Four Chromium tests, each on a fresh reference page; here one page, each step starting from
    // where the last left off (the walk's rules are in lib/content/term-navigation.ts).
    it('visits every occurrence in document order with "next", scrolling to each and opening its card, then wraps; goes back with "previous", and wraps to the last occurrence before the first; starts from what is in view, not from the top of the page; toggles highlighting on this site, and back', async () => {
      const { page, tabId, pageErrors } = await openForCommands();

      // "next" from the top: every occurrence in document order, then wraps to the first.
      const visited: number[] = [];
      let total = 0;
      for (let step = 0; ; step++) {
        await command('next-term', tabId);
        const at = await flashed(page);
        total = at.total;
        expect(at.inView, `step ${step}: ${at.term} is in view`).toBe(true);
        if (step < 3) {
          const card = await waitForCard(suite, page, at.term);
          expect(card.open).toBe(true);
          if (step === 1) await screenshot(page, 'keyboard-next');
        }
        visited.push(at.index);
        if (step >= total) break;
      }
      expect(total).toBeGreaterThan(13);
      expect(visited).toEqual([...Array.from({ length: total }, (_, i) => i), 0]);

      // Back at the first: on to the third, then "previous" back past the first to the last.
      const indices: number[] = [];
      for (const name of ['next-term', 'next-term', 'previous-term', 'previous-term', 'previous-term'] as const) {
        await command(name, tabId);
        indices.push((await flashed(page)).index);
      }
      expect(indices).toEqual([1, 2, 1, 0, total - 1]);
      const last = await flashed(page);
      expect((await waitForCard(suite, page, last.term)).open).toBe(true);
      await page.keyboard.press('Escape');
      await waitForNoCard(suite, page, 1_000);

      // The last occurrence is at the bottom: scrolled to the middle, "next" starts from the view.
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
      await command('next-term', tabId);
      const fromView = await flashed(page);
      expect(fromView.index).toBeGreaterThan(0);
      expect(fromView.index).toBeLessThan(total - 1);
      expect(fromView.inView).toBe(true);

      // The site toggle: off (and "next" then says why nothing happens), and on again.
      await command('toggle-site', tabId);
      await waitForHighlights(page, (r) => r.ranges.length === 0, { timeout: 3_000 });
      await command('next-term', tabId);
      expect((await readCard(suite, page))?.notice).toBeTruthy();
      await command('toggle-site', tabId);
      const back = await waitForHighlights(page, (r) => (r.counts.get('新质生产力') ?? 0) === 4, { timeout: 5_000 });
      expect(back.counts.get('西部大开发')).toBe(7);
      expect(pageErrors).toEqual([]);
    });
  });

  // Last in the file: it adds an entry to the glossary.
  describe('the entry card on hostile pages, with a hostile entry (card.test.ts)', () => {
    it('shows a definition holding <img src=x onerror=…> as text, and runs nothing', async () => {
      const { page } = await openReferencePage();
      const hostile = '<img src=x onerror="window.__termlensPwned = true; document.title = \'pwned\'">';
      await addEntry(suite, { term: '测试术语甲', definition: `危险定义 ${hostile}`, sourceUrl: 'javascript:alert(1)' });

      await page.evaluate(() => {
        const p = document.createElement('p');
        p.id = 'added';
        p.textContent = '这里出现了测试术语甲。';
        document.querySelector('main')!.prepend(p);
        window.scrollTo(0, 0);
      });
      await waitForHighlights(page, (r) => r.counts.has('测试术语甲'), { timeout: 5_000 });
      await hoverTerm(page, '测试术语甲');
      const card = await waitForCard(suite, page, '测试术语甲');
      await sleep(300);
      await screenshot(page, 'card-hostile-definition');

      expect(card.definition).toBe(`危险定义 ${hostile}`);
      expect(card.elementTags).not.toContain('img');
      expect(card.source?.href).toBeNull();
      expect(
        await page.evaluate(() => ({ flag: (window as { __termlensPwned?: boolean }).__termlensPwned ?? null, title: document.title })),
      ).toEqual({ flag: null, title: expect.not.stringMatching(/pwned/) });
    });
  });
});

/**
 * As layouts.test.ts reads them: each registered range as the reader sees its term (ruby
 * annotations left out, whitespace and invisible characters removed), whether it touches an element
 * marked `.split`, and whether it has no box at all.
 */
interface LayoutTerm {
  term: string;
  collapsed: boolean;
  touchesSplit: boolean;
  empty: boolean;
}

function readLayoutTerms(page: Page): Promise<LayoutTerm[]> {
  return page.evaluate(() => {
    const out: { term: string; collapsed: boolean; touchesSplit: boolean; empty: boolean }[] = [];
    const splits = [...document.querySelectorAll('.split')];
    CSS.highlights.forEach((highlight, name) => {
      if (!/^termlens-\d+$/.test(name)) return;
      for (const r of highlight) {
        const range = document.createRange();
        range.setStart(r.startContainer, r.startOffset);
        range.setEnd(r.endContainer, r.endOffset);
        const fragment = range.cloneContents();
        fragment.querySelectorAll('rt, rp').forEach((e) => e.remove());
        const term = (fragment.textContent ?? '').replace(/[\s\u00ad\u200b-\u200d\u2060\ufeff]/g, '');
        const rects = [...range.getClientRects()].filter((rect) => rect.width > 0 && rect.height > 0);
        out.push({ term, collapsed: r.collapsed, touchesSplit: splits.some((s) => range.intersectsNode(s)), empty: rects.length === 0 });
      }
    });
    return out;
  });
}

const countsOf = (terms: { term: string; collapsed: boolean }[]) => {
  const counts: Record<string, number> = {};
  for (const { term, collapsed } of terms) if (!collapsed) counts[term] = (counts[term] ?? 0) + 1;
  return counts;
};

const byEntry = (response: PageTermsResponse) =>
  Object.fromEntries(response.terms.map((t) => [t.term, t.count]).sort(([a], [b]) => String(a).localeCompare(String(b))));

/** As english.test.ts reads them: each range's text with whitespace runs made one space, and the id of the paragraph it starts in. */
function readEnglishRanges(page: Page) {
  return page.evaluate(() => {
    const out: { text: string; where: string }[] = [];
    CSS.highlights.forEach((highlight, name) => {
      if (!/^termlens-\d+$/.test(name)) return;
      for (const r of highlight) {
        if (r.collapsed) continue;
        const range = document.createRange();
        range.setStart(r.startContainer, r.startOffset);
        range.setEnd(r.endContainer, r.endOffset);
        const start = r.startContainer.nodeType === 1 ? (r.startContainer as Element) : r.startContainer.parentElement;
        out.push({ text: range.toString().replace(/\s+/g, ' '), where: start?.closest('[id]')?.id ?? '' });
      }
    });
    return out;
  });
}

/** Ranges whose text has left the document, and collapsed ranges: neither may stay registered. */
function strayRanges(page: Page) {
  return page.evaluate(() => {
    let detached = 0;
    let collapsed = 0;
    CSS.highlights.forEach((highlight, name) => {
      if (!/^termlens-\d+$/.test(name)) return;
      for (const r of highlight) {
        if (r.collapsed) collapsed++;
        else if (!r.startContainer.isConnected || !r.endContainer.isConnected) detached++;
      }
    });
    return { detached, collapsed };
  });
}

const asObject = (reading: HighlightReading) => Object.fromEntries([...reading.counts].sort(([a], [b]) => a.localeCompare(b)));
const sorted = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));

/** Waits until the registry shows exactly `counts` (and nothing else) and nothing stray. */
function waitForExactly(page: Page, counts: Record<string, number>, timeout = 10_000) {
  const want = JSON.stringify(sorted(counts));
  return waitForHighlights(page, (r) => JSON.stringify(asObject(r)) === want && r.ranges.every((x) => !x.collapsed), { timeout, interval: 100 });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * As keyboard.test.ts reads it: where the flash is, as the index in document order of the
 * registered range it shows among all of TermLens's ranges, with its term and whether it is in view.
 */
function flashed(page: Page) {
  return page.evaluate(() => {
    const flash = CSS.highlights.get('termlens-flash');
    const target = flash ? [...flash][0] : undefined;
    const all: AbstractRange[] = [];
    CSS.highlights.forEach((highlight, name) => {
      if (/^termlens-\d+$/.test(name)) for (const r of highlight) all.push(r);
    });
    const live = (r: AbstractRange) => {
      const range = document.createRange();
      range.setStart(r.startContainer, r.startOffset);
      range.setEnd(r.endContainer, r.endOffset);
      return range;
    };
    all.sort((a, b) => live(a).compareBoundaryPoints(Range.START_TO_START, live(b)));
    if (!target) return { index: -1, total: all.length, term: '', inView: false };
    const rect = live(target).getBoundingClientRect();
    return {
      index: all.indexOf(target),
      total: all.length,
      term: live(target).toString().replace(/\s/g, ''),
      inView: rect.top >= 0 && rect.bottom <= window.innerHeight,
    };
  });
}
