// Hostile pages (issue 3, "Hostile pages"; pages: tests/fixtures/pages/hostile-pages.mjs): CSS that
// restyles everything, a strict Content-Security-Policy, and scripts that override the globals a
// content script uses. TermLens runs in an isolated world with its own globals and injects its
// ::highlight() CSS through the browser, so none of these take its highlights away.

import { describe, expect, it } from 'vitest';
import { overridingNewsPage, restyledNewsPage } from '../fixtures/pages/hostile-pages.mjs';
import { newsArticlePage, REFERENCE_COUNTS } from '../fixtures/pages/news-article.mjs';
import { insecureUrl } from './page-server.mjs';
import { screenshot, showWholePage, useBrowserSuite, waitForSettledHighlights } from './harness';
import {
  boxlessRanges,
  clearRegistryAndWaitForHighlights,
  CLEARS_PATH,
  CSP_HEADERS,
  CSP_PATH,
  HIGHLIGHTS_BACK_WITHIN_MS,
  highlightBackground,
  NO_COLOUR,
  OVERRIDES_PATH,
  referenceCountsOf,
  RESTYLED_PATH,
  expectTimingsOnlyWhenAsked,
  waitForReferenceCountsWithPristine,
} from './shared-pages';

const suite = useBrowserSuite();

async function open(path: string, html: string, headers: Record<string, string> = {}) {
  const url = suite.server.page(path, html, headers);
  const watched = await suite.newPage();
  await watched.page.goto(url);
  await showWholePage(watched.page);
  const reading = await waitForSettledHighlights(watched.page);
  const found = referenceCountsOf(reading.counts);
  return { ...watched, reading, found };
}

describe('hostile pages', () => {
  it('works on a page that is not a secure context (plain http from a host that is not local): it highlights, and the popup lists its terms', async () => {
    // Some APIs exist only in secure contexts, in a content script's world too (crypto.randomUUID
    // once stopped the page script from starting on such pages).
    const url = insecureUrl(suite.server.page('/insecure/p1.html', newsArticlePage()));
    const { page, errors } = await suite.newPage();
    await page.goto(url);
    expect(await page.evaluate(() => isSecureContext)).toBe(false);
    await showWholePage(page);
    const reading = await waitForSettledHighlights(page);
    expect(referenceCountsOf(reading.counts)).toEqual(REFERENCE_COUNTS);
    const tabId = await suite.tabIdOf(page);
    const popup = await suite.newPage();
    await popup.page.goto(suite.browser.extensionUrl(`popup.html?tab=${tabId}`));
    const row = popup.page.getByTestId('page-term').filter({ hasText: '新质生产力' });
    await row.waitFor({ timeout: 15_000 });
    expect(await row.getByTestId('page-term-count').textContent()).toBe(String(REFERENCE_COUNTS.新质生产力));
    expect(errors.pageErrors).toEqual([]);
  });

  it('highlights every term of a page whose CSS unsets and restyles every element', async () => {
    const { page, found, errors } = await open(RESTYLED_PATH, restyledNewsPage());
    await screenshot(page, 'hostile-restyled', { fullPage: true });
    expect(found).toEqual(REFERENCE_COUNTS);
    expect(await page.evaluate(boxlessRanges)).toBe(0);
    // The page's `* { all: unset }` does not reach ::highlight(): TermLens's colour still applies.
    expect(await page.evaluate(highlightBackground)).not.toMatch(NO_COLOUR);
    expect(errors.pageErrors).toEqual([]);
  });

  it('highlights every term of a page whose CSP forbids every style, script and source', async () => {
    const { page, found, errors } = await open(CSP_PATH, newsArticlePage(), CSP_HEADERS);
    await screenshot(page, 'hostile-csp');
    expect(found).toEqual(REFERENCE_COUNTS);
    expect(await page.evaluate(boxlessRanges)).toBe(0);
    expect(await page.evaluate(highlightBackground)).not.toMatch(NO_COLOUR);
    expect(errors.pageErrors).toEqual([]);
  });

  it('highlights every term of a page that overrides Range, Array.push, MutationObserver, CSS.highlights.set and more', async () => {
    const url = suite.server.page(OVERRIDES_PATH, overridingNewsPage());
    const { page, errors } = await suite.newPage();
    await page.goto(url);
    await showWholePage(page);
    // Read with the originals the page kept, and without Array.push (as JSON: Playwright's own
    // serialiser in the page's world uses Array.push too).
    expect(await waitForReferenceCountsWithPristine(page)).toEqual(REFERENCE_COUNTS);
    // The page's overrides are still the page's: TermLens neither restored nor needed them.
    expect(await page.evaluate(() => window.overridesInPlace!())).toBe(true);
    expect(errors.pageErrors).toEqual([]);
  });

  it('leaves nothing of its own in the page\'s performance timeline, unless storage asks for its timings', async () => {
    const { page, found } = await open('/news/timeline.html', newsArticlePage());
    expect(found).toEqual(REFERENCE_COUNTS);
    const worker = await suite.browser.serviceWorker();
    await expectTimingsOnlyWhenAsked(
      page,
      (on) => worker.evaluate((value) => (globalThis as unknown as { chrome: typeof Browser }).chrome.storage.local.set({ timings: value }), on),
      () => waitForSettledHighlights(page),
    );
  });

  it('gets its highlights back, within two seconds, after the page clears the highlight registry it shares', async () => {
    const { page, found, errors } = await open(CLEARS_PATH, newsArticlePage());
    expect(found).toEqual(REFERENCE_COUNTS);
    // The page's own script, as a page with its own highlighting library might run it.
    const { leftAfterClear, back, ms } = await clearRegistryAndWaitForHighlights(page);
    expect(leftAfterClear).toBe(0);
    expect(back).toEqual(REFERENCE_COUNTS);
    expect(ms, `back after ${ms} ms`).toBeLessThanOrEqual(HIGHLIGHTS_BACK_WITHIN_MS);
    expect(await page.evaluate(highlightBackground)).not.toMatch(NO_COLOUR);
    expect(errors.pageErrors).toEqual([]);
  });
});
