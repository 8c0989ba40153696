// Quick edits in the popup (issue 5): add, edit and delete an entry with the same form as the
// options page, while the page the popup describes is open. Opened as a tab for the test, the popup
// is told which tab to describe with ?tab=<tabId>.

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, useBrowserSuite, waitForHighlights, waitForSettledHighlights } from './harness';
import {
  CARD_ENTRY_MS,
  EDIT_DEFINITION,
  EDIT_FOLLOW_MS,
  EDIT_NEWS,
  EDIT_TERM as TERM,
  EDIT_TERM_COUNT,
  EDIT_TRANSLATION,
  EDITED_DEFINITION,
  SMALL_POPUP,
} from './shared-popup';

const suite = useBrowserSuite();

async function openNewsAndPopup() {
  const url = suite.server.page(EDIT_NEWS.path, EDIT_NEWS.html);
  const news = await suite.newPage();
  await news.page.goto(url);
  await waitForSettledHighlights(news.page);
  const tabId = await suite.tabIdOf(news.page);
  const popup = await suite.newPage();
  await popup.page.setViewportSize(SMALL_POPUP);
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
    await form.getByTestId('entry-translation-en').first().pressSequentially(EDIT_TRANSLATION);
    await form.getByTestId('entry-definition').pressSequentially(EDIT_DEFINITION);
    await screenshot(page, 'popup-edit-form');
    await form.getByTestId('entry-term').press('Enter');
    await form.waitFor({ state: 'detached' });
    await waitForHighlights(news.page, (r) => r.counts.get(TERM) === EDIT_TERM_COUNT, { timeout: EDIT_FOLLOW_MS });

    // Edit.
    const row = page.getByTestId('glossary-entry').filter({ hasText: TERM });
    const entryId = (await row.getAttribute('data-entry-id'))!;
    await row.hover();
    await row.getByTestId('glossary-edit').click();
    const definition = form.getByTestId('entry-definition');
    await definition.fill(EDITED_DEFINITION);
    await form.getByTestId('entry-save').click();
    await form.waitFor({ state: 'detached' });
    await expect.poll(async () => (await cardEntry(page, entryId))?.definition, { timeout: CARD_ENTRY_MS }).toBe(EDITED_DEFINITION);

    // Delete, then undo.
    await row.getByTestId('glossary-edit').click();
    await form.getByTestId('entry-delete').click();
    await page.getByTestId('popup-notice').waitFor();
    await screenshot(page, 'popup-after-delete');
    await waitForHighlights(news.page, (r) => !r.counts.has(TERM), { timeout: EDIT_FOLLOW_MS });
    expect(await cardEntry(page, entryId)).toBeNull();
    await page.getByTestId('popup-undo').click();
    await waitForHighlights(news.page, (r) => r.counts.get(TERM) === EDIT_TERM_COUNT, { timeout: EDIT_FOLLOW_MS });
    expect(popup.errors.pageErrors).toEqual([]);
  });

  it('lists the most recently changed entries first', async () => {
    const { popup } = await openNewsAndPopup();
    const page = popup.page;
    const rows = page.getByTestId('glossary-entry');
    expect(await rows.count()).toBeGreaterThan(2);
    const firstBefore = await rows.first().getAttribute('data-entry-id');
    // The last row shown: edited, it moves to the top.
    const last = rows.last();
    const entryId = (await last.getAttribute('data-entry-id'))!;
    expect(entryId).not.toBe(firstBefore);
    await last.hover();
    await last.getByTestId('glossary-edit').click();
    const form = page.getByTestId('entry-form');
    await form.getByTestId('entry-definition').fill(EDITED_DEFINITION);
    await form.getByTestId('entry-save').click();
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => rows.first().getAttribute('data-entry-id'), { timeout: 5_000 }).toBe(entryId);
    expect(await rows.nth(1).getAttribute('data-entry-id')).toBe(firstBefore);
  });

  it('keeps a small-popup layout: the form fits 360 px without horizontal scrolling', async () => {
    const { popup } = await openNewsAndPopup();
    await popup.page.getByTestId('glossary-add').click();
    await popup.page.getByTestId('entry-form').waitFor();
    const overflow = await popup.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
