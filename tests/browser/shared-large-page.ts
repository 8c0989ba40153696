// The large-page specification both browsers are checked against (tests/browser/large-page.test.ts
// in Chromium, tests/browser-firefox/pages.test.ts in Firefox): the page of a million characters
// (tests/fixtures/pages/large-page.mjs), the terms counted in view, the thresholds, and the
// readers that run IN the page (self-contained: both drivers send a function's source text), and
// the two tests' bodies, which both browsers run alike once the page is open.

import { cpus, loadavg } from 'node:os';
import { expect } from 'vitest';
import type { EvaluatingPage } from './shared-pages';

/** The terms whose occurrences in view are counted. */
export const TERMS = ['新质生产力', '能源革命', '西部大开发'];

export const LARGE_PAGE_PATH = '/large/million.html';
export const JUMP_PATH = '/large/jump.html';

/** Issue 3, "No jank": what is in view is highlighted within a second (scaled by loadFactor()). */
export const IN_VIEW_MS = 1_000;
/** How long past the limit a poll goes on, so that a slow answer is measured rather than cut off. */
export const POLL_SLACK_MS = 2_000;
/** How long the first screen and the whole-page scan get on a cold start. */
export const FIRST_SCREEN_TIMEOUT_MS = 60_000;
/** The scroll positions (fractions of the scrollable height) after the top. */
export const SCROLL_FRACTIONS = [0.25, 0.5, 0.75, 1];
/** Where the reader jumps while the first walk is under way: the middle of the page. */
export const JUMP_FRACTION = 0.5;
/** Windowing: a few screens' worth of registered ranges, not the page's 17,000. */
export const MAX_REGISTERED = 2_000;
/** The whole-page scan finds more occurrences than this (about 17,000 with the starter glossary). */
export const MIN_OCCURRENCES = 10_000;

/** How much slower than an idle machine wall-clock times are now (1 when a core is free). */
export function loadFactor(): number {
  return Math.max(1, loadavg()[0]! / cpus().length);
}

export interface InViewCount {
  /** Occurrences of the terms with a box in view, found by brute force over the text. */
  expected: number;
  /** TermLens's registered ranges of the terms with a box in view. */
  shown: number;
  /** Registered ranges that are collapsed (their text is gone). */
  collapsed: number;
  /** Every registered range, in view or not. */
  registered: number;
  /**
   * Registered ranges more than FAR_SCREENS screens above or below the view: TermLens registers
   * what is within half a screen of it (a story's paragraphs one by one, not the whole story).
   */
  far: number;
}

/** Past this many screens from the view, a registered range is too far (see InViewCount.far). */
export const FAR_SCREENS = 1;

/**
 * In the page: occurrences of `terms` in view, counted two ways: by brute force over the text of
 * the blocks that intersect the viewport (a Range per occurrence, kept if one of its boxes is in
 * view), and from TermLens's registered ranges whose boxes are in view. Also counts collapsed
 * registered ranges.
 */
export function inView(terms: string[]): InViewCount {
  const height = document.documentElement.clientHeight;
  const visible = (range: Range) => [...range.getClientRects()].some((r) => r.width > 0 && r.bottom > 0 && r.top < height);
  let expected = 0;
  for (const block of document.querySelectorAll('main p, main h2')) {
    const rect = block.getBoundingClientRect();
    if (rect.bottom <= 0 || rect.top >= height) continue;
    // The block's text without whitespace, and where each of its characters is.
    const nodes: Text[] = [];
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
    let text = '';
    const at: [Text, number][] = [];
    for (const node of nodes) {
      for (let i = 0; i < node.data.length; i++) {
        if (/\s/.test(node.data[i]!)) continue;
        text += node.data[i];
        at.push([node, i]);
      }
    }
    for (const term of terms) {
      for (let i = text.indexOf(term); i >= 0; i = text.indexOf(term, i + term.length)) {
        const range = document.createRange();
        const [startNode, startOffset] = at[i]!;
        const [endNode, endOffset] = at[i + term.length - 1]!;
        range.setStart(startNode, startOffset);
        range.setEnd(endNode, endOffset + 1);
        if (visible(range)) expected++;
      }
    }
  }
  let shown = 0;
  let collapsed = 0;
  let registered = 0;
  let far = 0;
  // FAR_SCREENS, inlined: this function runs in the page.
  const reach = 1 * height;
  CSS.highlights.forEach((highlight, name) => {
    if (!/^termlens-\d+$/.test(name)) return;
    for (const r of highlight) {
      registered++;
      const box = (r as Range).getBoundingClientRect?.();
      if (box && box.height > 0 && (box.bottom < -reach || box.top > height + reach)) far++;
      if (r.collapsed) {
        collapsed++;
        continue;
      }
      const range = document.createRange();
      range.setStart(r.startContainer, r.startOffset);
      range.setEnd(r.endContainer, r.endOffset);
      if (terms.includes(range.toString().replace(/\s/g, '')) && visible(range)) shown++;
    }
  });
  return { expected, shown, collapsed, registered, far };
}

