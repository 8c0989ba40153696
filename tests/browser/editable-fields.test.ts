// Layout B: the reference page plus a reader-comment form whose contenteditable <div>, <textarea>
// and <input value> hold the same terms. What a reader is typing is never highlighted.

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newsArticleWithEditorsPage, REFERENCE_COUNTS } from '../fixtures/pages/news-article.mjs';
import { screenshot, showWholePage, useBrowserSuite, waitForSettledHighlights } from './harness';

const suite = useBrowserSuite();

/** "termlens-N: text" for every registered range whose common ancestor is inside an editable field. */
function rangesInEditors(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    CSS.highlights.forEach((highlight, name) => {
      if (!name.startsWith('termlens-')) return;
      for (const r of highlight) {
        const range = document.createRange();
        range.setStart(r.startContainer, r.startOffset);
        range.setEnd(r.endContainer, r.endOffset);
        const node = range.commonAncestorContainer;
        const element = node instanceof Element ? node : node.parentElement;
        if (element?.closest('[contenteditable], textarea, input')) out.push(`${name}: ${range.toString()}`);
      }
    });
    return out;
  });
}

async function openPageWithEditors() {
  const url = suite.server.page('/news/2024-04-24/p1-comments.html', newsArticleWithEditorsPage());
  const watched = await suite.newPage();
  await watched.page.goto(url);
  await showWholePage(watched.page);
  const reading = await waitForSettledHighlights(watched.page);
  return { ...watched, reading };
}

describe('editable fields on a news page', () => {
  it('highlights nothing inside contenteditable, <textarea> or <input>, and the same terms outside them', async () => {
    const { page, errors, reading } = await openPageWithEditors();
    await screenshot(page, 'editable-fields', { fullPage: true });

    const held = await page.evaluate(() => [
      document.querySelector('#comment-rich')?.textContent ?? '',
      document.querySelector('textarea')?.value ?? '',
      document.querySelector('input')?.value ?? '',
    ]);
    // The fields really hold the terms, so a scanner that went into them would be caught.
    for (const text of held) expect(text).toMatch(/西部大开发/);

    expect(await rangesInEditors(page)).toEqual([]);
    // Outside the form the page shows every occurrence, and the form adds none.
    const found = Object.fromEntries(Object.keys(REFERENCE_COUNTS).map((term) => [term, reading.counts.get(term) ?? 0]));
    expect(found).toEqual(REFERENCE_COUNTS);
    expect(errors.pageErrors).toEqual([]);
  });

  it('does not highlight a term as the reader types it into a contenteditable', async () => {
    const { page, reading } = await openPageWithEditors();
    await page.click('#comment-rich');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('新质生产力');
    await page.locator('textarea').click();
    await page.keyboard.type('西部大开发');
    // Absence cannot be awaited: give the observer time to rescan what changed.
    await page.waitForTimeout(2_000);
    const after = await waitForSettledHighlights(page);

    expect(await page.locator('#comment-rich').textContent()).toMatch(/新质生产力$/);
    expect(await rangesInEditors(page)).toEqual([]);
    expect(after.counts.get('新质生产力')).toBe(reading.counts.get('新质生产力'));
  });
});
