// Dynamic pages (issue 3, "Dynamic pages"; pages: tests/fixtures/pages/dynamic-pages.mjs): stories
// appended as you scroll and old ones removed, text nodes rewritten in place every 150 ms by the
// page's own script, and SPA navigations. Highlights follow, removed text loses its highlights,
// collapsed ranges do not stay registered, only the changed blocks are rescanned, and the page's
// own scripts keep working.

import type { Page } from 'playwright-core';
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
import { screenshot, useBrowserSuite, waitForHighlights, waitForSettledHighlights } from './harness';
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
} from './shared-dynamic';

const suite = useBrowserSuite({ timings: true });

/** Ranges whose text has left the document, and collapsed ranges: neither may stay registered. */
const strayRanges = (page: Page) => page.evaluate(strayRangesInPage);

/** Waits until the registry shows exactly `counts` (and nothing else) and nothing stray. */
function waitForExactly(page: Page, counts: Record<string, number>, timeout = 10_000) {
  return waitForHighlights(page, showsExactly(counts), { timeout, interval: 100 });
}

describe('pages that change under TermLens', () => {
  it('follows an infinite feed: appended stories are highlighted, removed ones lose their highlights', async () => {
    const url = suite.server.page('/dynamic/feed.html', infiniteFeedPage());
    const { page, errors } = await suite.newPage();
    await page.goto(url);
    await waitForExactly(page, feedCounts(0, 1));

    for (let step = 0; step < FEED_LENGTH; step++) {
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await page.waitForTimeout(FEED_SCROLL_PAUSE_MS);
    }
    const state = await page.evaluate(() => window.feedState!());
    expect(state).toEqual({ first: FEED_LENGTH - FEED_WINDOW, last: FEED_LENGTH - 1, done: true });
    // Everything is in the document's view or not: TermLens registers every range of a small page.
    await waitForExactly(page, feedCounts(state.first, state.last));
    await screenshot(page, 'dynamic-feed');
    expect(await strayRanges(page)).toEqual({ detached: 0, collapsed: 0 });
    expect(errors.pageErrors).toEqual([]);
  });

  it('follows text that the page rewrites in place every 150 ms, rescanning only the rewritten blocks, and the page’s script keeps working', async () => {
    const url = suite.server.page('/dynamic/ticker.html', tickerPage());
    const { page, errors } = await suite.newPage();
    await page.goto(url);
    await page.waitForFunction(() => window.tickerDone === true, null, { timeout: TICKER_TIMEOUT_MS, polling: 200 });
    const reports = await page.evaluate(() => window.tickReports!);
    expect(reports).toHaveLength(TICKER_TICKS + 1);

    // Just before each rewrite (150 ms after the last), the live section showed what its text holds.
    // The first tick may come before TermLens started; a busy machine may delay a rescan now and then.
    expect(tickerShownShare(reports)).toBeGreaterThanOrEqual(TICKER_SHOWN_SHARE);

    // Once the page is quiet: the final text exactly, and no collapsed range left behind.
    const final = await page.evaluate(liveTextInPage);
    const reading = await waitForSettledHighlights(page, { quietMs: 500 });
    const live = reading.ranges.filter((r) => final.includes(r.term) && !r.collapsed);
    expect(reading.ranges.filter((r) => r.collapsed)).toEqual([]);
    // 10 static paragraphs hold 西部大开发, plus what the live section ends with.
    expect(live.length).toBe(TICKER_STATIC_TERMS + liveTermCount(final));

    // The last rescan went over the rewritten blocks only (TermLens's own `termlens:scan` measure,
    // which the benchmark reads): the page has 42 blocks, two of which the ticker rewrites.
    const scan = await page.evaluate(lastScanInPage);
    expect(scan).toMatchObject({ full: false });
    expect(scan!.blocks).toBeGreaterThanOrEqual(TICKER_RESCANNED_BLOCKS.min);
    expect(scan!.blocks).toBeLessThanOrEqual(TICKER_RESCANNED_BLOCKS.max);
    // The page's script verified its text nodes before every rewrite; it throws if one was touched.
    expect(errors.pageErrors).toEqual([]);
  });

  it('follows SPA navigations that replace the main content, back and forth', async () => {
    const [url] = SPA_PATHS.map((path) => suite.server.page(path, spaPage()));
    const { page, errors } = await suite.newPage();
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
    expect(errors.pageErrors).toEqual([]);
  });
});
