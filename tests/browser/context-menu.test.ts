// "Add to glossary" from a page (tests/fixtures/pages/news-article.mjs). Headless Chromium cannot
// open a context menu, so the test calls the function the contextMenus.onClicked listener calls,
// `openAddForm`, which the worker exposes as `termlensBackground` (entrypoints/background.ts). The
// form itself is the options page's; saving it writes the DB, simulated here by a Dexie write from
// an extension page (tests/browser/add-entry.ts), after which every open tab must highlight the
// new term at once.

import { describe, expect, it } from 'vitest';
import { addEntry } from './add-entry';
import { useBrowserSuite, waitForSettledHighlights } from './harness';
import {
  ADD_FORM_PATH,
  ADD_FROM_PAGE,
  ADDED_COUNT,
  ADDED_ENTRY,
  ADDED_PAGE,
  ADDED_WATCH_MS,
  countRegistered,
  SAVE_TO_HIGHLIGHT_MS,
  SELECTION,
  SELECTION_TERM,
} from './shared-context-menu';
import { countAfterWrite } from './shared-options-editor';

const suite = useBrowserSuite();

type Hooks = {
  termlensBackground: { openAddForm(selection: string, pageUrl: string, tab?: { id?: number; index?: number }): Promise<void> };
};

describe('adding a term from the page', () => {
  it('opens the options page’s add form with the selection, the page URL and its title', async () => {
    const url = suite.server.page(ADD_FROM_PAGE.path, ADD_FROM_PAGE.html);
    const { page } = await suite.newPage();
    await page.goto(url);
    await waitForSettledHighlights(page);
    const title = await page.title();
    const tabId = await suite.tabIdOf(page);

    const opened = suite.browser.context.waitForEvent('page', { timeout: 5_000 });
    const worker = await suite.browser.serviceWorker();
    // A selection over a printed line break, as the browser reports it.
    await worker.evaluate(
      ([id, pageUrl, selection]) => (globalThis as unknown as Hooks).termlensBackground.openAddForm(selection, pageUrl, { id }),
      [tabId, url, SELECTION] as const,
    );
    const form = await opened;
    const formUrl = new URL(form.url());
    expect(formUrl.href.startsWith(suite.browser.extensionUrl(ADD_FORM_PATH))).toBe(true);
    const params = new URLSearchParams(formUrl.hash.slice(formUrl.hash.indexOf('?') + 1));
    expect(Object.fromEntries(params)).toEqual({ term: SELECTION_TERM, url, title });
    await form.close();
  });

  it('highlights a term saved in an extension page on an open tab within a second, without a reload', async () => {
    const url = suite.server.page(ADDED_PAGE.path, ADDED_PAGE.html);
    const { page } = await suite.newPage();
    await page.goto(url);
    await waitForSettledHighlights(page);
    await page.evaluate(() => ((window as unknown as { __loadedOnce: boolean }).__loadedOnce = true));

    const extension = await suite.browser.context.newPage();
    await extension.goto(suite.browser.extensionUrl('popup.html'));
    const saved = Date.now();
    await addEntry(extension, ADDED_ENTRY);
    const written = Date.now();

    // Poll the registry closely: the second counts from the write.
    const { count, elapsed } = await countAfterWrite(() => page.evaluate(countRegistered, ADDED_ENTRY.term), ADDED_COUNT, written, ADDED_WATCH_MS);
    expect(count).toBe(ADDED_COUNT);
    expect(elapsed, `highlighted ${elapsed} ms after the write (the write took ${written - saved} ms)`).toBeLessThan(SAVE_TO_HIGHLIGHT_MS);
    expect(await page.evaluate(() => (window as unknown as { __loadedOnce?: boolean }).__loadedOnce)).toBe(true);
    await extension.close();
  });
});
