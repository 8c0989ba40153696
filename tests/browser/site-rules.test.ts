// Site rules in the options page: everywhere except the excluded sites (the default), or only on
// the listed ones. Each change reaches an open tab without a reload.

import { describe, expect, it } from 'vitest';
import { newsArticlePage } from '../fixtures/pages/news-article.mjs';
import { screenshot, useBrowserSuite, waitForHighlights, waitForSettledHighlights } from './harness';

const suite = useBrowserSuite();
const live = (r: { ranges: { collapsed: boolean }[] }) => r.ranges.filter((x) => !x.collapsed).length;

describe('site rules in the options page', () => {
  it('excludes a site, then highlights only on listed sites, and the open page follows each change', async () => {
    const news = await suite.newPage();
    await news.page.goto(suite.server.page('/news/rules.html', newsArticlePage()));
    await waitForSettledHighlights(news.page);

    const options = await suite.newPage();
    await options.page.setViewportSize({ width: 1280, height: 800 });
    await options.page.goto(suite.browser.extensionUrl('options.html'));
    await options.page.getByTestId('nav-settings').click();
    expect(await options.page.getByTestId('site-mode-everywhere-except').isChecked()).toBe(true);

    // A typo is refused beside the field, and nothing is added.
    await options.page.getByTestId('site-input').fill('not a site');
    await options.page.getByTestId('site-input').press('Enter');
    await options.page.getByRole('alert').waitFor();
    expect(await options.page.getByTestId('site-list').locator('li span').count()).toBe(0);

    // Excluding the page's own site (typed as a URL) clears its highlights.
    await options.page.getByTestId('site-input').fill('http://127.0.0.1/some/page');
    await options.page.getByTestId('site-add').click();
    await expect.poll(() => options.page.getByTestId('site-list').locator('li span').allTextContents()).toEqual(['127.0.0.1']);
    await waitForHighlights(news.page, (r) => live(r) === 0, { timeout: 15_000 });

    // Only listed sites: the list is empty, so still nothing; listing the site brings them back.
    await options.page.getByTestId('site-mode-only-listed').check();
    await options.page.getByTestId('site-input').fill('127.0.0.1');
    await options.page.getByTestId('site-input').press('Enter');
    await waitForHighlights(news.page, (r) => live(r) > 0, { timeout: 15_000 });
    await screenshot(options.page, 'options-site-rules');

    // Removing it again, by keyboard, clears them.
    await options.page.getByRole('button', { name: /127\.0\.0\.1/ }).focus();
    await options.page.keyboard.press('Enter');
    await waitForHighlights(news.page, (r) => live(r) === 0, { timeout: 15_000 });
    expect(options.errors.pageErrors).toEqual([]);
    expect(news.errors.pageErrors).toEqual([]);
  });
});
