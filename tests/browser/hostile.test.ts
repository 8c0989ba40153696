// Hostile pages (issue 3, "Hostile pages"; pages: tests/fixtures/pages/hostile-pages.mjs): CSS that
// restyles everything, a strict Content-Security-Policy, and scripts that override the globals a
// content script uses. TermLens runs in an isolated world with its own globals and injects its
// ::highlight() CSS through the browser, so none of these take its highlights away.

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { overridingNewsPage, restyledNewsPage } from '../fixtures/pages/hostile-pages.mjs';
import { newsArticlePage, REFERENCE_COUNTS } from '../fixtures/pages/news-article.mjs';
import { readHighlights, screenshot, showWholePage, useBrowserSuite, waitForHighlights, waitForSettledHighlights } from './harness';

const suite = useBrowserSuite();

async function open(path: string, html: string, headers: Record<string, string> = {}) {
  const url = suite.server.page(path, html, headers);
  const watched = await suite.newPage();
  await watched.page.goto(url);
  await showWholePage(watched.page);
  const reading = await waitForSettledHighlights(watched.page);
  const found = Object.fromEntries(Object.keys(REFERENCE_COUNTS).map((term) => [term, reading.counts.get(term) ?? 0]));
  return { ...watched, reading, found };
}

/** How many registered ranges have no box at all (nothing would be drawn). */
function boxlessRanges(page: Page) {
  return page.evaluate(() => {
    let boxless = 0;
    CSS.highlights.forEach((highlight, name) => {
      if (!/^termlens-\d+$/.test(name)) return;
      for (const r of highlight) {
        const range = document.createRange();
        range.setStart(r.startContainer, r.startOffset);
        range.setEnd(r.endContainer, r.endOffset);
        if (![...range.getClientRects()].some((rect) => rect.width > 0 && rect.height > 0)) boxless++;
      }
    });
    return boxless;
  });
}

/** The colour the highlight of slot 0 paints with, as the page's style resolves it. */
function highlightBackground(page: Page) {
  return page.evaluate(() => {
    const p = document.querySelector('p');
    return p ? getComputedStyle(p, '::highlight(termlens-0)').backgroundColor : null;
  });
}

describe('hostile pages', () => {
  it('highlights every term of a page whose CSS unsets and restyles every element', async () => {
    const { page, found, errors } = await open('/hostile/restyled.html', restyledNewsPage());
    await screenshot(page, 'hostile-restyled', { fullPage: true });
    expect(found).toEqual(REFERENCE_COUNTS);
    expect(await boxlessRanges(page)).toBe(0);
    // The page's `* { all: unset }` does not reach ::highlight(): TermLens's colour still applies.
    expect(await highlightBackground(page)).not.toMatch(/^(rgba\(0, 0, 0, 0\)|transparent)?$/);
    expect(errors.pageErrors).toEqual([]);
  });

  it('highlights every term of a page whose CSP forbids every style, script and source', async () => {
    const { page, found, errors } = await open('/hostile/csp.html', newsArticlePage(), {
      'content-security-policy': "default-src 'none'; style-src 'none'; script-src 'none'",
    });
    await screenshot(page, 'hostile-csp');
    expect(found).toEqual(REFERENCE_COUNTS);
    expect(await boxlessRanges(page)).toBe(0);
    expect(await highlightBackground(page)).not.toMatch(/^(rgba\(0, 0, 0, 0\)|transparent)?$/);
    expect(errors.pageErrors).toEqual([]);
  });

  it('highlights every term of a page that overrides Range, Array.push, MutationObserver, CSS.highlights.set and more', async () => {
    const url = suite.server.page('/hostile/overrides.html', overridingNewsPage());
    const { page, errors } = await suite.newPage();
    await page.goto(url);
    await showWholePage(page);
    // The harness's reader would trip over the page's overrides (it runs in the page's world):
    // read with the originals the page kept, and without Array.push.
    // Returned as JSON: Playwright's own serialiser in the page's world uses Array.push too.
    const read = async () =>
      JSON.parse(
        await page.evaluate(() => {
        const pristine = window.__pristine!;
        const terms: string[] = [];
        CSS.highlights.forEach((highlight, name) => {
          if (!/^termlens-\d+$/.test(name)) return;
          for (const r of highlight) {
            const range = document.createRange();
            pristine.setStart.call(range, r.startContainer, r.startOffset);
            pristine.setEnd.call(range, r.endContainer, r.endOffset);
            terms[terms.length] = range.toString().replace(/\s/g, '');
          }
        });
        return JSON.stringify(terms);
      }),
      ) as string[];
    const count = (terms: string[]) => Object.fromEntries(Object.keys(REFERENCE_COUNTS).map((t) => [t, terms.filter((x) => x === t).length]));
    let found = count(await read());
    for (let i = 0; i < 60 && JSON.stringify(found) !== JSON.stringify(REFERENCE_COUNTS); i++) {
      await page.waitForTimeout(250);
      found = count(await read());
    }
    expect(found).toEqual(REFERENCE_COUNTS);
    // The page's overrides are still the page's: TermLens neither restored nor needed them.
    expect(await page.evaluate(() => window.overridesInPlace!())).toBe(true);
    expect(errors.pageErrors).toEqual([]);
  });

  it('gets its highlights back, within two seconds, after the page clears the highlight registry it shares', async () => {
    const { page, found, errors } = await open('/hostile/clears.html', newsArticlePage());
    expect(found).toEqual(REFERENCE_COUNTS);
    // The page's own script, as a page with its own highlighting library might run it.
    const t0 = Date.now();
    await page.evaluate(() => {
      CSS.highlights.set('page-own', new Highlight());
      CSS.highlights.clear();
    });
    expect((await readHighlights(page)).length).toBe(0);
    const back = await waitForHighlights(page, (reading) => reading.ranges.length > 0, { timeout: 5000, interval: 50 });
    const ms = Date.now() - t0;
    expect(Object.fromEntries(Object.keys(REFERENCE_COUNTS).map((term) => [term, back.counts.get(term) ?? 0]))).toEqual(REFERENCE_COUNTS);
    expect(ms, `back after ${ms} ms`).toBeLessThanOrEqual(2000);
    expect(await highlightBackground(page)).not.toMatch(/^(rgba\(0, 0, 0, 0\)|transparent)?$/);
    expect(errors.pageErrors).toEqual([]);
  });
});
