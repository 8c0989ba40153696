// "Add to glossary" from a page (tests/fixtures/pages/news-article.mjs). Headless Chromium cannot
// open a context menu, so the test calls the function the contextMenus.onClicked listener calls,
// `openAddForm`, which the worker exposes as `termlensBackground` (entrypoints/background.ts). The
// form itself is the options page's; saving it writes the DB, simulated here by a Dexie write from
// an extension page (tests/browser/add-entry.ts), after which every open tab must highlight the
// new term at once.

import { describe, expect, it } from 'vitest';
import { newsArticlePage } from '../fixtures/pages/news-article.mjs';
import { addEntry } from './add-entry';
import { useBrowserSuite, waitForSettledHighlights } from './harness';

const suite = useBrowserSuite();

type Hooks = {
  termlensBackground: { openAddForm(selection: string, pageUrl: string, tab?: { id?: number; index?: number }): Promise<void> };
};

describe('adding a term from the page', () => {
  it('opens the options page’s add form with the selection, the page URL and its title', async () => {
    const url = suite.server.page('/news/2024-04-24/p1.html', newsArticlePage());
    const { page } = await suite.newPage();
    await page.goto(url);
    await waitForSettledHighlights(page);
    const title = await page.title();
    const tabId = await suite.tabIdOf(page);

    const opened = suite.browser.context.waitForEvent('page', { timeout: 5_000 });
    const worker = await suite.browser.serviceWorker();
    // A selection over a printed line break, as the browser reports it.
    await worker.evaluate(
      ([id, pageUrl]) => (globalThis as unknown as Hooks).termlensBackground.openAddForm(' 数字\n经济 ', pageUrl, { id }),
      [tabId, url] as const,
    );
    const form = await opened;
    const formUrl = new URL(form.url());
    expect(formUrl.href.startsWith(suite.browser.extensionUrl('options.html#/add?'))).toBe(true);
    const params = new URLSearchParams(formUrl.hash.slice(formUrl.hash.indexOf('?') + 1));
    expect(Object.fromEntries(params)).toEqual({ term: '数字经济', url, title });
    await form.close();
  });

  it('highlights a term saved in an extension page on an open tab within a second, without a reload', async () => {
    const url = suite.server.page('/news/added.html', `<!doctype html><meta charset="utf-8"><title>新词</title>
      <main><p>本文讨论低空经济与新质生产力。</p><p>低空经济正在起步。</p></main>`);
    const { page } = await suite.newPage();
    await page.goto(url);
    await waitForSettledHighlights(page);
    await page.evaluate(() => ((window as unknown as { __loadedOnce: boolean }).__loadedOnce = true));

    const extension = await suite.browser.context.newPage();
    await extension.goto(suite.browser.extensionUrl('popup.html'));
    const saved = Date.now();
    await addEntry(extension, { term: '低空经济', definition: '依托低空空域的经济形态。' });
    const written = Date.now();

    // Poll the registry closely: the second counts from the write.
    let count = 0;
    while (Date.now() - written < 3_000) {
      count = await page.evaluate(() => {
        let n = 0;
        CSS.highlights.forEach((h, name) => {
          if (!/^termlens-\d+$/.test(name)) return;
          for (const r of h) {
            const range = document.createRange();
            range.setStart(r.startContainer, r.startOffset);
            range.setEnd(r.endContainer, r.endOffset);
            if (range.toString() === '低空经济') n++;
          }
        });
        return n;
      });
      if (count === 2) break;
      await page.waitForTimeout(25);
    }
    const elapsed = Date.now() - written;
    expect(count).toBe(2);
    expect(elapsed, `highlighted ${elapsed} ms after the write (the write took ${written - saved} ms)`).toBeLessThan(1_000);
    expect(await page.evaluate(() => (window as unknown as { __loadedOnce?: boolean }).__loadedOnce)).toBe(true);
    await extension.close();
  });
});
