// The popup: which glossary terms this page contains and how often, and a search over the glossary.
// Opened as a tab for the test, it would be the active tab itself, so it is told which tab to
// describe with ?tab=<tabId>.

import { describe, expect, it } from 'vitest';
import { newsArticlePage, REFERENCE_COUNTS } from '../fixtures/pages/news-article.mjs';
import { screenshot, showWholePage, useBrowserSuite, waitForSettledHighlights } from './harness';
import { glossaryRowGaps, glossaryRowsIn, pageTermFocusIn, readPopupRows, type GlossaryRowBoxes } from './shared-popup';
import { PAGE_TERMS_SHOWN } from '../../lib/page-terms';

const suite = useBrowserSuite();

async function openPopupForReferencePage() {
  const url = suite.server.page('/news/2024-04-24/p1.html', newsArticlePage());
  const news = await suite.newPage();
  await news.page.goto(url);
  await showWholePage(news.page);
  const reading = await waitForSettledHighlights(news.page);
  const tabId = await suite.tabIdOf(news.page);

  const popup = await suite.newPage();
  await popup.page.setViewportSize({ width: 380, height: 600 });
  await popup.page.goto(suite.browser.extensionUrl(`popup.html?tab=${tabId}`));
  return { news, popup, reading };
}

describe('the popup on the reference page', () => {
  it('lists the terms of the page with the counts the page highlights', async () => {
    const { news, popup, reading } = await openPopupForReferencePage();
    const terms = popup.page.getByTestId('page-term');
    await terms.first().waitFor({ timeout: 15_000 });
    await screenshot(news.page, 'popup-news-page');
    await screenshot(popup.page, 'popup');

    // The page's main terms first, and the glossary's search above the fold of a 600 px popup.
    const more = popup.page.getByTestId('page-terms-more');
    expect(await terms.count()).toBe(PAGE_TERMS_SHOWN);
    expect(await more.getAttribute('aria-expanded')).toBe('false');
    const search = await popup.page.getByTestId('glossary-search').boundingBox();
    expect(search && search.y + search.height).toBeLessThanOrEqual(600);
    await more.click();
    expect(await more.getAttribute('aria-expanded')).toBe('true');
    await screenshot(popup.page, 'popup-all-terms');

    const shown = await popup.page.evaluate(readPopupRows);
    expect(await more.textContent()).not.toMatch(/\d/);
    // Each row names its entry; the longest highlighted text in the row is the row's term (a row
    // for 西部大开发 also contains 大开发).
    const registryTerms = [...reading.counts.keys()].sort((a, b) => b.length - a.length);
    const rows = shown.map(({ text, count }) => ({
      term: registryTerms.find((t) => text.replace(/\s/g, '').includes(t)) ?? text,
      count: Number.parseInt(count.replace(/\D+/g, ''), 10),
    }));

    for (const [term, n] of Object.entries(REFERENCE_COUNTS)) {
      expect(rows.filter((r) => r.term === term), term).toEqual([{ term, count: n }]);
    }
    // A row counts its entry's variants too (乡村振兴 also counts 乡村振兴战略 and 乡村全面振兴),
    // so rows and registry texts need not pair up; but every range is one row's occurrence.
    const occurrences = reading.ranges.filter((r) => !r.collapsed).length;
    expect(rows.reduce((sum, r) => sum + r.count, 0)).toBe(occurrences);
    // Folded again, the button names how many there are.
    await more.click();
    expect(await terms.count()).toBe(PAGE_TERMS_SHOWN);
    expect(await more.textContent()).toContain(String(shown.length));
    expect(popup.errors.pageErrors).toEqual([]);
  });

  it('filters the glossary as the reader types: 西部 shows 西部大开发 and hides 能源革命', async () => {
    const { popup } = await openPopupForReferencePage();
    const entries = popup.page.getByTestId('glossary-entry');
    const western = entries.filter({ hasText: '西部大开发' });
    const energy = entries.filter({ hasText: '能源革命' });
    await energy.first().waitFor({ state: 'visible', timeout: 15_000 });

    await popup.page.getByTestId('glossary-search').pressSequentially('西部');
    await energy.first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
    await screenshot(popup.page, 'popup-search');

    const stillVisible: string[] = [];
    for (const entry of await energy.all()) if (await entry.isVisible()) stillVisible.push((await entry.textContent()) ?? '');
    expect(await western.first().isVisible()).toBe(true);
    expect(stillVisible).toEqual([]);
  });

  it('takes the page’s terms as one stop of the Tab key, moved through with the arrow keys, Home and End', async () => {
    const { popup } = await openPopupForReferencePage();
    const page = popup.page;
    const terms = page.getByTestId('page-term');
    await terms.first().waitFor({ timeout: 15_000 });
    const count = await terms.count();
    expect(count).toBe(PAGE_TERMS_SHOWN);
    // The shared page function's source, run in the page (it cannot import).
    const focused = () => page.evaluate<ReturnType<typeof pageTermFocusIn>>(`(${pageTermFocusIn.toString()})(document)`);

    // From the switch before them, one Tab lands on the first term, and the next leaves them all.
    await page.getByTestId('global-pause').focus();
    await page.keyboard.press('Tab');
    expect((await focused()).term).toBe(0);
    await page.keyboard.press('Tab');
    expect((await focused()).term).toBe(-1);
    // The next stop is the button that shows the rest.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('page-terms-more');

    // Back in, the arrows move among them; the stop stays where they left it.
    await page.keyboard.press('Shift+Tab');
    expect((await focused()).term).toBe(0);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect((await focused()).term).toBe(2);
    await page.keyboard.press('ArrowLeft');
    expect((await focused()).term).toBe(1);
    await page.keyboard.press('End');
    expect((await focused()).term).toBe(count - 1);
    await page.keyboard.press('ArrowRight');
    expect((await focused()).term).toBe(0);
    await page.keyboard.press('ArrowLeft');
    expect((await focused()).term).toBe(count - 1);
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    expect((await focused()).term).toBe(1);
    // Only that one is in the Tab order.
    expect((await focused()).stops).toBe(1);
  });

  it('lays out each glossary row without an empty line: the edit button stays on the names\' first line', async () => {
    const { popup } = await openPopupForReferencePage();
    await popup.page.getByTestId('glossary-edit').first().waitFor({ state: 'attached', timeout: 15_000 });
    // Every row of the list as it first shows (the shared page function's source, run in the page).
    const rows = await popup.page.evaluate<GlossaryRowBoxes[]>(`(${glossaryRowsIn.toString()})(document)`);
    expect(rows.length).toBeGreaterThan(10);
    // The button beside the term, not on a line of its own below the names; the definition right under the names.
    expect(glossaryRowGaps(rows)).toEqual({ editBelowNames: [], gapBeforeDefinition: [] });
  });
});
