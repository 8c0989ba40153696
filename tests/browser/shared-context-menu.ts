// The "Add to glossary" specification both browsers are checked against (tests/browser/context-menu.test.ts
// in Chromium, tests/browser-firefox/popup.test.ts in Firefox): the page the term is taken from,
// the selection and the term it makes, and the entry saved in an extension page with the time an
// open tab has to highlight it.

import { newsArticlePage } from '../fixtures/pages/news-article.mjs';
import type { TestEntry } from './add-entry';
import type { SpecPage } from './shared-popup';

export { SAVE_TO_HIGHLIGHT_MS } from './shared-options-editor';

export const ADD_FROM_PAGE: SpecPage = { path: '/news/2024-04-24/p1.html', html: newsArticlePage() };
/** A selection over a printed line break, as the browser reports it… */
export const SELECTION = ' 数字\n经济 ';
/** …and the term the add form gets from it. */
export const SELECTION_TERM = '数字经济';
/**
 * Firefox also opens the real context menu on a real selection: the reference page's 西部大开发
 * across a printed line break (headless Chromium opens no context menu).
 */
export const PAGE_SELECTION_TERM = '西部大开发';
/** Where the add form opens: the options page, with term, url and title after `?`. */
export const ADD_FORM_PATH = 'options.html#/add?';

/** ADDED_ENTRY's term twice. */
export const ADDED_PAGE: SpecPage = {
  path: '/news/added.html',
  html: `<!doctype html><meta charset="utf-8"><title>新词</title>
      <main><p>本文讨论低空经济与新质生产力。</p><p>低空经济正在起步。</p></main>`,
};
export const ADDED_ENTRY: TestEntry = { term: '低空经济', definition: '依托低空空域的经济形态。' };
export const ADDED_COUNT = 2;
/** How long the test watches the page after the write (the limit is SAVE_TO_HIGHLIGHT_MS). */
export const ADDED_WATCH_MS = 3_000;

/** Runs in the page: how many of TermLens's registered ranges read exactly `text`. */
export function countRegistered(text: string): number {
  let n = 0;
  CSS.highlights.forEach((h, name) => {
    if (!/^termlens-\d+$/.test(name)) return;
    for (const r of h) {
      const range = document.createRange();
      range.setStart(r.startContainer, r.startOffset);
      range.setEnd(r.endContainer, r.endOffset);
      if (range.toString() === text) n++;
    }
  });
  return n;
}
