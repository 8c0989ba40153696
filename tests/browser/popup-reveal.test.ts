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

  it('tells the badge when the count of terms changes, not at every change of a page whose ticker ticks', async () => {
    // A heading rewritten every 50 ms, with no term in it, above a paragraph with one term.
    const html = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><body>
      <h1 id="ticker">0</h1><p>山西加快培育新质生产力。</p>
      <script>let n = 0; setInterval(() => { document.getElementById('ticker').textContent = String(++n); }, 50);</script>
    </body></html>`;
    const news = await suite.newPage();
    await news.page.goto(suite.server.page('/news/ticking-badge.html', html));
    await waitForSettledHighlights(news.page);
    const tabId = await suite.tabIdOf(news.page);
    const worker = await suite.browser.serviceWorker();
    type Action = { setBadgeText(details: { tabId: number; text: string }): Promise<void>; getBadgeText(details: { tabId: number }): Promise<string> };
    type WorkerGlobal = { chrome: { action: Action }; badgeTexts?: string[]; unwatchBadge?: () => void };
    const badge = () => worker.evaluate((id) => (globalThis as unknown as WorkerGlobal).chrome.action.getBadgeText({ tabId: id }), tabId);
    await expect.poll(badge, { timeout: BADGE_MS }).toMatch(/^[1-9]\d*$/);
    const before = Number(await badge());
    // Every badge text the background sets for this tab from now on.
    await worker.evaluate((id) => {
      const self = globalThis as unknown as WorkerGlobal;
      const action = self.chrome.action;
      const set = action.setBadgeText.bind(action);
      const original = action.setBadgeText;
      self.badgeTexts = [];
      action.setBadgeText = (details) => {
        if (details.tabId === id) self.badgeTexts!.push(details.text);
        return set(details);
      };
      self.unwatchBadge = () => {
        action.setBadgeText = original;
      };
    }, tabId);
    const told = () => worker.evaluate(() => (globalThis as unknown as WorkerGlobal).badgeTexts);
    // Two seconds of ticking: about 40 changes of the page, and nothing new to tell.
    await news.page.waitForTimeout(2_000);
    expect(await news.page.evaluate(() => Number(document.getElementById('ticker')!.textContent))).toBeGreaterThan(20);
    expect(await told()).toEqual([]);
    // A second term appears: the badge hears of it.
    await news.page.evaluate(() => {
      const p = document.createElement('p');
      p.textContent = '山西是全国能源革命排头兵。';
      document.body.append(p);
    });
    await expect.poll(badge, { timeout: BADGE_MS }).toBe(String(before + 1));
    expect(await told()).toEqual([String(before + 1)]);
    await worker.evaluate(() => (globalThis as unknown as WorkerGlobal).unwatchBadge?.());
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
