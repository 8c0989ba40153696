// Layouts that break terms (issue 3, "Layouts"): a PDF viewer's text layer, tables, lists,
// headings, <ruby> and <wbr>. Pages: tests/fixtures/pages/layouts.mjs. Every occurrence is found,
// and nothing is matched across paragraphs, table cells or list items.

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { pdfTextLayerPage, rubyAndBreaksPage, structuresPage } from '../fixtures/pages/layouts.mjs';
import { newsArticlePage, REFERENCE_COUNTS } from '../fixtures/pages/news-article.mjs';
import { screenshot, showWholePage, useBrowserSuite, waitForSettledHighlights } from './harness';

const suite = useBrowserSuite();

/**
 * Each registered range as the reader sees its term: ruby annotations (<rt>, <rp>) left out, and
 * whitespace and invisible characters (soft hyphen, zero-width characters) removed. Also says
 * whether the range touches an element marked `.split` (a term cut in two by the layout).
 */
function readTerms(page: Page) {
  return page.evaluate(() => {
    const out: { term: string; collapsed: boolean; touchesSplit: boolean; empty: boolean }[] = [];
    const splits = [...document.querySelectorAll('.split')];
    CSS.highlights.forEach((highlight, name) => {
      if (!/^termlens-\d+$/.test(name)) return;
      for (const r of highlight) {
        const range = document.createRange();
        range.setStart(r.startContainer, r.startOffset);
        range.setEnd(r.endContainer, r.endOffset);
        const fragment = range.cloneContents();
        fragment.querySelectorAll('rt, rp').forEach((e) => e.remove());
        const term = (fragment.textContent ?? '').replace(/[\s\u00ad\u200b-\u200d\u2060\ufeff]/g, '');
        const rects = [...range.getClientRects()].filter((rect) => rect.width > 0 && rect.height > 0);
        out.push({ term, collapsed: r.collapsed, touchesSplit: splits.some((s) => range.intersectsNode(s)), empty: rects.length === 0 });
      }
    });
    return out;
  });
}

const countsOf = (terms: { term: string; collapsed: boolean }[]) => {
  const counts: Record<string, number> = {};
  for (const { term, collapsed } of terms) if (!collapsed) counts[term] = (counts[term] ?? 0) + 1;
  return counts;
};

async function open(path: string, html: string) {
  const url = suite.server.page(path, html);
  const watched = await suite.newPage();
  await watched.page.goto(url);
  await showWholePage(watched.page);
  await waitForSettledHighlights(watched.page);
  return { ...watched, terms: await readTerms(watched.page) };
}

describe('layouts that break terms', () => {
  it('finds every term of a PDF viewer’s text layer, as many as in the news layout of the same text', async () => {
    const news = await open('/layouts/news.html', newsArticlePage());
    const pdf = await open('/layouts/pdf.html', pdfTextLayerPage());
    await screenshot(pdf.page, 'layouts-pdf-text-layer');

    const pdfCounts = countsOf(pdf.terms);
    for (const [term, n] of Object.entries(REFERENCE_COUNTS)) expect(pdfCounts[term], term).toBe(n);
    expect(pdfCounts).toEqual(countsOf(news.terms));
    // Each range is drawn: absolutely positioned spans still give it boxes.
    expect(pdf.terms.filter((t) => t.empty)).toEqual([]);
    expect(pdf.errors.pageErrors).toEqual([]);
  });

  it('finds terms in tables, lists, headings and quotes, and none cut in two by a cell, item, paragraph or nested block', async () => {
    const { html, counts } = structuresPage();
    const { page, terms, errors } = await open('/layouts/structures.html', html);
    await screenshot(page, 'layouts-structures');

    expect(countsOf(terms)).toEqual(counts);
    expect(terms.filter((t) => t.touchesSplit)).toEqual([]);
    expect(errors.pageErrors).toEqual([]);
  });

  it('finds terms under ruby annotations and across <wbr>, soft hyphens, zero-width and letter spaces', async () => {
    const { html, counts } = rubyAndBreaksPage();
    const { page, terms, errors } = await open('/layouts/ruby.html', html);
    await screenshot(page, 'layouts-ruby-wbr');

    expect(countsOf(terms)).toEqual(counts);
    expect(terms.filter((t) => t.empty)).toEqual([]);
    expect(errors.pageErrors).toEqual([]);
  });
});
