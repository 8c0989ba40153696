// The page specifications both browsers are checked against: the reference page
// (reference-page.test.ts), hostile pages (hostile.test.ts), frames (frames.test.ts) and editable
// fields (editable-fields.test.ts) in Chromium, tests/browser-firefox/pages.test.ts in Firefox.
// The pages themselves are the fixtures (tests/fixtures/pages/); here are where they are served,
// what is typed into them, the thresholds, and the readers that run IN the page (Playwright's and
// Puppeteer's page.evaluate both send a function's source text, so each is self-contained).

import { REFERENCE_COUNTS } from '../fixtures/pages/news-article.mjs';
import '../fixtures/pages/hostile-pages.mjs';

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
export function clearHighlightRegistry() {
  CSS.highlights.set('page-own', new Highlight());
  CSS.highlights.clear();
}

// ---------------------------------------------------------------------------------------------
// Frames (frames.test.ts; pages: tests/fixtures/pages/hostile-pages.mjs, expected: FRAME_COUNTS)

export const FRAMES_CHILD_PATH = '/frames/child.html';
export const FRAMES_TOP_PATH = '/frames/top.html';
/** How long the frames get to show FRAME_COUNTS. */
export const FRAMES_TIMEOUT_MS = 15_000;

/** A frame's counts, by term in code-point order, as FRAME_COUNTS lists them. */
export const sortedCounts = (counts: Map<string, number>) => Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)));

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
