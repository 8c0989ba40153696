// The English-article specification both browsers are checked against (tests/browser/english.test.ts
// in Chromium, tests/browser-firefox/mirrored.test.ts in Firefox): where the ranges must be, and
// what the content script must count. The page and its counts by spelling are
// tests/fixtures/pages/english-article.mjs.

import { NEW_QUALITY_PRODUCTIVE_FORCES_COUNT } from '../fixtures/pages/english-article.mjs';

/** The paragraph (element id) each range of the article starts in, sorted: never `look-alikes`. */
export const ENGLISH_RANGE_PLACES = ['headline', 'inline-em', 'inline-em', 'line-break', 'spaces', 'spaces', 'whole'];

/** The paragraph whose look-alikes ("renew quality productive forcesX") must not match. */
export const LOOK_ALIKES_PLACE = 'look-alikes';

/** The article's other entries, by the content script's count (besides the five of 新质生产力). */
export const OTHER_ENGLISH_ENTRY_COUNTS = Object.freeze({ 能源革命: 1, 因地制宜: 1 });

/** Every occurrence the content script counts on the article, of every entry. */
export const ENGLISH_ENTRY_TOTAL = NEW_QUALITY_PRODUCTIVE_FORCES_COUNT + Object.values(OTHER_ENGLISH_ENTRY_COUNTS).reduce((a, b) => a + b, 0);

/** The text a reader rests the mouse on to open 新质生产力's card from the article. */
export const ENGLISH_HOVER_TEXT = 'new quality productive forces';

/**
 * Runs IN THE PAGE (pass it to `page.evaluate`, in either browser): each registered range's text
 * with runs of whitespace made one space, and the id of the element it starts in.
 */
export function readEnglishRangesInPage(): { text: string; where: string }[] {
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
}
