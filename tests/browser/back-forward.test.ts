// What's on this page: Back and Forward bring a page back from the browser's back/forward cache,
// as a person's browser does (Playwright turns that cache off; this suite keeps it). The toolbar
// badge and the popup then count the terms of the page shown, its frame's included, not those of
// the page left.

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserSuite, waitForSettledHighlights } from './harness';
import { BACK_FORWARD_COUNTS, BACK_FORWARD_TERMS, BADGE_MS, badgeTextFor, pageShows, readPopupRows, recordPageShows, rowsAsCounts, serveBackForwardPages } from './shared-popup';

const suite = useBrowserSuite({ backForwardCache: true });

/** The popup's rows of the tab's terms as term → count, once the frames have answered (the popup asks them once a second). */
async function popupCounts(tabId: number, expected: Record<string, number>): Promise<Record<string, number>> {
  const popup = await suite.newPage();
  await popup.page.goto(suite.browser.extensionUrl(`popup.html?tab=${tabId}`));
  const read = async () => rowsAsCounts(await popup.page.evaluate(readPopupRows), BACK_FORWARD_TERMS);
  await expect.poll(read, { timeout: 15_000 }).toEqual(expected);
  // Still so after the next poll of the frames: no row of the page left comes back.
  await popup.page.waitForTimeout(1_500);
  const counts = await read();
  await popup.page.close();
  return counts;
}

describe('back and forward', () => {
  it('the badge and the popup count the terms of the page brought back from the cache, with its frame', async () => {
    const { first, second } = serveBackForwardPages(suite.server);
    const news = await suite.newPage();
    await news.page.addInitScript(recordPageShows);
    const shows = (page: Page) => page.evaluate(pageShows);
    await news.page.goto(first);
    await waitForSettledHighlights(news.page);
    const tabId = await suite.tabIdOf(news.page);
    const worker = await suite.browser.serviceWorker();
    type WorkerGlobal = { chrome: { action: { getBadgeText(details: { tabId: number }): Promise<string> } } };
    const badge = () => worker.evaluate((id) => (globalThis as unknown as WorkerGlobal).chrome.action.getBadgeText({ tabId: id }), tabId);
    await expect.poll(badge, { timeout: BADGE_MS }).toBe(badgeTextFor(BACK_FORWARD_COUNTS.first));

    await news.page.goto(second);
    await expect.poll(badge, { timeout: BADGE_MS }).toBe(badgeTextFor(BACK_FORWARD_COUNTS.second));

    await news.page.goBack({ waitUntil: 'commit' });
    // The first page came back from the cache (else this test would not test what it is for).
    await expect.poll(() => shows(news.page), { timeout: 10_000 }).toEqual([false, true]);
    await expect.poll(badge, { timeout: BADGE_MS }).toBe(badgeTextFor(BACK_FORWARD_COUNTS.first));
    expect(await popupCounts(tabId, BACK_FORWARD_COUNTS.first)).toEqual(BACK_FORWARD_COUNTS.first);

    await news.page.goForward({ waitUntil: 'commit' });
    await expect.poll(() => shows(news.page), { timeout: 10_000 }).toEqual([false, true]);
    await expect.poll(badge, { timeout: BADGE_MS }).toBe(badgeTextFor(BACK_FORWARD_COUNTS.second));
    expect(await popupCounts(tabId, BACK_FORWARD_COUNTS.second)).toEqual(BACK_FORWARD_COUNTS.second);
    expect(news.errors.pageErrors).toEqual([]);
  });
});
