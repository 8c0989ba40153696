// The keyboard-commands specification both browsers are checked against (tests/browser/keyboard.test.ts
// in Chromium, tests/browser-firefox/mirrored.test.ts in Firefox), on the reference page
// (tests/fixtures/pages/news-article.mjs; the walk's rules are lib/content/term-navigation.ts).

import { ALWAYS_PAINT_LIMIT } from '../../lib/page/page-highlighter';
import type { EvaluatingPage } from './shared-pages';

/** The commands the tests run, as the commands.onCommand listener names them. */
export type PageCommand = 'next-term' | 'previous-term' | 'toggle-site';

/** The reference page holds more occurrences than this (4 + 2 + 7 of the three terms, and others). */
export const MORE_OCCURRENCES_THAN = 13;

/** "next" opens the card at each of the first this many steps, and the test checks it there. */
export const CARD_CHECKED_STEPS = 3;

/** What the flash shows: its index in document order among TermLens's ranges, its term, and whether it is in view. */
export interface Flashed {
  index: number;
  total: number;
  term: string;
  inView: boolean;
}

/**
 * Runs IN THE PAGE (pass it to `page.evaluate`, in either browser): where the flash is, as the
 * index in document order of the registered range it shows among all of TermLens's ranges, with
 * the term's text and whether it is in the viewport.
 */
export function flashedInPage(): Flashed {
  const flash = CSS.highlights.get('termlens-flash');
  const target = flash ? [...flash][0] : undefined;
  const all: AbstractRange[] = [];
  CSS.highlights.forEach((highlight, name) => {
    if (/^termlens-\d+$/.test(name)) for (const r of highlight) all.push(r);
  });
  const live = (r: AbstractRange) => {
    const range = document.createRange();
    range.setStart(r.startContainer, r.startOffset);
    range.setEnd(r.endContainer, r.endOffset);
    return range;
  };
  all.sort((a, b) => live(a).compareBoundaryPoints(Range.START_TO_START, live(b)));
  if (!target) return { index: -1, total: all.length, term: '', inView: false };
  const rect = live(target).getBoundingClientRect();
  return {
    index: all.indexOf(target),
    total: all.length,
    term: live(target).toString().replace(/\s/g, ''),
    inView: rect.top >= 0 && rect.bottom <= window.innerHeight,
  };
}

/** More occurrences than ALWAYS_PAINT_LIMIT: containers away from the view keep theirs as numbers. */
export const MANY_PARAGRAPHS = ALWAYS_PAINT_LIMIT + 500;
export const MANY_PARAGRAPHS_PATH = '/keyboard/many.html';

/**
 * A page of MANY_PARAGRAPHS short paragraphs, each holding 新质生产力 once and numbered by `data-i`:
 * the containers away from the view keep their occurrences as numbers, and the one a step wraps to
 * is made into objects afresh when it is registered.
 */
export function manyParagraphsPage(): string {
  const paragraphs = Array.from({ length: MANY_PARAGRAPHS }, (_, i) => `<p data-i="${i}">第${i}段：推动新质生产力发展。</p>`).join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>many</title></head><body>${paragraphs}</body></html>`;
}

/**
 * On manyParagraphsPage, highlighted and settled: scrolls to its end, takes WRAP_STEPS (`step` runs a
 * command as the commands.onCommand listener does) and gives the `data-i` of the paragraph each
 * flashed. It must equal WRAP_STEPS_EXPECTED: "previous" from the view goes to the last
 * occurrence, "next" wraps to the first, far from the view, and the steps after go on from there.
 */
export async function stepsAfterWrapping(
  page: EvaluatingPage,
  settle: () => Promise<unknown>,
  step: (name: PageCommand) => Promise<unknown>,
): Promise<number[]> {
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight), undefined);
  await settle();
  const visited: number[] = [];
  for (const name of WRAP_STEPS) {
    await step(name);
    visited.push(await page.evaluate(flashedParagraphInPage, undefined));
  }
  return visited;
}

const WRAP_STEPS: readonly PageCommand[] = ['previous-term', 'next-term', 'next-term', 'next-term', 'previous-term'];
export const WRAP_STEPS_EXPECTED = [MANY_PARAGRAPHS - 1, 0, 1, 2, 1];

/** Runs IN THE PAGE: the `data-i` of the paragraph the flash is in, or -1. */
function flashedParagraphInPage(): number {
  const range = [...(CSS.highlights.get('termlens-flash') ?? [])][0];
  const p = range?.startContainer.parentElement?.closest('p');
  return p ? Number(p.dataset.i) : -1;
}
