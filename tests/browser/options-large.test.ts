// The entries table with 10,000 entries (issue 5): it stays a virtual list (only the rows in view
// are in the DOM) and reports how long each search took, for the benchmark to read. Nothing here is
// timed: speed is shown by the benchmark, not asserted by a test.

import { describe, expect, it } from 'vitest';
import { screenshot, useBrowserSuite } from './harness';

const suite = useBrowserSuite();
const COUNT = 10_000;

describe('the options page with 10,000 entries', () => {
  it('renders only the rows in view, filters as the editor types, and exposes the search time', async () => {
    const { page, errors } = await suite.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(suite.browser.extensionUrl('options.html'));
    await page.getByTestId('entry-table').waitFor({ timeout: 15_000 });

    // Load the entries straight into the database, then reload so the page reads them.
    await page.evaluate(async (count) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('termlens');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const listId = 'bench-list';
      const now = Date.now();
      const chars = '发展改革创新经济社会建设国家体系治理现代化产业市场数字绿色开放协调共享安全区域城乡生态文化科技人才';
      const tx = db.transaction(['list', 'entry'], 'readwrite');
      tx.objectStore('list').put({ id: listId, name: '一万词条', color: 4, enabled: true, priority: -1, origin: 'local', createdAt: now, updatedAt: now });
      const store = tx.objectStore('entry');
      for (let i = 0; i < count; i++) {
        let term = '';
        for (let k = 0, n = i + 7; k < 4; k++, n = Math.floor(n / chars.length) + k * 13) term += chars[n % chars.length];
        term += String(i);
        store.put({
          id: `bench-${i}`,
          listId,
          term,
          variants: i % 3 === 0 ? [`${term}简称`] : [],
          lang: 'zh-Hans',
          translations: { en: [`bench term number ${i}`] },
          definition: `第${i}个测试词条的释义，涉及${chars.slice(i % 20, (i % 20) + 6)}。`,
          note: '',
          tags: [`tag${i % 17}`],
          match: { caseSensitive: false, wholeWord: true, exclusions: [] },
          createdAt: now,
          updatedAt: now - i,
        });
      }
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    }, COUNT);
    await page.reload();
    const table = page.getByTestId('entry-table');
    await expect.poll(() => table.getAttribute('data-result-count'), { timeout: 20_000 }).toBe(String(COUNT + 71));

    // Virtual: a screenful of rows, not ten thousand.
    const rendered = await page.getByTestId('entry-row').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(60);

    await page.getByTestId('entry-search').pressSequentially('number 4242');
    await expect.poll(() => table.getAttribute('data-result-count')).toBe('1');
    expect(await page.getByTestId('entry-row-term').first().textContent()).toMatch(/4242$/);

    // The benchmark's two ways to read the search time.
    const ms = Number(await table.getAttribute('data-search-ms'));
    expect(Number.isFinite(ms)).toBe(true);
    const measures = await page.evaluate(() => performance.getEntriesByName('termlens-search').map((m) => m.duration));
    expect(measures.length).toBeGreaterThan(0);
    console.info(`10k entries: last search ${ms} ms; measures (ms): ${measures.slice(-5).map((d) => d.toFixed(1)).join(', ')}`);

    // Scrolling far down shows rows from there, still only a screenful.
    await page.getByTestId('entry-search').fill('');
    await expect.poll(() => table.getAttribute('data-result-count')).toBe(String(COUNT + 71));
    await page.locator('.tl-table-body').evaluate((el) => (el.scrollTop = 300_000));
    await expect.poll(async () => Number(await page.getByTestId('entry-row').first().getAttribute('data-index'))).toBeGreaterThan(6000);
    expect(await page.getByTestId('entry-row').count()).toBeLessThan(60);
    await screenshot(page, 'options-10k');
    expect(errors.pageErrors).toEqual([]);
  });
});
