// The entry card's specification both browsers are checked against (tests/browser/card.test.ts in
// Chromium, tests/browser-firefox/card.test.ts in Firefox): the pages (the reference page, hostile,
// touch, strict-CSP and dark variants), the hostile entry, what "readable" means, and how a real
// mouse is moved onto a term.

import type { Page as PlaywrightPage } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import { newsArticlePage } from '../fixtures/pages/news-article.mjs';
import type { TestEntry } from './add-entry';

/** Where the reference page is served. */
export const REFERENCE_PAGE_PATH = '/news/2024-04-24/p1.html';

/** How long the mouse rests on the card before the test checks that the card is still open. */
export const REST_ON_CARD_MS = 800;

/** A readable card: a box at least this size, with a definition longer than `definitionLength` characters. */
export const READABLE_CARD = Object.freeze({ width: 200, height: 120, definitionLength: 20 });

/** The card's own font size, whatever the page sets. */
export const CARD_FONT_SIZE = '14px';

/** A background that paints nothing: the card must never have it. */
export const TRANSPARENT = 'rgba(0, 0, 0, 0)';

/** The reference page under a style sheet that unsets every property of every element, on a dark background. */
export function allUnsetPage(): string {
  return newsArticlePage().replace(
    '</head>',
    '<style>* { all: unset !important; } html { background: #111 !important; color: #eee !important; }</style></head>',
  );
}

/** Markup that would run script if the card ever parsed a definition as HTML. */
export const HOSTILE_MARKUP = '<img src=x onerror="window.__termlensPwned = true; document.title = \'pwned\'">';

/** An entry whose definition holds HOSTILE_MARKUP and whose source is a javascript: URL. */
export const HOSTILE_ENTRY: TestEntry = Object.freeze({ term: '测试术语甲', definition: `危险定义 ${HOSTILE_MARKUP}`, sourceUrl: 'javascript:alert(1)' });

/** The paragraph the test adds to the open page, so that the hostile entry occurs on it. */
export const HOSTILE_ENTRY_PARAGRAPH = '这里出现了测试术语甲。';

/** Runs IN THE PAGE (`page.evaluate(addParagraphInPage, text)`): puts a paragraph holding `text` first in <main>, and scrolls to the top. */
export function addParagraphInPage(text: string): void {
  const p = document.createElement('p');
  p.id = 'added';
  p.textContent = text;
  document.querySelector('main')!.prepend(p);
  window.scrollTo(0, 0);
}

/** Runs IN THE PAGE: what HOSTILE_MARKUP would have changed, had it run (flag null and a title without "pwned" when it did not). */
export function pwnedInPage(): { flag: boolean | null; title: string } {
  return { flag: (window as { __termlensPwned?: boolean }).__termlensPwned ?? null, title: document.title };
}

/** The page a tapped link leads to. */
export const TOUCH_TARGET_PAGE = '<!doctype html><meta charset="utf-8"><title>target</title><p>到了</p>';

/** A phone-sized page whose only term, 新质生产力, is inside a link to `targetUrl`. */
export function touchLinkPage(targetUrl: string): string {
  return `<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>touch</title>
       <main style="font-size:24px;padding:40px"><p>阅读<a href="${targetUrl}">新质生产力的报道</a>。</p></main>`;
}

/** How long after a first tap the test checks that the link was not followed. */
export const NOT_FOLLOWED_MS = 300;

/** A policy that allows no inline style (and no script), as strict news sites send. */
export const STRICT_CSP = Object.freeze({ 'content-security-policy': "default-src 'self'; style-src 'self'; script-src 'none'" });

/** The reference page painted dark by its own style sheet. */
export function darkPage(): string {
  return newsArticlePage().replace('</head>', '<style>html, body, main, article { background: #121212 !important; color: #ddd !important; }</style></head>');
}

/** The card's background when the reader's colour scheme is dark (components/entry-card.css). */
export const DARK_CARD_BACKGROUND = 'rgb(36, 38, 42)';

/** A box in viewport coordinates, as a browser's DOMRect gives it. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * In the page (both browsers' drivers evaluate it): the viewport box of every registered TermLens
 * range whose text, whitespace removed, is `wanted`, in document order; the first of each range's
 * boxes that has a width, where a real mouse can point. A range with no such box (out of layout)
 * is left out, so that index `which` means the same occurrence in both browsers.
 */
export function termRectsInPage(wanted: string): Box[] {
  const ranges: Range[] = [];
  CSS.highlights.forEach((highlight, name) => {
    if (!/^termlens-\d+$/.test(name)) return;
    for (const r of highlight) {
      const range = document.createRange();
      range.setStart(r.startContainer, r.startOffset);
      range.setEnd(r.endContainer, r.endOffset);
      if (range.toString().replace(/\s/g, '') === wanted) ranges.push(range);
    }
  });
  ranges.sort((a, b) => a.compareBoundaryPoints(Range.START_TO_START, b));
  const out: Box[] = [];
  for (const range of ranges) {
    const rect = [...range.getClientRects()].find((r) => r.width > 0);
    if (rect) out.push({ x: rect.x, y: rect.y, width: rect.width, height: rect.height });
  }
  return out;
}

