// What's on this page: the toolbar badge counts the distinct terms of the page, and choosing a
// term in the popup scrolls the page to its next occurrence and flashes it.

import { describe, expect, it } from 'vitest';
import { newsArticlePage } from '../fixtures/pages/news-article.mjs';
import { useBrowserSuite, waitForSettledHighlights } from './harness';

const suite = useBrowserSuite();

describe('this page, from the toolbar', () => {
  it('the badge shows how many distinct terms the page holds, as many as the popup lists', async () => {
    const news = await suite.newPage();
    await news.page.goto(suite.server.page('/news/badge.html', newsArticlePage()));
    await waitForSettledHighlights(news.page);
    const tabId = await suite.tabIdOf(news.page);
    const worker = await suite.browser.serviceWorker();
    type WorkerGlobal = { chrome: { action: { getBadgeText(details: { tabId: number }): Promise<string> } } };
    const badge = () => worker.evaluate((id) => (globalThis as unknown as WorkerGlobal).chrome.action.getBadgeText({ tabId: id }), tabId);
    await expect.poll(badge, { timeout: 10_000 }).toMatch(/^\d+$/);

    const popup = await suite.newPage();
    await popup.page.goto(suite.browser.extensionUrl(`popup.html?tab=${tabId}`));
    await popup.page.getByTestId('page-term').first().waitFor({ timeout: 15_000 });
    expect(Number(await badge())).toBe(await popup.page.getByTestId('page-term').count());
  });

  it('choosing 新质生产力 in the popup scrolls to its next occurrence and flashes it, then the one after', async () => {
    const news = await suite.newPage();
    await news.page.setViewportSize({ width: 1280, height: 600 });
    await news.page.goto(suite.server.page('/news/reveal.html', newsArticlePage()));
    await waitForSettledHighlights(news.page);
    const tabId = await suite.tabIdOf(news.page);
    const popup = await suite.newPage();
    await popup.page.goto(suite.browser.extensionUrl(`popup.html?tab=${tabId}`));
    const row = popup.page.getByTestId('page-term').filter({ hasText: '新质生产力' });
    await row.waitFor({ timeout: 15_000 });

    const flashed = () =>
      news.page.evaluate(() => {
        const flash = CSS.highlights.get('termlens-flash');
        const range = flash ? ([...flash][0] as Range | undefined) : undefined;
        if (!range) return null;
        const rect = range.getBoundingClientRect();
        return { text: range.toString().replace(/\s/g, ''), top: rect.top, inView: rect.top >= 0 && rect.bottom <= innerHeight };
      });

    await row.click();
    await expect.poll(flashed, { timeout: 5_000 }).toMatchObject({ text: '新质生产力', inView: true });
    const first = await news.page.evaluate(() => scrollY + ([...CSS.highlights.get('termlens-flash')!][0] as Range).getBoundingClientRect().top);

    await row.click();
    await expect.poll(flashed, { timeout: 5_000 }).toMatchObject({ text: '新质生产力', inView: true });
    const second = await news.page.evaluate(() => scrollY + ([...CSS.highlights.get('termlens-flash')!][0] as Range).getBoundingClientRect().top);
    expect(second).not.toBe(first);
  });
});
