// The page specifications both browsers are checked against: the reference page
// (reference-page.test.ts), hostile pages (hostile.test.ts), frames (frames.test.ts) and editable
// fields (editable-fields.test.ts) in Chromium, tests/browser-firefox/pages.test.ts in Firefox.
// The pages themselves are the fixtures (tests/fixtures/pages/); here are where they are served,
// what is typed into them, the thresholds, the readers that run IN the page (Playwright's and
// Puppeteer's page.evaluate both send a function's source text, so each is self-contained), and the
// parts of the tests' bodies that both browsers run alike.

import type { Page as PlaywrightPage } from 'playwright-core';
import { expect } from 'vitest';
import { REFERENCE_COUNTS } from '../fixtures/pages/news-article.mjs';
import { adFramesPage, childFramePage, FRAME_COUNTS, framesPage } from '../fixtures/pages/hostile-pages.mjs';
import { countTerms, readHighlights, waitForHighlights, type HighlightRange } from './highlight-registry.mjs';

/**
 * What the bodies here need of a page or frame: `evaluate(fn, arg)`, which both drivers have with
 * the same meaning. A Playwright Page or Frame is one as it is; a Puppeteer one in all but its
 * types (cast it, as the Firefox tests do for highlight-registry.mjs).
 */
export interface EvaluatingPage {
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
}

// highlight-registry.mjs only calls evaluate(fn); its .d.mts names Playwright's Page.
const asRegistryPage = (page: EvaluatingPage) => page as unknown as PlaywrightPage;

/** The reference counts of a reading: each term of REFERENCE_COUNTS with how many ranges it has (0 when none). */
export function referenceCountsOf(counts: Map<string, number>): Record<string, number> {
  return Object.fromEntries(Object.keys(REFERENCE_COUNTS).map((term) => [term, counts.get(term) ?? 0]));
}

// ---------------------------------------------------------------------------------------------
// The reference page (reference-page.test.ts)

/** Where the reference page (newsArticlePage) is served. */
export const REFERENCE_PAGE_PATH = '/news/2024-04-24/p1.html';

/** The page's recorder takes more than this many text nodes and elements: a record that small is not the page. */
export const RECORDED_AT_LEAST = 100;

/** TermLens may add this many host elements for its own UI, directly under one of UI_HOST_PARENTS. */
export const MAX_UI_HOSTS = 1;
export const UI_HOST_PARENTS = ['html', 'body'];

/**
 * In the page: compares every text node of the body (outside TermLens's own UI) with what the
 * page's recorder took before any content script ran: the same objects, in order, with the same data.
 */
export function compareTextNodes() {
  const inTermLensUi = (node: Node) => {
    for (let e = node.parentElement; e; e = e.parentElement) {
      if (e.localName.startsWith('termlens-')) return true;
    }
    return false;
  };
  const before = window.__termlensTextNodes ?? [];
  const after: Text[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!inTermLensUi(n)) after.push(n as Text);
  const firstDifferent = before.findIndex(([node, data], i) => after[i] !== node || node.data !== data);
  return {
    recorded: before.length,
    now: after.length,
    firstDifferent,
    difference: firstDifferent < 0 ? null : { was: before[firstDifferent]?.[1], now: after[firstDifferent]?.data ?? null },
  };
}

/**
 * In the page: compares the body's elements (outside TermLens's own UI) and <main>'s markup with
 * what the recorder took, and lists TermLens's host elements with their parents.
 */
export function compareMarkup() {
  const own = (e: Element) => e.localName.startsWith('termlens-');
  const insideOwn = (e: Element) => {
    for (let p: Element | null = e; p; p = p.parentElement) if (own(p)) return true;
    return false;
  };
  const before = window.__termlensElements ?? [];
  const after = Array.from(document.body.getElementsByTagName('*')).filter((e) => !insideOwn(e));
  const hosts = Array.from(document.querySelectorAll('*')).filter(own);
  return {
    recorded: before.length,
    sameElements: before.length === after.length && before.every((e, i) => after[i] === e),
    added: after.filter((e) => !before.includes(e)).map((e) => e.outerHTML.slice(0, 120)),
    sameMainHtml: document.querySelector('main')?.outerHTML === window.__termlensMainHtml,
    uiHosts: hosts.map((h) => ({ tag: h.localName, parent: h.parentElement?.localName ?? null })),
  };
}

