// Layout B: the reference page plus a reader-comment form whose contenteditable <div>, <textarea>
// and <input value> hold the same terms. What a reader is typing is never highlighted.

import { describe, expect, it } from 'vitest';
import { newsArticleWithEditorsPage, REFERENCE_COUNTS } from '../fixtures/pages/news-article.mjs';
import { screenshot, showWholePage, useBrowserSuite, waitForSettledHighlights } from './harness';
import { EDITORS_PAGE_PATH, RESCAN_GRACE_MS, rangesInEditors, referenceCountsOf, TYPED_INTO_RICH, TYPED_INTO_TEXTAREA } from './shared-pages';

const suite = useBrowserSuite();

async function openPageWithEditors() {
  const url = suite.server.page(EDITORS_PAGE_PATH, newsArticleWithEditorsPage());
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

    expect(await page.evaluate(rangesInEditors)).toEqual([]);
    // Outside the form the page shows every occurrence, and the form adds none.
    const found = referenceCountsOf(reading.counts);
    expect(found).toEqual(REFERENCE_COUNTS);
    expect(errors.pageErrors).toEqual([]);
  });

  it('does not highlight a term as the reader types it into a contenteditable', async () => {
    const { page, reading } = await openPageWithEditors();
    await page.click('#comment-rich');
    await page.keyboard.press('Control+End');
    await page.keyboard.type(TYPED_INTO_RICH);
    await page.locator('textarea').click();
    await page.keyboard.type(TYPED_INTO_TEXTAREA);
    // Absence cannot be awaited: give the observer time to rescan what changed.
    await page.waitForTimeout(RESCAN_GRACE_MS);
    const after = await waitForSettledHighlights(page);

    expect(await page.locator('#comment-rich').textContent()).toMatch(new RegExp(`${TYPED_INTO_RICH}$`));
    expect(await page.evaluate(rangesInEditors)).toEqual([]);
    expect(after.counts.get(TYPED_INTO_RICH)).toBe(reading.counts.get(TYPED_INTO_RICH));
  });
});
