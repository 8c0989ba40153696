// Layouts that break terms (issue 3, "Layouts"): a PDF viewer's text layer, tables, lists,
// headings, <ruby> and <wbr>. Pages: tests/fixtures/pages/layouts.mjs. Every occurrence is found,
// and nothing is matched across paragraphs, table cells or list items.

import { describe, expect, it } from 'vitest';
import { pdfTextLayerPage, rubyAndBreaksPage, structuresPage } from '../fixtures/pages/layouts.mjs';
import { newsArticlePage, REFERENCE_COUNTS } from '../fixtures/pages/news-article.mjs';
import { screenshot, showWholePage, useBrowserSuite, waitForSettledHighlights } from './harness';
import { countsOf, readLayoutTermsInPage } from './shared-layouts';

const suite = useBrowserSuite();

async function open(path: string, html: string) {
  const url = suite.server.page(path, html);
  const watched = await suite.newPage();
  await watched.page.goto(url);
  await showWholePage(watched.page);
  await waitForSettledHighlights(watched.page);
  return { ...watched, terms: await watched.page.evaluate(readLayoutTermsInPage) };
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
