// Tests of the Chromium suite (tests/browser/), mirrored in Firefox ESR with the same fixtures and
// the same expected counts: layouts that break terms (layouts.test.ts), a page in Traditional
// characters (traditional.test.ts), an English article (english.test.ts), pages that change under
// TermLens (dynamic.test.ts) and the keyboard commands (keyboard.test.ts). The pages, expected
// counts, thresholds and in-page readers are the Chromium tests' own: tests/browser/shared-*.ts
// and tests/fixtures/pages/. The entry card's tests (card.test.ts) are in card.test.ts; the
// popup's (popup.test.ts) in firefox.test.ts, on the popup it already opens.
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
import { hoverTerm, puppeteerPointer, REFERENCE_PAGE_PATH } from '../browser/shared-card';
import {
  FEED_SCROLL_PAUSE_MS,
  lastScanInPage,
  liveTermCount,
  liveTextInPage,
  showsExactly,
  SPA_PATHS,
  strayRangesInPage,
  TICKER_RESCANNED_BLOCKS,
  TICKER_SHOWN_SHARE,
  TICKER_STATIC_TERMS,
  TICKER_TIMEOUT_MS,
  tickerShownShare,
} from '../browser/shared-dynamic';
import {
  ENGLISH_ENTRY_TOTAL,
  ENGLISH_HOVER_TEXT,
  ENGLISH_RANGE_PLACES,
  LOOK_ALIKES_PLACE,
  OTHER_ENGLISH_ENTRY_COUNTS,
  readEnglishRangesInPage,
} from '../browser/shared-english';
import {
  CARD_CHECKED_STEPS,
  flashedInPage,
  MANY_PARAGRAPHS_PATH,
  manyParagraphsPage,
  MORE_OCCURRENCES_THAN,
  type PageCommand,
  stepsAfterWrapping,
  WRAP_STEPS_EXPECTED,
} from '../browser/shared-keyboard';
import { waitForFrameCounts, type EvaluatingPage } from '../browser/shared-pages';
import { FRAMED_ARTICLE_FRAMES, framedArticleSpec, REVEAL_VIEWPORT } from '../browser/shared-popup';
import { countsOf, readLayoutTermsInPage, type LayoutTerm } from '../browser/shared-layouts';
import { byEntry, MIN_REFERENCE_ENTRIES, TRADITIONAL_COUNTS, TRADITIONAL_ENTRY_COUNTS, traditionalCountsOf } from '../browser/shared-traditional';
import {
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
  const suite = useFirefoxSuite({ timings: true });

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
      const reading = { terms: await news.page.evaluate(readLayoutTermsInPage), entries: byEntry(await pageTerms(suite, news.page)) };
      await news.page.close();
      return reading;
    })());

  describe('layouts that break terms (layouts.test.ts)', () => {
    it('finds every term of a PDF viewer’s text layer, as many as in the news layout of the same text', async () => {
      const newsTerms = (await simplifiedReference()).terms;
      const pdf = await open('/layouts/pdf.html', pdfTextLayerPage());
      const pdfTerms = await pdf.page.evaluate(readLayoutTermsInPage);
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
      const terms = await page.evaluate(readLayoutTermsInPage);

      expect(countsOf(terms)).toEqual(counts);
      expect(terms.filter((t) => t.touchesSplit)).toEqual([]);
      expect(pageErrors).toEqual([]);
    });

    it('finds terms under ruby annotations and across <wbr>, soft hyphens, zero-width and letter spaces', async () => {
      const { html, counts } = rubyAndBreaksPage();
      const { page, pageErrors } = await open('/layouts/ruby.html', html);
      const terms = await page.evaluate(readLayoutTermsInPage);
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

      expect(traditionalCountsOf(counts)).toEqual(TRADITIONAL_COUNTS);
      expect(Object.keys(hans).length).toBeGreaterThanOrEqual(MIN_REFERENCE_ENTRIES);
      expect(hant).toEqual(hans);
      expect(hant).toMatchObject(TRADITIONAL_ENTRY_COUNTS);
      expect(traditional.pageErrors).toEqual([]);
    });
  });

  describe('an English article (english.test.ts)', () => {
    // Both Chromium tests read the same page; here it is opened once.
    it('highlights "new quality productive forces" whole, across a line break, across <em> and capitalised, and not inside longer words; and counts every spelling as the entry 新质生产力, which opens its card', async () => {
      const { page, pageErrors } = await open('/english/shanxi.html', englishArticlePage(), { wholePage: false });
      await screenshot(page, 'english-article');
      const ranges = await page.evaluate(readEnglishRangesInPage);
      const counts: Record<string, number> = {};
      for (const { text } of ranges) counts[text] = (counts[text] ?? 0) + 1;

      for (const [form, n] of Object.entries(ENGLISH_COUNTS)) expect(counts[form] ?? 0, form).toBe(n);
      expect(ranges.map((r) => r.where).sort()).toEqual(ENGLISH_RANGE_PLACES);
      expect(ranges.filter((r) => r.where === LOOK_ALIKES_PLACE)).toEqual([]);

      const answer = await pageTerms(suite, page);
      expect(answer.terms.find((t) => t.term === '新质生产力')?.count).toBe(NEW_QUALITY_PRODUCTIVE_FORCES_COUNT);
      for (const [term, n] of Object.entries(OTHER_ENGLISH_ENTRY_COUNTS)) expect(answer.terms.find((t) => t.term === term)?.count, term).toBe(n);
      expect(answer.terms.reduce((sum, t) => sum + t.count, 0)).toBe(ENGLISH_ENTRY_TOTAL);

      // Which opens its card: the mouse resting on the English spelling opens the card of 新质生产力.
      // (english.test.ts's title says so, but its body checks only the counts.)
      await hoverTerm(puppeteerPointer(page, termRects), ENGLISH_HOVER_TEXT.replace(/\s/g, ''));
      const card = await waitForCard(suite, page, '新质生产力');
      expect(card.renderings).toContain(ENGLISH_HOVER_TEXT);
      expect(pageErrors).toEqual([]);
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
        await sleep(FEED_SCROLL_PAUSE_MS);
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
      await page.waitForFunction(() => window.tickerDone === true, { timeout: TICKER_TIMEOUT_MS, polling: 200 });
      const reports = (await page.evaluate(() => window.tickReports))!;
      expect(reports).toHaveLength(TICKER_TICKS + 1);
      expect(tickerShownShare(reports)).toBeGreaterThanOrEqual(TICKER_SHOWN_SHARE);

      const final = await page.evaluate(liveTextInPage);
      const reading = await waitForSettledHighlights(page, { quietMs: 500 });
      const live = reading.ranges.filter((r) => final.includes(r.term) && !r.collapsed);
      expect(reading.ranges.filter((r) => r.collapsed)).toEqual([]);
      expect(live.length).toBe(TICKER_STATIC_TERMS + liveTermCount(final));

      const scan = await page.evaluate(lastScanInPage);
      expect(scan).toMatchObject({ full: false });
      expect(scan!.blocks).toBeGreaterThanOrEqual(TICKER_RESCANNED_BLOCKS.min);
      expect(scan!.blocks).toBeLessThanOrEqual(TICKER_RESCANNED_BLOCKS.max);
      expect(pageErrors).toEqual([]);
    });

    it('follows SPA navigations that replace the main content, back and forth', async () => {
      const [url] = SPA_PATHS.map((path) => suite.server.page(path, spaPage()));
      const { page, pageErrors } = await suite.newPage();
      await page.goto(url!);
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

  // --- Keyboard commands (keyboard.test.ts) ---------------------------------------------------------
  // As in Chromium, the tests call the function the commands.onCommand listener calls
  // (`termlensBackground.runPageCommand`), here in the background event page; that the manifest's
  // keys are assigned is checked in firefox.test.ts ('assigns the keyboard commands Alt+Shift+J, K and H').

  async function openForCommands() {
    const url = suite.server.page(REFERENCE_PAGE_PATH, newsArticlePage());
    const watched = await suite.newPage();
    await watched.page.goto(url);
    await waitForSettledHighlights(watched.page);
    const tabId = await suite.firefox.tabIdOf(watched.page);
    return { ...watched, tabId };
  }

  const command = (name: PageCommand, tabId: number) =>
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
        if (step < CARD_CHECKED_STEPS) {
          const card = await waitForCard(suite, page, at.term);
          expect(card.open).toBe(true);
          if (step === 1) await screenshot(page, 'keyboard-next');
        }
        visited.push(at.index);
        if (step >= total) break;
      }
      expect(total).toBeGreaterThan(MORE_OCCURRENCES_THAN);
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
      const back = await waitForHighlights(page, (r) => (r.counts.get('新质生产力') ?? 0) === REFERENCE_COUNTS.新质生产力, { timeout: 5_000 });
      expect(back.counts.get('西部大开发')).toBe(REFERENCE_COUNTS.西部大开发);
      expect(pageErrors).toEqual([]);
    });

    it('goes on step by step after wrapping to the far end of a page too large to register every range', async () => {
        const url = suite.server.page(MANY_PARAGRAPHS_PATH, manyParagraphsPage());
      const { page } = await suite.newPage();
      await page.goto(url);
      await waitForSettledHighlights(page);
      const tabId = await suite.firefox.tabIdOf(page);
      // Puppeteer's evaluate(fn, arg) means what the shared body relies on; only its types differ.
      const visited = await stepsAfterWrapping(page as unknown as EvaluatingPage, () => waitForSettledHighlights(page), (name) => command(name, tabId));
      expect(visited).toEqual(WRAP_STEPS_EXPECTED);
    });

    it('moves through the frame the reader is in: a story set in a frame, then the page again once the reader clicks there', async () => {
      const spec = framedArticleSpec(suite.server);
      const { page, pageErrors } = await suite.newPage();
      await page.setViewport(REVEAL_VIEWPORT);
      await page.goto(suite.server.page(spec.path, spec.html));
      const frame = await (await page.$('#story'))?.contentFrame();
      if (!frame) throw new Error('no frame #story');
      const story = frame as unknown as EvaluatingPage;
      const top = page.mainFrame() as unknown as EvaluatingPage;
      expect(await waitForFrameCounts({ top, story }, FRAMED_ARTICLE_FRAMES)).toEqual(FRAMED_ARTICLE_FRAMES);
      const tabId = await suite.firefox.tabIdOf(page);

      // The reader clicks into the story, on its first words (no term): "next" goes through the story's terms.
      await (await frame.$('p'))!.click({ offset: { x: 4, y: 4 } });
      await command('next-term', tabId);
      await expect.poll(() => story.evaluate(flashedInPage, undefined)).toMatchObject({ index: 0, term: '新质生产力', inView: true });
      await command('next-term', tabId);
      await expect.poll(() => story.evaluate(flashedInPage, undefined)).toMatchObject({ index: 1, term: '能源革命', inView: true });
      expect(await page.evaluate(flashedInPage)).toMatchObject({ index: -1 });

      // Back in the page itself: its own term.
      await page.click('#gap');
      await command('next-term', tabId);
      await expect.poll(() => flashed(page)).toMatchObject({ index: 0, term: '能源革命', inView: true });
      expect(pageErrors).toEqual([]);
    });
  });
});

const strayRanges = (page: Page) => page.evaluate(strayRangesInPage);
const flashed = (page: Page) => page.evaluate(flashedInPage);

/** Waits until the registry shows exactly `counts` (and nothing else) and nothing stray. */
function waitForExactly(page: Page, counts: Record<string, number>, timeout = 10_000) {
  return waitForHighlights(page, showsExactly(counts), { timeout, interval: 100 });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