/** The body of "starts and ends every range on the characters of its term, not on layout whitespace", on the reference page's ranges. */
export function expectRangesOnTheirTerms(ranges: HighlightRange[]): void {
  const loose = ranges.filter((r) => !r.collapsed && /^\s|\s$/.test(r.text)).map((r) => JSON.stringify(r.text));

  expect(ranges.length).toBeGreaterThan(0);
  expect(loose).toEqual([]);
}

/** The body of "leaves every text node of the page the same object with the same text", on the reference page. */
export async function expectTextNodesUnchanged(page: EvaluatingPage): Promise<void> {
  const result = await page.evaluate(compareTextNodes, undefined);

  expect(result.recorded).toBeGreaterThan(RECORDED_AT_LEAST);
  expect(result).toEqual({ recorded: result.recorded, now: result.recorded, firstDifferent: -1, difference: null });
}

/** The body of "adds no element inside the page and changes none of its markup", on the reference page. */
export async function expectMarkupUnchanged(page: EvaluatingPage): Promise<void> {
  const result = await page.evaluate(compareMarkup, undefined);

  expect(result.recorded).toBeGreaterThan(RECORDED_AT_LEAST);
  expect(result.added).toEqual([]);
  expect(result.sameElements).toBe(true);
  expect(result.sameMainHtml).toBe(true);
  // TermLens may add one host element for its own UI, directly under <html> or <body>.
  expect(result.uiHosts.length).toBeLessThanOrEqual(MAX_UI_HOSTS);
  for (const host of result.uiHosts) expect(UI_HOST_PARENTS).toContain(host.parent);
}

// ---------------------------------------------------------------------------------------------
// Hostile pages (hostile.test.ts; pages: tests/fixtures/pages/hostile-pages.mjs)

export const RESTYLED_PATH = '/hostile/restyled.html';
export const CSP_PATH = '/hostile/csp.html';
/** The policy the CSP page is served with: no style, script or source of any kind. */
export const CSP_HEADERS = { 'content-security-policy': "default-src 'none'; style-src 'none'; script-src 'none'" };
export const OVERRIDES_PATH = '/hostile/overrides.html';
export const CLEARS_PATH = '/hostile/clears.html';

/** How soon TermLens's highlights are back after the page clears the registry. */
export const HIGHLIGHTS_BACK_WITHIN_MS = 2_000;

/** A computed colour that paints nothing: none, or fully transparent. */
export const NO_COLOUR = /^(rgba\(0, 0, 0, 0\)|transparent)?$/;

/** In the page: how many registered ranges have no box at all (nothing would be drawn). */
export function boxlessRanges() {
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
}

/**
 * Runs IN THE PAGE: the names of the performance entries of TermLens's that the page can read. A
 * content script shares the page's timeline: TermLens writes its `termlens:*` timings there only
 * when storage asks for them (lib/page/timings.ts), as bench/ does.
 */
export function termlensEntriesInPage(): string[] {
  return performance.getEntries().filter((e) => e.name.startsWith('termlens')).map((e) => e.name);
}

/**
 * The body of "leaves nothing of its own in the page's performance timeline, unless storage asks for
 * its timings", in both browsers. `page` shows the reference page's highlights already, and the
 * suite has not asked for timings. `setTimings` writes storage's `timings`; `settle` waits for the
 * highlights after a reload.
 */
export async function expectTimingsOnlyWhenAsked(
  page: EvaluatingPage & { reload(): Promise<unknown> },
  setTimings: (on: boolean) => Promise<unknown>,
  settle: () => Promise<unknown>,
): Promise<void> {
  // The highlights are all the page learns: not TermLens's stages, their times, nor its counts.
  expect(await page.evaluate(termlensEntriesInPage, undefined)).toEqual([]);
  // Asked for (bench/ and some tests do), they are there: what the check above looks for exists.
  await setTimings(true);
  try {
    await page.reload();
    await settle();
    await expect.poll(() => page.evaluate(termlensEntriesInPage, undefined)).toContain('termlens:scan');
    expect(await page.evaluate(termlensEntriesInPage, undefined)).toEqual(expect.arrayContaining(['termlens:start', 'termlens:evaluate', 'termlens:get-matcher', 'termlens:dom-ready']));
  } finally {
    await setTimings(false);
  }
}