/** What hoverTerm needs of a page, in either browser's driver. */
export interface PointerPage {
  /** The viewport boxes of the highlighted occurrences of `term` (whitespace ignored). */
  termRects(term: string): Promise<Box[]>;
  viewportHeight(): number;
  /** Turns the mouse wheel by `deltaY` pixels. */
  wheel(deltaY: number): Promise<void>;
  /** Moves the real mouse to (x, y), in `steps` steps. */
  move(x: number, y: number, steps?: number): Promise<void>;
}

/**
 * Moves the real mouse onto the middle of occurrence `which` of `term`, in small steps from just
 * beside it, scrolling it into view by the wheel first when it is out of view. With `direct`, in
 * one move from the page's left edge instead (where the reference layouts have no text), so that
 * the last move is the first one over any term.
 */
export async function hoverTerm(page: PointerPage, term: string, which = 0, options: { direct?: boolean } = {}): Promise<{ x: number; y: number; rect: Box }> {
  let rect = (await page.termRects(term))[which];
  if (!rect) throw new Error(`${term} is not highlighted`);
  const height = page.viewportHeight();
  if (rect.y < 0 || rect.y + rect.height > height) {
    // Whole pixels: Firefox's WebDriver BiDi takes no fractions.
    await page.wheel(Math.round(rect.y - height / 3));
    await new Promise((r) => setTimeout(r, 200));
    rect = (await page.termRects(term))[which];
    if (!rect) throw new Error(`${term} is no longer highlighted after scrolling`);
  }
  const x = rect.x + rect.width / 2;
  const y = rect.y + rect.height / 2;
  if (options.direct) {
    await page.move(2, y);
    await page.move(x, y);
  } else {
    await page.move(x - 40, y + 30);
    await page.move(x, y, 8);
  }
  return { x, y, rect };
}

/** A Chromium page (Playwright) as hoverTerm drives it; `termRects` is the suite's reader of highlighted boxes. */
export function playwrightPointer(page: PlaywrightPage, termRects: (page: PlaywrightPage, term: string) => Promise<Box[]>): PointerPage {
  return {
    termRects: (term) => termRects(page, term),
    viewportHeight: () => page.viewportSize()!.height,
    wheel: (deltaY) => page.mouse.wheel(0, deltaY),
    move: (x, y, steps) => page.mouse.move(x, y, steps ? { steps } : undefined),
  };
}

/** A Firefox page (puppeteer-core over WebDriver BiDi) as hoverTerm drives it. */
export function puppeteerPointer(page: PuppeteerPage, termRects: (page: PuppeteerPage, term: string) => Promise<Box[]>): PointerPage {
  return {
    termRects: (term) => termRects(page, term),
    viewportHeight: () => page.viewport()!.height,
    wheel: (deltaY) => page.mouse.wheel({ deltaY }),
    move: (x, y, steps) => page.mouse.move(x, y, steps ? { steps } : undefined),
  };
}

/** The card's hover delay (lib/content/card-controller.ts, HOVER_DELAY_MS): the card opens no sooner. */
export { HOVER_DELAY_MS } from '../../lib/content/card-timing';

/** What recordCardOpening keeps, on the page's clock. */
export interface CardOpeningRecord {
  /** Every mouse move the page saw: [time, clientX, clientY]. */
  moves: [number, number, number][];
  /** When the card's host element joined the page (it does so the first time a card opens), or -1. */
  hostAddedAt: number;
}

/**
 * Runs IN THE PAGE (`page.evaluate(recordCardOpening, CARD_HOST_TAG)`), before the mouse moves:
 * records the page's mouse moves and the moment the card's host first joins the page. Timed on
 * the page's own clock, so a slow machine can only make the card look later, never sooner (the
 * test used to read the card 120 ms after the hover, which a loaded machine stretched past the
 * hover delay).
 */
export function recordCardOpening(hostTag: string): void {
  const record: CardOpeningRecord = { moves: [], hostAddedAt: -1 };
  (window as unknown as { __termlensCardOpening: CardOpeningRecord }).__termlensCardOpening = record;
  document.addEventListener('mousemove', (e) => record.moves.push([performance.now(), e.clientX, e.clientY]), { capture: true });
  new MutationObserver(() => {
    if (record.hostAddedAt < 0 && document.querySelector(hostTag)) record.hostAddedAt = performance.now();
  }).observe(document.documentElement, { childList: true });
}

/** Runs IN THE PAGE: what recordCardOpening recorded. */
export function readCardOpening(): CardOpeningRecord {
  return (window as unknown as { __termlensCardOpening: CardOpeningRecord }).__termlensCardOpening;
}

/**
 * How long the pointer had been on `rect` (the hovered occurrence's box) when the card's host
 * joined the page, in ms. Throws if the pointer never reached the box or no card opened. Hover
 * with `direct`: a stepped move may hit the term a step before its centre box.
 */
export function restedBeforeCard(record: CardOpeningRecord, rect: Box): number {
  const first = record.moves.find(([, x, y]) => x >= rect.x && x <= rect.x + rect.width && y >= rect.y && y <= rect.y + rect.height);
  if (!first) throw new Error(`no mouse move reached the term's box (${record.moves.length} moves)`);
  if (record.hostAddedAt < 0) throw new Error('no card opened');
  return record.hostAddedAt - first[0];
}
