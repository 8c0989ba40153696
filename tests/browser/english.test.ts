// Latin terms (issue 3, "Latin and mixed terms"): an English article in China Daily's style
// (tests/fixtures/pages/english-article.mjs) highlights the official rendering "new quality
// productive forces" on word boundaries, across a line break and an inline <em>, and each range
// belongs to the entry 新质生产力.

import type { Page } from 'playwright-core';
import type { Browser } from 'wxt/browser';
import { describe, expect, it } from 'vitest';
import { ENGLISH_COUNTS, englishArticlePage, NEW_QUALITY_PRODUCTIVE_FORCES_COUNT } from '../fixtures/pages/english-article.mjs';
import { screenshot, useBrowserSuite, waitForSettledHighlights } from './harness';
import type { PageTermsResponse } from '../../lib/messages';
import { ENGLISH_ENTRY_TOTAL, ENGLISH_RANGE_PLACES, LOOK_ALIKES_PLACE, OTHER_ENGLISH_ENTRY_COUNTS, readEnglishRangesInPage } from './shared-english';

const suite = useBrowserSuite();

async function pageTerms(page: Page): Promise<PageTermsResponse> {
  const tabId = await suite.tabIdOf(page);
  const worker = await suite.browser.serviceWorker();
  return worker.evaluate(
    (id) => (globalThis as unknown as { chrome: typeof Browser }).chrome.tabs.sendMessage(id, { type: 'get-page-terms' }, { frameId: 0 }),
    tabId,
  ) as Promise<PageTermsResponse>;
}

describe('an English article', () => {
  async function open() {
    const url = suite.server.page('/english/shanxi.html', englishArticlePage());
    const watched = await suite.newPage();
    await watched.page.goto(url);
    await waitForSettledHighlights(watched.page);
    return watched;
  }

  it('highlights "new quality productive forces" whole, across a line break, across <em> and capitalised, and not inside longer words', async () => {
    const { page, errors } = await open();
    await screenshot(page, 'english-article');
    const ranges = await page.evaluate(readEnglishRangesInPage);
    const counts: Record<string, number> = {};
    for (const { text } of ranges) counts[text] = (counts[text] ?? 0) + 1;

    for (const [form, n] of Object.entries(ENGLISH_COUNTS)) expect(counts[form] ?? 0, form).toBe(n);
    expect(ranges.map((r) => r.where).sort()).toEqual(ENGLISH_RANGE_PLACES);
    expect(ranges.filter((r) => r.where === LOOK_ALIKES_PLACE)).toEqual([]);
    expect(errors.pageErrors).toEqual([]);
  });

  it('counts every spelling as the entry 新质生产力, which opens its card', async () => {
    const { page } = await open();
    const answer = await pageTerms(page);
    const row = answer.terms.find((t) => t.term === '新质生产力');
    expect(row?.count).toBe(NEW_QUALITY_PRODUCTIVE_FORCES_COUNT);
    for (const [term, n] of Object.entries(OTHER_ENGLISH_ENTRY_COUNTS)) expect(answer.terms.find((t) => t.term === term)?.count, term).toBe(n);
    expect(answer.terms.reduce((sum, t) => sum + t.count, 0)).toBe(ENGLISH_ENTRY_TOTAL);
  });
});