/** In the page: the colour the highlight of slot 0 paints with, as the page's style resolves it. */
export function highlightBackground() {
  const p = document.querySelector('p');
  return p ? getComputedStyle(p, '::highlight(termlens-0)').backgroundColor : null;
}

/**
 * In the overriding page: the terms of every registered range, read with the Range setters the
 * page kept (window.__pristine) and without Array.push, as JSON (a driver's serialiser in the
 * page's world could use Array.push too).
 */
export function readTermsWithPristine() {
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
}

/** The reference counts of a list of terms (one entry per range). */
export const referenceCountsOfTerms = (terms: string[]) =>
  Object.fromEntries(Object.keys(REFERENCE_COUNTS).map((t) => [t, terms.filter((x) => x === t).length]));

/** In the page, as its own highlighting library might: registers a highlight of its own, then clears the shared registry. */
export function clearHighlightRegistry(): number {
  CSS.highlights.set('page-own', new Highlight());
  CSS.highlights.clear();
  // Counted in the same task: TermLens's one-second tick may put its highlights back before a later read.
  return CSS.highlights.size;
}

/**
 * On the overriding page: its reference counts, read with readTermsWithPristine (the harness's
 * reader would trip over the page's overrides: it runs in the page's world), polled every 250 ms
 * for up to 15 s until they are REFERENCE_COUNTS.
 */
export async function waitForReferenceCountsWithPristine(page: EvaluatingPage): Promise<Record<string, number>> {
  const read = async () => JSON.parse(await page.evaluate(readTermsWithPristine, undefined)) as string[];
  let found = referenceCountsOfTerms(await read());
  for (let i = 0; i < 60 && JSON.stringify(found) !== JSON.stringify(REFERENCE_COUNTS); i++) {
    await new Promise((r) => setTimeout(r, 250));
    found = referenceCountsOfTerms(await read());
  }
  return found;
}

/**
 * The page's own script clears the highlight registry (clearHighlightRegistry), as a page with its
 * own highlighting library might; returns how many TermLens ranges were left right after, the
 * reference counts once ranges are back (polled every 50 ms for up to 5 s), and the ms from the
 * clearing to then.
 */
export async function clearRegistryAndWaitForHighlights(page: EvaluatingPage): Promise<{ leftAfterClear: number; back: Record<string, number>; ms: number }> {
  const t0 = Date.now();
  const leftAfterClear = await page.evaluate(clearHighlightRegistry, undefined);
  const back = await waitForHighlights(asRegistryPage(page), (reading) => reading.ranges.length > 0, { timeout: 5000, interval: 50 });
  return { leftAfterClear, back: referenceCountsOf(back.counts), ms: Date.now() - t0 };
}

// ---------------------------------------------------------------------------------------------
// Frames (frames.test.ts; pages: tests/fixtures/pages/hostile-pages.mjs, expected: FRAME_COUNTS)

export const FRAMES_CHILD_PATH = '/frames/child.html';
export const FRAMES_TOP_PATH = '/frames/top.html';
/** How long the frames get to show FRAME_COUNTS. */
export const FRAMES_TIMEOUT_MS = 15_000;

/** A frame's counts, by term in code-point order, as FRAME_COUNTS lists them. */
export const sortedCounts = (counts: Map<string, number>) => Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)));

/** Serves the frames page (framesPage) and the child page its same-origin frame loads; returns the frames page's URL. */
export function serveFramesPage(server: { page(path: string, html: string): string }): string {
  return server.page(FRAMES_TOP_PATH, framesPage(server.page(FRAMES_CHILD_PATH, childFramePage())));
}

/** Serves adFramesPage (frames of ads and trackers, one filled late). */
export function serveAdFramesPage(server: { page(path: string, html: string): string }): string {
  return server.page('/frames/ads.html', adFramesPage());
}

export const WAITING_FRAME_PATH = '/frames/waiting.html';
/** The term added while the frame waits for text, and then written into it. */
export const WAITING_FRAME_TERM = '框架待写词';

/** A page with 1 × 能源革命 and an empty frame `#waiting`. */
export function waitingFramePage(): string {
  return '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"></head><body><p>顶层页面：能源革命。</p><iframe id="waiting"></iframe></body></html>';
}

