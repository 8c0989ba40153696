// What's on this page: the toolbar badge counts the distinct terms of the page, and choosing a
// term in the popup scrolls the page to its next occurrence and flashes it.

import { describe, expect, it } from 'vitest';
import { useBrowserSuite, waitForSettledHighlights } from './harness';
import { BADGE_MS, BADGE_PAGE, FLASH_MS, flashDocumentTop, readFlash, REVEAL_PAGE, REVEAL_TERM, REVEAL_VIEWPORT } from './shared-popup';

const suite = useBrowserSuite();

describe('this page, from the toolbar', () => {
  it('the badge shows how many distinct terms the page holds, as many as the popup lists', async () => {
    const news = await suite.newPage();
    await news.page.goto(suite.server.page(BADGE_PAGE.path, BADGE_PAGE.html));
    await waitForSettledHighlights(news.page);
    const tabId = await suite.tabIdOf(news.page);
    const worker = await suite.browser.serviceWorker();
    type WorkerGlobal = { chrome: { action: { getBadgeText(details: { tabId: number }): Promise<string> } } };
    const badge = () => worker.evaluate((id) => (globalThis as unknown as WorkerGlobal).chrome.action.getBadgeText({ tabId: id }), tabId);
    await expect.poll(badge, { timeout: BADGE_MS }).toMatch(/^\d+$/);

    const popup = await suite.newPage();
    await popup.page.goto(suite.browser.extensionUrl(`popup.html?tab=${tabId}`));
    await popup.page.getByTestId('page-term').first().waitFor({ timeout: 15_000 });
    expect(Number(await badge())).toBe(await popup.page.getByTestId('page-term').count());
  });

  it('choosing 新质生产力 in the popup scrolls to its next occurrence and flashes it, then the one after', async () => {
    const news = await suite.newPage();
    await news.page.setViewportSize(REVEAL_VIEWPORT);
    await news.page.goto(suite.server.page(REVEAL_PAGE.path, REVEAL_PAGE.html));
    await waitForSettledHighlights(news.page);
    const tabId = await suite.tabIdOf(news.page);
    const popup = await suite.newPage();
    await popup.page.goto(suite.browser.extensionUrl(`popup.html?tab=${tabId}`));
    const row = popup.page.getByTestId('page-term').filter({ hasText: REVEAL_TERM });
    await row.waitFor({ timeout: 15_000 });

    const flashed = () => news.page.evaluate(readFlash);

    await row.click();
    await expect.poll(flashed, { timeout: FLASH_MS }).toMatchObject({ text: REVEAL_TERM, inView: true });
    const first = await news.page.evaluate(flashDocumentTop);

    await row.click();
    await expect.poll(flashed, { timeout: FLASH_MS }).toMatchObject({ text: REVEAL_TERM, inView: true });
    const second = await news.page.evaluate(flashDocumentTop);
    expect(second).not.toBe(first);
  });
});
