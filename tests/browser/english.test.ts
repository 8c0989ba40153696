// Latin terms (issue 3, "Latin and mixed terms"): an English article in China Daily's style
// (tests/fixtures/pages/english-article.mjs) highlights the official rendering "new quality
// productive forces" on word boundaries, across a line break and an inline <em>, and each range
// belongs to the entry 新质生产力.

import type { Page } from 'playwright-core';
import type { Browser } from 'wxt/browser';
import { describe, expect, it } from 'vitest';
import { ENGLISH_COUNTS, englishArticlePage, NEW_QUALITY_PRODUCTIVE_FORCES_COUNT } from '../fixtures/pages/english-article.mjs';
import { screenshot, useBrowserSuite, waitForSettledHighlights } from './harness';
import type { PageTermsResponse } from '../../lib/messages';

const suite = useBrowserSuite();

async function pageTerms(page: Page): Promise<PageTermsResponse> {
  const tabId = await suite.tabIdOf(page);
  const worker = await suite.browser.serviceWorker();
  return worker.evaluate(
    (id) => (globalThis as unknown as { chrome: typeof Browser }).chrome.tabs.sendMessage(id, { type: 'get-page-terms' }, { frameId: 0 }),
    tabId,
  ) as Promise<PageTermsResponse>;
}

/** Each range's text with runs of whitespace made one space, and the id of the paragraph it starts in. */
function readRanges(page: Page) {
  return page.evaluate(() => {
    const out: { text: string; where: string }[] = [];
    CSS.highlights.forEach((highlight, name) => {
      if (!/^termlens-\d+$/.test(name)) return;
      for (const r of highlight) {
        if (r.collapsed) continue;
        const range = document.createRange();
        range.setStart(r.startContainer, r.startOffset);
        range.setEnd(r.endContainer, r.endOffset);
        const start = r.startContainer.nodeType === 1 ? (r.startContainer as Element) : r.startContainer.parentElement;
        out.push({ text: range.toString().replace(/\s+/g, ' '), where: start?.closest('[id]')?.id ?? '' });
      }
    });
    return out;
  });
}

describe('an English article', () => {
  async function open() {
    const url = suite.server.page('/english/shanxi.html', englishArticlePage());
    const watched = await suite.newPage();
    await watched.page.goto(url);
    await waitForSettledHighlights(watched.page);
    return watched;
  }

  it('highlights "new quality productive forces" whole, across a line break, across <em> and capitalised, and not inside longer words', async () => {
    const { page, errors } = await open();
    await screenshot(page, 'english-article');
    const ranges = await readRanges(page);
    const counts: Record<string, number> = {};
    for (const { text } of ranges) counts[text] = (counts[text] ?? 0) + 1;

    for (const [form, n] of Object.entries(ENGLISH_COUNTS)) expect(counts[form] ?? 0, form).toBe(n);
    expect(ranges.map((r) => r.where).sort()).toEqual(['headline', 'inline-em', 'inline-em', 'line-break', 'spaces', 'spaces', 'whole']);
    expect(ranges.filter((r) => r.where === 'look-alikes')).toEqual([]);
    expect(errors.pageErrors).toEqual([]);
  });

  it('counts every spelling as the entry 新质生产力, which opens its card', async () => {
    const { page } = await open();
    const answer = await pageTerms(page);
    const row = answer.terms.find((t) => t.term === '新质生产力');
    expect(row?.count).toBe(NEW_QUALITY_PRODUCTIVE_FORCES_COUNT);
    expect(answer.terms.find((t) => t.term === '能源革命')?.count).toBe(1);
    expect(answer.terms.find((t) => t.term === '因地制宜')?.count).toBe(1);
    expect(answer.terms.reduce((sum, t) => sum + t.count, 0)).toBe(NEW_QUALITY_PRODUCTIVE_FORCES_COUNT + 2);
  });
});