/**
 * Polls `read` (inView in the page) until every occurrence in view is shown; returns how long that
 * took (ms) and the last count.
 */
export async function timeToShowInView(read: () => Promise<InViewCount>, limitMs: number): Promise<InViewCount & { ms: number }> {
  const t0 = Date.now();
  let last = await read();
  // Polled at least twice: the last screen of the page may hold no occurrence at all.
  for (let polls = 1; !(last.shown === last.expected && last.collapsed === 0 && (last.expected > 0 || polls > 2)) && Date.now() - t0 < limitMs; polls++) {
    await new Promise((r) => setTimeout(r, 50));
    last = await read();
  }
  return { ms: Date.now() - t0, ...last };
}

/** Polls `read` for up to a second until no registered range is far from the view (unregistering follows the observer's report). */
async function settledFar(read: () => Promise<InViewCount>): Promise<InViewCount> {
  const t0 = Date.now();
  let last = await read();
  while (last.far > 0 && Date.now() - t0 < 1_000 * loadFactor()) {
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
}

/** In the page: scrolls to `fraction` of the scrollable height. */
export function scrollToFraction(fraction: number) {
  window.scrollTo(0, Math.round((document.documentElement.scrollHeight - innerHeight) * fraction));
}

export interface FullScan {
  /** When TermLens started (its `termlens:start` mark), page clock. */
  start: number;
  /** When its whole-page scan ended. */
  end: number;
  /** The scan measure's detail (occurrences and timings). */
  detail: { occurrences: number; [key: string]: unknown };
}

/** In the page: TermLens's whole-page scan (its `termlens:scan` measure with `full`), or null before it ends. */
export function readFullScan(): FullScan | null {
  const scan = performance.getEntriesByName('termlens:scan').find((e) => (e as PerformanceMeasure).detail?.full === true);
  if (!scan) return null;
  const start = performance.getEntriesByName('termlens:start')[0]!;
  return { start: start.startTime, end: scan.startTime + scan.duration, detail: (scan as PerformanceMeasure).detail };
}

/** In the page: whether TermLens has started on the complete DOM (its `termlens:dom-ready` mark). */
export function domReadyMarked() {
  return performance.getEntriesByName('termlens:dom-ready').length > 0;
}

/** In the page: whether a walk has ended (any `termlens:scan` measure). */
export function walkEnded() {
  return performance.getEntriesByName('termlens:scan').length > 0;
}

/**
 * Polls `read` (readFullScan in the page) with plain evaluate calls until the whole-page scan has
 * ended. Not a driver's waitForFunction: Playwright's injects its own 330 KB script into the page
 * (20–30 ms of main-thread work), which would land in the frames large-page.test.ts measures.
 */
export async function waitForFullScan(read: () => Promise<FullScan | null>, timeout = FIRST_SCREEN_TIMEOUT_MS): Promise<FullScan> {
  const t0 = Date.now();
  for (;;) {
    const found = await read();
    if (found) return found;
    if (Date.now() - t0 > timeout) throw new Error(`no whole-page termlens:scan within ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The body of "shows every occurrence in view within a second at the top, 25 %, 50 %, 75 % and
 * 100 %, registering only what is near the viewport", on `page` just opened on LARGE_PAGE_PATH:
 * what is in view at the top shown (within FIRST_SCREEN_TIMEOUT_MS), then at each of
 * SCROLL_FRACTIONS shown within IN_VIEW_MS × loadFactor() with fewer than MAX_REGISTERED ranges
 * registered, and the whole-page scan's occurrences. Prints the times, after `label`.
 */
export async function expectInViewAtEveryScroll(page: EvaluatingPage, label: string): Promise<void> {
  const factor = loadFactor();
  const limit = IN_VIEW_MS * factor;
  const read = () => page.evaluate(inView, TERMS);

  const top = await timeToShowInView(read, FIRST_SCREEN_TIMEOUT_MS);
  const scan = await waitForFullScan(() => page.evaluate(readFullScan, undefined));
  // From TermLens's start to what is in view shown.
  const sinceStart = await page.evaluate((s) => performance.now() - s, scan.start);
  const results: Record<string, unknown> = { top: { ...top, sinceStartMs: Math.round(sinceStart) } };
  expect(top.expected).toBeGreaterThan(0);
  expect(top.shown).toBe(top.expected);

  for (const fraction of SCROLL_FRACTIONS) {
    await page.evaluate(scrollToFraction, fraction);
    const seen = await timeToShowInView(read, limit + POLL_SLACK_MS);
    results[`${fraction * 100}%`] = seen;
    // The last screen of the page (the end of a copy) holds none of the three terms.
    if (fraction < 1) expect(seen.expected, `${fraction * 100}%`).toBeGreaterThan(0);
    expect(seen, `${fraction * 100}%: ${JSON.stringify(seen)}`).toMatchObject({ shown: seen.expected, collapsed: 0 });
    expect(seen.ms, `${fraction * 100}% took ${seen.ms} ms (load factor ${factor.toFixed(1)})`).toBeLessThanOrEqual(limit);
    // Windowing: a few screens' worth of ranges, not the page's 17,000, and none far from the view.
    expect(seen.registered).toBeLessThan(MAX_REGISTERED);
    const settled = await settledFar(read);
    expect(settled.far, `${fraction * 100}%: ${settled.far} of ${settled.registered} registered ranges lie past ${FAR_SCREENS} screens from the view`).toBe(0);
  }
  console.log(`${label}large page, in view:`, JSON.stringify(results), 'scan:', JSON.stringify(scan.detail), 'load factor', factor.toFixed(2));
  expect(scan.detail.occurrences).toBeGreaterThan(MIN_OCCURRENCES);
}

/**
 * The body of "shows what is in view within a second after a jump to the middle while the first
 * walk is still under way", on `page` opened on JUMP_PATH as soon as TermLens started on its
 * complete DOM: a jump to JUMP_FRACTION, and what is in view there shown within IN_VIEW_MS ×
 * loadFactor(). Prints the time and whether the walk had already ended, after `label`.
 */
export async function expectInViewAfterJump(page: EvaluatingPage, label: string): Promise<void> {
  await page.evaluate(scrollToFraction, JUMP_FRACTION);
  const factor = loadFactor();
  const seen = await timeToShowInView(() => page.evaluate(inView, TERMS), IN_VIEW_MS * factor + POLL_SLACK_MS);
  const walkDone = await page.evaluate(walkEnded, undefined);
  console.log(`${label}large page, jump to 50 % during the walk:`, JSON.stringify(seen), 'walk already done:', walkDone, 'load factor', factor.toFixed(2));
  expect(seen).toMatchObject({ shown: seen.expected, collapsed: 0 });
  expect(seen.expected).toBeGreaterThan(0);
  expect(seen.ms, `took ${seen.ms} ms (load factor ${factor.toFixed(1)})`).toBeLessThanOrEqual(IN_VIEW_MS * factor);
}
