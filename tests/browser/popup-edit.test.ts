// Quick edits in the popup (issue 5): add, edit and delete an entry with the same form as the
// options page, while the page the popup describes is open. Opened as a tab for the test, the popup
// is told which tab to describe with ?tab=<tabId>.

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, useBrowserSuite, waitForHighlights, waitForSettledHighlights } from './harness';

const suite = useBrowserSuite();

const TERM = '数据要素';
const NEWS = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>数据要素</title></head>
<body><main><h1>激活数据要素潜能</h1><p>加快培育数据要素市场，让数据要素“供得出、流得动、用得好”，培育新质生产力。</p></main></body></html>`;

async function openNewsAndPopup() {
  const url = suite.server.page('/news/data.html', NEWS);
  const news = await suite.newPage();
  await news.page.goto(url);
  await waitForSettledHighlights(news.page);
  const tabId = await suite.tabIdOf(news.page);
  const popup = await suite.newPage();
  await popup.page.setViewportSize({ width: 360, height: 600 });
  await popup.page.goto(suite.browser.extensionUrl(`popup.html?tab=${tabId}`));
  await popup.page.getByTestId('glossary-entry').first().waitFor({ timeout: 15_000 });
  return { news, popup };
}

function cardEntry(page: Page, entryId: string): Promise<{ definition: string } | null> {
  return page.evaluate((id) => {
      // In the extension page, where the WebExtension API is the global `chrome`.
      const ext = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ definition: string } | null> } } }).chrome;
      return ext.runtime.sendMessage({ type: 'get-card-entry', entryId: id });
    }, entryId);
}

describe('quick edits in the popup', () => {
  it('adds, edits and deletes an entry, and the page follows each change without reload', async () => {
    const { news, popup } = await openNewsAndPopup();
    const page = popup.page;

    // Add: what was typed in the search box becomes the new entry's term.
    await page.getByTestId('glossary-search').pressSequentially(TERM);
    await page.getByTestId('glossary-add').click();
    const form = page.getByTestId('entry-form');
    expect(await form.getByTestId('entry-term').inputValue()).toBe(TERM);
    await form.getByTestId('entry-translation-en').first().pressSequentially('data as a factor of production');
    await form.getByTestId('entry-definition').pressSequentially('参与社会生产经营活动的数据资源。');
    await screenshot(page, 'popup-edit-form');
    await form.getByTestId('entry-term').press('Enter');
    await form.waitFor({ state: 'detached' });
    await waitForHighlights(news.page, (r) => r.counts.get(TERM) === 3, { timeout: 5_000 });

    // Edit.
    const row = page.getByTestId('glossary-entry').filter({ hasText: TERM });
    const entryId = (await row.getAttribute('data-entry-id'))!;
    await row.hover();
    await row.getByTestId('glossary-edit').click();
    const definition = form.getByTestId('entry-definition');
    await definition.fill('数据要素：改过的释义。');
    await form.getByTestId('entry-save').click();
    await form.waitFor({ state: 'detached' });
    await expect.poll(async () => (await cardEntry(page, entryId))?.definition, { timeout: 3_000 }).toBe('数据要素：改过的释义。');

    // Delete, then undo.
    await row.getByTestId('glossary-edit').click();
    await form.getByTestId('entry-delete').click();
    await page.getByTestId('popup-notice').waitFor();
    await screenshot(page, 'popup-after-delete');
    await waitForHighlights(news.page, (r) => !r.counts.has(TERM), { timeout: 5_000 });
    expect(await cardEntry(page, entryId)).toBeNull();
    await page.getByTestId('popup-undo').click();
    await waitForHighlights(news.page, (r) => r.counts.get(TERM) === 3, { timeout: 5_000 });
    expect(popup.errors.pageErrors).toEqual([]);
  });

  it('keeps a small-popup layout: the form fits 360 px without horizontal scrolling', async () => {
    const { popup } = await openNewsAndPopup();
    await popup.page.getByTestId('glossary-add').click();
    await popup.page.getByTestId('entry-form').waitFor();
    const overflow = await popup.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
