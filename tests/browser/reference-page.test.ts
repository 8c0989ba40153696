// The reference page (tests/fixtures/jinzhong-daily-2024-04-24-p1.txt) in layout A, the news
// site: a <p> per paragraph, a <span> per printed line, <br> between lines.

import { describe, expect, it } from 'vitest';
import { newsArticlePage, REFERENCE_COUNTS } from '../fixtures/pages/news-article.mjs';
import { screenshot, showWholePage, useBrowserSuite, waitForSettledHighlights } from './harness';
import { expectMarkupUnchanged, expectRangesOnTheirTerms, expectTextNodesUnchanged, REFERENCE_PAGE_PATH, referenceCountsOf } from './shared-pages';

const suite = useBrowserSuite();

async function openReferencePage() {
  const url = suite.server.page(REFERENCE_PAGE_PATH, newsArticlePage());
  const watched = await suite.newPage();
  await watched.page.goto(url);
  await showWholePage(watched.page);
  const reading = await waitForSettledHighlights(watched.page);
  return { ...watched, reading };
}

describe('the reference page as a news site lays it out', () => {
  it('highlights 4 × 新质生产力, 2 × 能源革命 and 7 × 西部大开发, each occurrence one range', async () => {
    const { page, errors, reading } = await openReferencePage();
    await screenshot(page, 'reference-page', { fullPage: true });

    const found = referenceCountsOf(reading.counts);
    expect(found).toEqual(REFERENCE_COUNTS);
    expect(errors.pageErrors).toEqual([]);
    expect(errors.consoleErrors).toEqual([]);
  });

  it('finds 西部大开发 across a printed line break and in the letter-spaced headline', async () => {
    const { reading } = await openReferencePage();
    const texts = reading.ranges.filter((r) => r.term === '西部大开发').map((r) => r.text);

    expect(texts).toContain('西 部 大 开 发');
    // 西部大开\n发 and 推动西部大开\n发 in the lead story: the range runs over <span>…</span><br>\n<span>.
    expect(texts.filter((t) => /\n/.test(t)).length).toBeGreaterThanOrEqual(1);
    expect(reading.ranges.filter((r) => r.term === '新质生产力').map((r) => r.text)).toContain('新\n质生产力');
  });

  it('starts and ends every range on the characters of its term, not on layout whitespace', async () => {
    const { reading } = await openReferencePage();
    expectRangesOnTheirTerms(reading.ranges);
  });

  it('leaves every text node of the page the same object with the same text', async () => {
    const { page } = await openReferencePage();
    await expectTextNodesUnchanged(page);
  });

  it('adds no element inside the page and changes none of its markup', async () => {
    const { page } = await openReferencePage();
    await expectMarkupUnchanged(page);
  });
});
