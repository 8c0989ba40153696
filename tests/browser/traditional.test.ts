// A page in Traditional characters (issue 3, "One fold"): the reference page converted to zh-Hant
// (tests/fixtures/pages/traditional-article.mjs) is matched by the glossary's Simplified entries,
// term for term as the Simplified page is.

import type { Page } from 'playwright-core';
import type { Browser } from 'wxt/browser';
import { describe, expect, it } from 'vitest';
import { newsArticlePage } from '../fixtures/pages/news-article.mjs';
import { traditionalNewsArticlePage } from '../fixtures/pages/traditional-article.mjs';
import { screenshot, showWholePage, useBrowserSuite, waitForSettledHighlights } from './harness';
import type { PageTermsResponse } from '../../lib/messages';
import { byEntry, MIN_REFERENCE_ENTRIES, TRADITIONAL_COUNTS, TRADITIONAL_ENTRY_COUNTS, traditionalCountsOf } from './shared-traditional';

const suite = useBrowserSuite();

/** The content script's own answer to the popup's question: which entries, how often. */
async function pageTerms(page: Page): Promise<PageTermsResponse> {
  const tabId = await suite.tabIdOf(page);
  const worker = await suite.browser.serviceWorker();
  return worker.evaluate(
    (id) => (globalThis as unknown as { chrome: typeof Browser }).chrome.tabs.sendMessage(id, { type: 'get-page-terms' }, { frameId: 0 }),
    tabId,
  ) as Promise<PageTermsResponse>;
}

async function open(path: string, html: string) {
  const url = suite.server.page(path, html);
  const watched = await suite.newPage();
  await watched.page.goto(url);
  await showWholePage(watched.page);
  const reading = await waitForSettledHighlights(watched.page);
  return { ...watched, reading };
}

describe('a page in Traditional characters', () => {
  it('highlights 4 × 新質生產力, 2 × 能源革命 and 7 × 西部大開發', async () => {
    const { page, reading, errors } = await open('/hant/p1.html', traditionalNewsArticlePage());
    await screenshot(page, 'traditional-page', { fullPage: true });
    expect(traditionalCountsOf(reading.counts)).toEqual(TRADITIONAL_COUNTS);
    expect(errors.pageErrors).toEqual([]);
  });

  it('gives every entry the same count as the Simplified page does', async () => {
    const simplified = await open('/hans/p1.html', newsArticlePage());
    const hans = byEntry(await pageTerms(simplified.page));
    await simplified.page.close();
    const traditional = await open('/hant/p1.html', traditionalNewsArticlePage());
    const hant = byEntry(await pageTerms(traditional.page));

    expect(Object.keys(hans).length).toBeGreaterThanOrEqual(MIN_REFERENCE_ENTRIES);
    expect(hant).toEqual(hans);
    expect(hant).toMatchObject(TRADITIONAL_ENTRY_COUNTS);
  });
});
