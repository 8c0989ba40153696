// Site rules in the options page: everywhere except the excluded sites (the default), or only on
// the listed ones. Each change reaches an open tab without a reload.

import { describe, expect, it } from 'vitest';
import { screenshot, useBrowserSuite, waitForHighlights, waitForSettledHighlights } from './harness';
import { NOT_A_SITE, RULES_FOLLOW_MS, RULES_PAGE, SITE, SITE_AS_URL } from './shared-site-rules';

const suite = useBrowserSuite();
const live = (r: { ranges: { collapsed: boolean }[] }) => r.ranges.filter((x) => !x.collapsed).length;

describe('site rules in the options page', () => {
  it('excludes a site, then highlights only on listed sites, and the open page follows each change', async () => {
    const news = await suite.newPage();
    await news.page.goto(suite.server.page(RULES_PAGE.path, RULES_PAGE.html));
    await waitForSettledHighlights(news.page);

    const options = await suite.newPage();
    await options.page.setViewportSize({ width: 1280, height: 800 });
    await options.page.goto(suite.browser.extensionUrl('options.html'));
    await options.page.getByTestId('nav-settings').click();
    expect(await options.page.getByTestId('site-mode-everywhere-except').isChecked()).toBe(true);

    // A typo is refused beside the field, and nothing is added.
    await options.page.getByTestId('site-input').fill(NOT_A_SITE);
    await options.page.getByTestId('site-input').press('Enter');
    await options.page.getByRole('alert').waitFor();
    expect(await options.page.getByTestId('site-list').locator('li span').count()).toBe(0);

    // Excluding the page's own site (typed as a URL) clears its highlights.
    await options.page.getByTestId('site-input').fill(SITE_AS_URL);
    await options.page.getByTestId('site-add').click();
    await expect.poll(() => options.page.getByTestId('site-list').locator('li span').allTextContents()).toEqual([SITE]);
    await waitForHighlights(news.page, (r) => live(r) === 0, { timeout: RULES_FOLLOW_MS });

    // Only listed sites: the list is empty, so still nothing; listing the site brings them back.
    await options.page.getByTestId('site-mode-only-listed').check();
    await options.page.getByTestId('site-input').fill(SITE);
    await options.page.getByTestId('site-input').press('Enter');
    await waitForHighlights(news.page, (r) => live(r) > 0, { timeout: RULES_FOLLOW_MS });
    await screenshot(options.page, 'options-site-rules');

    // Removing it again, by keyboard, clears them.
    await options.page.getByRole('button', { name: SITE }).focus();
    await options.page.keyboard.press('Enter');
    await waitForHighlights(news.page, (r) => live(r) === 0, { timeout: RULES_FOLLOW_MS });
    expect(options.errors.pageErrors).toEqual([]);
    expect(news.errors.pageErrors).toEqual([]);
  });
});
