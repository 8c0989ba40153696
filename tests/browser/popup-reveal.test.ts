// What's on this page: the toolbar badge counts the distinct terms of the page, and choosing a
// term in the popup scrolls the page to its next occurrence and flashes it.

import type { Frame, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FRAMED_ARTICLE_COUNTS } from '../fixtures/pages/hostile-pages.mjs';
import { screenshot, useBrowserSuite, waitForSettledHighlights } from './harness';
import {
  BADGE_MS,
  BADGE_PAGE,
  FLASH_MS,
  flashDocumentTop,
  FRAMED_ARTICLE_FRAMES,
  readFlash,
  readPopupRows,
  REVEAL_PAGE,
  REVEAL_TERM,
  REVEAL_VIEWPORT,
  rowsAsCounts,
  framedArticleSpec,
  flashInPageView,
  storyFrameTop,
} from './shared-popup';
import { fillWaitingFrame, WAITING_FRAME_PATH, waitForFrameCounts, waitingFramePage } from './shared-pages';

const suite = useBrowserSuite();

/** The popup's rows of the page's terms, as term → count (rowsAsCounts; `terms`: the terms a row may name). */
async function popupCounts(popup: Page, terms: readonly string[]): Promise<Record<string, number>> {
  return rowsAsCounts(await popup.evaluate(readPopupRows), terms);
}

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
    await popup.page.getByTestId('page-terms-more').click();
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

  it('a story set in a frame: the badge and the popup count its terms with the page’s, and choosing one reveals it in the frame', async () => {
    const news = await suite.newPage();
    await news.page.setViewportSize(REVEAL_VIEWPORT);
    const spec = framedArticleSpec(suite.server);
    await news.page.goto(suite.server.page(spec.path, spec.html));
    const story = (await (await news.page.$('#story'))!.contentFrame()) as Frame;
    const frames = { top: news.page.mainFrame(), story };
    expect(await waitForFrameCounts(frames, FRAMED_ARTICLE_FRAMES)).toEqual(FRAMED_ARTICLE_FRAMES);
    const tabId = await suite.tabIdOf(news.page);
    const worker = await suite.browser.serviceWorker();
    type WorkerGlobal = { chrome: { action: { getBadgeText(details: { tabId: number }): Promise<string> } } };
    const badge = () => worker.evaluate((id) => (globalThis as unknown as WorkerGlobal).chrome.action.getBadgeText({ tabId: id }), tabId);
    // Three entries: 能源革命 is on the page and in the frame, and counts once.
    await expect.poll(badge, { timeout: BADGE_MS }).toBe(String(Object.keys(FRAMED_ARTICLE_COUNTS).length));
    // The background keeps both frames, and when the page's document started (which drops the
    // frames of the document before): the page's own timeOrigin, as its content script sees it.
    type Session = { chrome: { storage: { session: { get(key: string): Promise<Record<string, unknown>> } } } };
    const kept = (await worker.evaluate((id) => (globalThis as unknown as Session).chrome.storage.session.get(`tab-terms:${id}`), tabId))[
      `tab-terms:${tabId}`
    ] as { documentStart: number; frames: Record<string, unknown> };
    expect(Object.keys(kept.frames)).toHaveLength(2);
    expect(Math.abs(kept.documentStart - (await news.page.evaluate(() => performance.timeOrigin)))).toBeLessThan(1);

    const popup = await suite.newPage();
    await popup.page.goto(suite.browser.extensionUrl(`popup.html?tab=${tabId}`));
    const rows = popup.page.getByTestId('page-term');
    const shown = () => popupCounts(popup.page, Object.keys(FRAMED_ARTICLE_COUNTS));
    await expect.poll(shown, { timeout: 15_000 }).toEqual(FRAMED_ARTICLE_COUNTS);
    await screenshot(popup.page, 'popup-framed-article');

    // 新质生产力 is only in the frame, below the page's first screen: the page scrolls the frame
    // into view, and the frame its occurrence; then the frame's second occurrence.
    const row = (term: string) => rows.filter({ hasText: term });
    const flashInView = async () => flashInPageView(await story.evaluate(readFlash), await news.page.evaluate(storyFrameTop));
    expect((await news.page.evaluate(storyFrameTop)).top).toBeGreaterThan(REVEAL_VIEWPORT.height);
    await row('新质生产力').click();
    await expect.poll(() => story.evaluate(readFlash), { timeout: FLASH_MS }).toMatchObject({ text: '新质生产力', inView: true });
    expect(await flashInView()).toBe(true);
    await screenshot(news.page, 'framed-article-revealed');
    const first = await story.evaluate(flashDocumentTop);
    await row('新质生产力').click();
    await expect.poll(() => story.evaluate(flashDocumentTop), { timeout: FLASH_MS }).toBeGreaterThan(first + 1000);
    expect(await flashInView()).toBe(true);

    // 能源革命 is on the page and in the frame: the page's first, then the frame's.
    await news.page.evaluate(() => scrollTo(0, document.body.scrollHeight));
    await row('能源革命').click();
    await expect.poll(() => news.page.evaluate(readFlash), { timeout: FLASH_MS }).toMatchObject({ text: '能源革命', inView: true });
    await row('能源革命').click();
    await expect.poll(() => story.evaluate(readFlash), { timeout: FLASH_MS }).toMatchObject({ text: '能源革命', inView: true });
    expect(await flashInView()).toBe(true);

    // The page removes the frame: its entries leave the badge and the popup.
    await news.page.evaluate(() => document.getElementById('story')!.remove());
    await expect.poll(badge, { timeout: BADGE_MS }).toBe('1');
    await expect.poll(shown, { timeout: 15_000 }).toEqual({ 能源革命: 1 });
    expect(news.errors.pageErrors).toEqual([]);
    expect(popup.errors.pageErrors).toEqual([]);
  });

  it('lists the terms of a frame that gets its text after the popup opened', async () => {
    const news = await suite.newPage();
    await news.page.goto(suite.server.page(WAITING_FRAME_PATH, waitingFramePage()));
    await waitForSettledHighlights(news.page);
    const tabId = await suite.tabIdOf(news.page);
    const popup = await suite.newPage();
    await popup.page.goto(suite.browser.extensionUrl(`popup.html?tab=${tabId}`));
    const shown = () => popupCounts(popup.page, ['能源革命', '西部大开发']);
    await expect.poll(shown, { timeout: 15_000 }).toEqual({ 能源革命: 1 });
    // The frame's text comes now: its page script comes after the popup's first port was opened.
    await news.page.evaluate(fillWaitingFrame, '西部大开发');
    await expect.poll(shown, { timeout: 15_000 }).toEqual({ 能源革命: 1, 西部大开发: 1 });
    expect(popup.errors.pageErrors).toEqual([]);
  });
});