/** Runs IN THE PAGE: writes a paragraph with `term` into the frame `#waiting`. */
export function fillWaitingFrame(term: string): void {
  const doc = (document.getElementById('waiting') as HTMLIFrameElement).contentDocument!;
  doc.body.innerHTML = `<p>稍后写入的${term}。</p>`;
}

/**
 * The body of "a frame still waiting for text highlights a term added meanwhile, once its text
 * comes" in both browsers: `page` is waitingFramePage, `frames` its top frame and `#waiting`;
 * `addTerm` adds an entry as the options page would, so that every tab is told. The suite must ask
 * for TermLens's timings.
 */
export async function expectWaitingFrameTakesNewTerm(
  page: EvaluatingPage,
  frames: { top: EvaluatingPage; waiting: EvaluatingPage },
  addTerm: (term: string) => Promise<unknown>,
): Promise<void> {
  const before = { top: { 能源革命: 1 }, waiting: {} };
  expect(await waitForFrameCounts(frames, before)).toEqual(before);
  // The glossary changes while the frame waits: every tab is told, and the waiting frame lets it pass.
  await addTerm(WAITING_FRAME_TERM);
  await page.evaluate(fillWaitingFrame, WAITING_FRAME_TERM);
  const after = { top: { 能源革命: 1 }, waiting: { [WAITING_FRAME_TERM]: 1 } };
  expect(await waitForFrameCounts(frames, after)).toEqual(after);
  // It fetched the matcher once, when its text came: the newest.
  expect(await frames.waiting.evaluate(() => performance.getEntriesByName('termlens:get-matcher').length, undefined)).toBe(1);
}

/**
 * Runs IN A FRAME: whether TermLens's content script started there, and whether it fetched the
 * glossary's matcher (its `termlens:start` and `termlens:get-matcher` entries: the suite must ask
 * for TermLens's timings).
 */
export function matcherFetchInFrame(): { started: boolean; fetched: boolean } {
  return {
    started: performance.getEntriesByName('termlens:start').length > 0,
    fetched: performance.getEntriesByName('termlens:get-matcher').length > 0,
  };
}

/**
 * Each frame's counts (sortedCounts of its own registry), read every 250 ms until they are
 * FRAME_COUNTS or FRAMES_TIMEOUT_MS has passed; the last reading.
 */
export async function waitForFrameCounts<Name extends string = keyof typeof FRAME_COUNTS>(
  frames: Record<Name, EvaluatingPage>,
  expected: Readonly<Record<Name, Record<string, number>>> = FRAME_COUNTS as Record<Name, Record<string, number>>,
): Promise<Record<string, unknown>> {
  const seen: Record<string, unknown> = {};
  const deadline = Date.now() + FRAMES_TIMEOUT_MS;
  for (;;) {
    for (const [name, frame] of Object.entries<EvaluatingPage>(frames)) seen[name] = sortedCounts(countTerms(await readHighlights(asRegistryPage(frame))));
    if (JSON.stringify(seen) === JSON.stringify(expected) || Date.now() > deadline) return seen;
    await new Promise((r) => setTimeout(r, 250));
  }
}

// ---------------------------------------------------------------------------------------------
// Editable fields (editable-fields.test.ts; page: newsArticleWithEditorsPage)

export const EDITORS_PAGE_PATH = '/news/2024-04-24/p1-comments.html';
/** What the reader types at the end of the contenteditable, and then into the <textarea>. */
export const TYPED_INTO_RICH = '新质生产力';
export const TYPED_INTO_TEXTAREA = '西部大开发';
/** Absence cannot be awaited: the time the page's observer gets to rescan what the typing changed. */
export const RESCAN_GRACE_MS = 2_000;

/** In the page: "termlens-N: text" for every registered range whose common ancestor is inside an editable field. */
export function rangesInEditors() {
  const out: string[] = [];
  CSS.highlights.forEach((highlight, name) => {
    if (!name.startsWith('termlens-')) return;
    for (const r of highlight) {
      const range = document.createRange();
      range.setStart(r.startContainer, r.startOffset);
      range.setEnd(r.endContainer, r.endOffset);
      const node = range.commonAncestorContainer;
      const element = node instanceof Element ? node : node.parentElement;
      if (element?.closest('[contenteditable], textarea, input')) out.push(`${name}: ${range.toString()}`);
    }
  });
  return out;
}
