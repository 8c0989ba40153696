// The popup's specification both browsers are checked against (tests/browser/popup-edit.test.ts,
// popup-reveal.test.ts and popup-site.test.ts in Chromium, tests/browser-firefox/popup.test.ts in
// Firefox): the pages the popup describes, the entry its quick edit adds, the popup's sizes, how
// long the page may take to follow, and the reader of the page's flash.

import { newsArticlePage } from '../fixtures/pages/news-article.mjs';
import { framedArticlePage, framedStoryPage } from '../fixtures/pages/hostile-pages.mjs';

/** A page the page server serves at `path`. */
export interface SpecPage {
  path: string;
  html: string;
}

/** The page server's host, which the popup names in its site switch. */
export const PAGE_HOST = '127.0.0.1';

// Quick edits (popup-edit.test.ts).

/** Not in the starter glossary: only the entry the popup adds highlights it. */
export const EDIT_TERM = '数据要素';
export const EDIT_TRANSLATION = 'data as a factor of production';
export const EDIT_DEFINITION = '参与社会生产经营活动的数据资源。';
export const EDITED_DEFINITION = '数据要素：改过的释义。';

/** EDIT_TERM three times: once in the headline, twice in the paragraph. */
export const EDIT_NEWS: SpecPage = {
  path: '/news/data.html',
  html: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>数据要素</title></head>
<body><main><h1>激活数据要素潜能</h1><p>加快培育数据要素市场，让数据要素“供得出、流得动、用得好”，培育新质生产力。</p></main></body></html>`,
};
export const EDIT_TERM_COUNT = 3;

/** The popup's size in the quick-edit tests: its form must fit this width without scrolling sideways. */
export const SMALL_POPUP = { width: 360, height: 600 } as const;

/** How long the open page may take to follow an add, edit, delete or undo made in the popup. */
export const EDIT_FOLLOW_MS = 5_000;
/** How long the background may take to serve the edited definition to a card. */
export const CARD_ENTRY_MS = 3_000;

// The toolbar badge and revealing a term (popup-reveal.test.ts).

export const BADGE_PAGE: SpecPage = { path: '/news/badge.html', html: newsArticlePage() };
export const REVEAL_PAGE: SpecPage = { path: '/news/reveal.html', html: newsArticlePage() };
/** The term chosen in the popup: four occurrences, so "the one after" is another. */
export const REVEAL_TERM = '新质生产力';
/** Short, so that the next occurrence is out of view until the page scrolls to it. */
export const REVEAL_VIEWPORT = { width: 1280, height: 600 } as const;
export const BADGE_MS = 10_000;
export const FLASH_MS = 5_000;

/**
 * Runs in the page: the range TermLens flashes (`termlens-flash`), as its text without
 * whitespace, its top in the viewport and whether it is wholly in view; null when none.
 */
export function readFlash(): { text: string; top: number; inView: boolean } | null {
  const flash = CSS.highlights.get('termlens-flash');
  const range = flash ? ([...flash][0] as Range | undefined) : undefined;
  if (!range) return null;
  const rect = range.getBoundingClientRect();
  return { text: range.toString().replace(/\s/g, ''), top: rect.top, inView: rect.top >= 0 && rect.bottom <= innerHeight };
}

/** Runs in the page: the flashed range's top in the document (so two flashes can be told apart). */
export function flashDocumentTop(): number {
  return scrollY + ([...CSS.highlights.get('termlens-flash')!][0] as Range).getBoundingClientRect().top;
}

// The site switch and the global pause (popup-site.test.ts).

export const SITE_SWITCH_PAGE: SpecPage = { path: '/news/site-switch.html', html: newsArticlePage() };
export const SWITCH_POPUP = { width: 380, height: 600 } as const;
/** How long the page may take to drop or bring back its highlights after a switch. */
export const SWITCH_FOLLOW_MS = 15_000;

// A story set in a frame (popup-reveal.test.ts; page: framedArticlePage in hostile-pages.mjs).

/** framedArticlePage, its framed story served first (at /frames/story.html). */
export function framedArticleSpec(server: { page(path: string, html: string): string }): SpecPage {
  return { path: '/frames/article.html', html: framedArticlePage(server.page('/frames/story.html', framedStoryPage())) };
}

/** What each frame of framedArticlePage highlights: the page (`top`) and its frame `#story`. */
export const FRAMED_ARTICLE_FRAMES = Object.freeze({
  top: { 能源革命: 1 },
  story: { 新质生产力: 2, 能源革命: 1, 西部大开发: 1 },
});

/** Runs IN THE PAGE: the top of the frame `#story` in the page's view, and the view's height. */
export function storyFrameTop(): { top: number; height: number } {
  return { top: document.getElementById('story')!.getBoundingClientRect().top, height: innerHeight };
}

/** Whether a flash in the frame `#story` (readFlash in the frame) lies in the page's view (storyFrameTop). */
export function flashInPageView(flash: { top: number } | null, frame: { top: number; height: number }): boolean {
  return flash !== null && frame.top + flash.top >= 0 && frame.top + flash.top < frame.height - 10;
}

// Back and forward through the back/forward cache (back-forward.test.ts).

/** The page server sends `no-store` by default, which keeps a page out of the back/forward cache. */
const CACHEABLE = { 'cache-control': 'max-age=0' };
const backForwardDoc = (body: string) => `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><body>${body}</body></html>`;

/**
 * A frame's own script that holds up its `pageshow` for 150 ms once the frame was left, after
 * TermLens's listener (added when the frame was left, so after the page script's). Firefox fires a
 * page's `pageshow` in its frames first: the top frame's comes 150 ms after the frame told its entries,
 * and its time drops the frame's report, as a busy machine did now and then (tab-terms.ts).
 */
const SLOW_FRAME_PAGESHOW = `<script>addEventListener('pagehide', () => addEventListener('pageshow', (event) => {
  if (!event.persisted) return;
  const end = performance.now() + 150;
  while (performance.now() < end);
}), { once: true });</script>`;

/**
 * Two pages with a frame each, served so that the browser may keep them in its back/forward
 * cache; their addresses. BACK_FORWARD_COUNTS says what each holds.
 */
export function serveBackForwardPages(server: { page(path: string, html: string, headers?: Record<string, string>): string }): {
  first: string;
  second: string;
} {
  server.page('/bf/first-frame.html', backForwardDoc(`<p>推动新质生产力发展，推进西部大开发。</p>${SLOW_FRAME_PAGESHOW}`), CACHEABLE);
  server.page('/bf/second-frame.html', backForwardDoc(`<p>推动高质量发展。</p>${SLOW_FRAME_PAGESHOW}`), CACHEABLE);
  return {
    first: server.page('/bf/first.html', backForwardDoc('<p>争当能源革命排头兵。</p><iframe src="/bf/first-frame.html"></iframe>'), CACHEABLE),
    second: server.page('/bf/second.html', backForwardDoc('<p>推进西部大开发。</p><iframe src="/bf/second-frame.html"></iframe>'), CACHEABLE),
  };
}

/** What each page of serveBackForwardPages holds, its frame's terms included. */
export const BACK_FORWARD_COUNTS = Object.freeze({
  first: { 能源革命: 1, 新质生产力: 1, 西部大开发: 1 },
  second: { 西部大开发: 1, 高质量发展: 1 },
});

/** Every term of either page: the popup's rows read for them (rowsAsCounts). */
export const BACK_FORWARD_TERMS = [...new Set([...Object.keys(BACK_FORWARD_COUNTS.first), ...Object.keys(BACK_FORWARD_COUNTS.second)])];

/** The toolbar badge's text for a page holding `counts`: its distinct terms. */
export const badgeTextFor = (counts: Record<string, number>): string => String(Object.keys(counts).length);

/** Runs in the page, before its scripts: records whether each show of the page came from the back/forward cache (`pageShows`). */
export function recordPageShows(): void {
  addEventListener('pageshow', (event) => {
    const shows = ((window as unknown as { pageShows?: boolean[] }).pageShows ??= []);
    shows.push(event.persisted);
  });
}

/** Runs in the page: recordPageShows's record. */
export function pageShows(): boolean[] {
  return (window as unknown as { pageShows?: boolean[] }).pageShows ?? [];
}

/** Runs in the popup: its rows of the page's terms, each as its text and the text of its count. */
export function readPopupRows(): { text: string; count: string }[] {
  return [...document.querySelectorAll('[data-testid="page-term"]')].map((row) => ({
    text: row.textContent ?? '',
    count: row.querySelector('[data-testid="page-term-count"]')?.textContent ?? '',
  }));
}

/**
 * The popup's rows as term → count. A row's text is its term then its count; `terms` are the terms
 * a row may name (the longest that the row's text starts with wins).
 */
export function rowsAsCounts(rows: { text: string; count: string }[], terms: readonly string[]): Record<string, number> {
  const byLength = [...terms].sort((a, b) => b.length - a.length);
  const out: Record<string, number> = {};
  for (const { text, count } of rows) {
    const term = byLength.find((t) => text.replace(/\s/g, '').startsWith(t)) ?? text;
    out[term] = Number.parseInt(count.replace(/\D+/g, ''), 10);
  }
  return out;
}

/** Where a glossary row of the popup puts its edit button, its names and its definition (glossaryRowsIn). */
export interface GlossaryRowBoxes {
  term: string;
  editTop: number;
  termBottom: number;
  namesBottom: number;
  definitionTop: number;
}

/**
 * Runs in the popup (its document given): every row of the glossary list as it shows. Takes the
 * document, not the global, so that the Firefox suite can send its source to the page.
 */
export function glossaryRowsIn(doc: Document): GlossaryRowBoxes[] {
  return [...doc.querySelectorAll('[data-testid="glossary-entry"]')].map((row) => {
    const box = (selector: string) => row.querySelector(selector)?.getBoundingClientRect() ?? null;
    const term = box('.tl-entry-term')!;
    const translation = box('.tl-entry-translation');
    return {
      term: row.querySelector('.tl-entry-term')?.textContent ?? '',
      editTop: box('[data-testid="glossary-edit"]')!.top,
      termBottom: term.bottom,
      namesBottom: Math.max(term.bottom, translation?.bottom ?? 0),
      definitionTop: box('.tl-entry-definition')!.top,
    };
  });
}

/**
 * The rows laid out with an empty line, by term: an edit button on a line of its own below the names,
 * and a definition more than a few pixels below them. Both lists are empty when the list is right.
 */
export function glossaryRowGaps(rows: readonly GlossaryRowBoxes[]): { editBelowNames: string[]; gapBeforeDefinition: string[] } {
  return {
    editBelowNames: rows.filter((r) => r.editTop >= r.termBottom).map((r) => r.term),
    gapBeforeDefinition: rows.filter((r) => r.definitionTop - r.namesBottom > 6).map((r) => r.term),
  };
}

/**
 * Runs in the popup (its document given): which of the page's terms has the focus (-1 for none), how
 * many are in the Tab order, and how many there are.
 */
export function pageTermFocusIn(doc: Document): { term: number; stops: number; count: number } {
  const all = [...doc.querySelectorAll<HTMLElement>('[data-testid="page-term"]')];
  return { term: all.indexOf(doc.activeElement as HTMLElement), stops: all.filter((b) => b.tabIndex === 0).length, count: all.length };
}
