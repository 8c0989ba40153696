// The entries table with 10,000 entries (issue 5): it stays a virtual list (only the rows in view
// are in the DOM) and reports how long each search took, for the benchmark to read. Nothing here is
// timed: speed is shown by the benchmark, not asserted by a test.

import { describe, expect, it } from 'vitest';
import { screenshot, useBrowserSuite } from './harness';
import {
  LARGE_COUNT,
  LARGE_SEARCH,
  LARGE_SEARCH_HIT,
  MAX_RENDERED_ROWS,
  MIN_RENDERED_ROWS,
  SCROLL_TOP,
  SCROLLED_PAST_INDEX,
  STARTER_ENTRY_COUNT,
  writeLargeGlossary,
} from './shared-options-large';

const suite = useBrowserSuite();
const COUNT = LARGE_COUNT;

describe('the options page with 10,000 entries', () => {
  it('renders only the rows in view, filters as the editor types, and exposes the search time', async () => {
    const { page, errors } = await suite.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(suite.browser.extensionUrl('options.html'));
    await page.getByTestId('entry-table').waitFor({ timeout: 15_000 });

    // Load the entries straight into the database, then reload so the page reads them.
    await page.evaluate(writeLargeGlossary, COUNT);
    await page.reload();
    const table = page.getByTestId('entry-table');
    await expect.poll(() => table.getAttribute('data-result-count'), { timeout: 20_000 }).toBe(String(COUNT + STARTER_ENTRY_COUNT));

    // Virtual: a screenful of rows, not ten thousand.
    const rendered = await page.getByTestId('entry-row').count();
    expect(rendered).toBeGreaterThan(MIN_RENDERED_ROWS);
    expect(rendered).toBeLessThan(MAX_RENDERED_ROWS);

    await page.getByTestId('entry-search').pressSequentially(LARGE_SEARCH);
    await expect.poll(() => table.getAttribute('data-result-count')).toBe('1');
    expect(await page.getByTestId('entry-row-term').first().textContent()).toMatch(LARGE_SEARCH_HIT);

    // The benchmark's two ways to read the search time.
    const ms = Number(await table.getAttribute('data-search-ms'));
    expect(Number.isFinite(ms)).toBe(true);
    const measures = await page.evaluate(() => performance.getEntriesByName('termlens-search').map((m) => m.duration));
    expect(measures.length).toBeGreaterThan(0);
    console.info(`10k entries: last search ${ms} ms; measures (ms): ${measures.slice(-5).map((d) => d.toFixed(1)).join(', ')}`);

    // Scrolling far down shows rows from there, still only a screenful.
    await page.getByTestId('entry-search').fill('');
    await expect.poll(() => table.getAttribute('data-result-count')).toBe(String(COUNT + STARTER_ENTRY_COUNT));
    await page.locator('.tl-table-body').evaluate((el, top) => (el.scrollTop = top), SCROLL_TOP);
    await expect.poll(async () => Number(await page.getByTestId('entry-row').first().getAttribute('data-index'))).toBeGreaterThan(SCROLLED_PAST_INDEX);
    expect(await page.getByTestId('entry-row').count()).toBeLessThan(MAX_RENDERED_ROWS);
    await screenshot(page, 'options-10k');
    expect(errors.pageErrors).toEqual([]);
  });
});
