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
import { screenshot, useBrowserSuite, waitForHighlights, waitForSettledHighlights, type HighlightReading } from './harness';

const suite = useBrowserSuite();

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
async function waitForExactly(page: Page, counts: Record<string, number>, timeout = 10_000) {
  const want = JSON.stringify(sorted(counts));
  const reading = await waitForHighlights(page, (r) => JSON.stringify(asObject(r)) === want && r.ranges.every((x) => !x.collapsed), { timeout, interval: 100 });
  return reading;
}

describe('pages that change under TermLens', () => {
  it('follows an infinite feed: appended stories are highlighted, removed ones lose their highlights', async () => {
    const url = suite.server.page('/dynamic/feed.html', infiniteFeedPage());
    const { page, errors } = await suite.newPage();
    await page.goto(url);
    await waitForExactly(page, feedCounts(0, 1));

    for (let step = 0; step < FEED_LENGTH; step++) {
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await page.waitForTimeout(250);
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
    await page.waitForFunction(() => window.tickerDone === true, null, { timeout: 30_000, polling: 200 });
    const reports = await page.evaluate(() => window.tickReports!);
    expect(reports).toHaveLength(TICKER_TICKS + 1);

    // Just before each rewrite (150 ms after the last), the live section showed what its text holds.
    // The first tick may come before TermLens started; a busy machine may delay a rescan now and then.
    const shown = reports.slice(2).filter((r) => r.matching === r.expected && r.collapsed === 0);
    expect(shown.length / (reports.length - 2)).toBeGreaterThanOrEqual(0.75);

    // Once the page is quiet: the final text exactly, and no collapsed range left behind.
    const final = await page.evaluate(() => document.getElementById('live')!.textContent!.replace(/\s/g, ''));
    const reading = await waitForSettledHighlights(page, { quietMs: 500 });
    const live = reading.ranges.filter((r) => final.includes(r.term) && !r.collapsed);
    expect(reading.ranges.filter((r) => r.collapsed)).toEqual([]);
    // 10 static paragraphs hold 西部大开发, plus what the live section ends with.
    const liveTerms = ['西部大开发', '新质生产力', '能源革命'].reduce((n, t) => n + final.split(t).length - 1, 0);
    expect(live.length).toBe(10 + liveTerms);

    // The last rescan went over the rewritten blocks only (TermLens's own `termlens:scan` measure,
    // which the benchmark reads): the page has 42 blocks, two of which the ticker rewrites.
    const scan = await page.evaluate(() => (performance.getEntriesByName('termlens:scan').at(-1) as PerformanceMeasure | undefined)?.detail);
    expect(scan).toMatchObject({ full: false });
    expect(scan.blocks).toBeGreaterThanOrEqual(1);
    expect(scan.blocks).toBeLessThanOrEqual(2);
    // The page's script verified its text nodes before every rewrite; it throws if one was touched.
    expect(errors.pageErrors).toEqual([]);
  });

  it('follows SPA navigations that replace the main content, back and forth', async () => {
    const url = suite.server.page('/spa/', spaPage());
    suite.server.page('/spa/energy', spaPage());
    suite.server.page('/spa/west', spaPage());
    const { page, errors } = await suite.newPage();
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
    expect(errors.pageErrors).toEqual([]);
  });
});
