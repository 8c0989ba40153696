// The dynamic-pages specification both browsers are checked against (tests/browser/dynamic.test.ts
// in Chromium, tests/browser-firefox/mirrored.test.ts in Firefox): what "the highlights follow"
// means on the feed, the ticker and the SPA of tests/fixtures/pages/dynamic-pages.mjs.

import type { TickReport } from '../fixtures/pages/dynamic-pages.mjs';
import type { HighlightReading } from './highlight-registry.mjs';

/** How long the feed test waits after each scroll to the bottom, for the page to append a story. */
export const FEED_SCROLL_PAUSE_MS = 250;

/** How long the ticker may take to finish its rewrites on a busy machine. */
export const TICKER_TIMEOUT_MS = 30_000;

/** See tickerShownShare: a busy machine may delay a rescan now and then. */
export const TICKER_SHOWN_SHARE = 0.75;

/** The ticker page's static paragraphs that hold 西部大开发. */
export const TICKER_STATIC_TERMS = 10;

/** The terms the ticker's live section can end with. */
export const TICKER_LIVE_TERMS = ['西部大开发', '新质生产力', '能源革命'];

/** The last rescan went over the rewritten blocks only: of the page's 42 blocks, the ticker rewrites two. */
export const TICKER_RESCANNED_BLOCKS = Object.freeze({ min: 1, max: 2 });

/** The three addresses the SPA serves, the first its start. */
export const SPA_PATHS = ['/spa/', '/spa/energy', '/spa/west'] as const;

/**
 * The share of the ticker's reports, each taken just before a rewrite (150 ms after the last), in
 * which the live section showed exactly what its text holds: to be at least TICKER_SHOWN_SHARE.
 * The first two are left out (the first tick may come before TermLens started).
 */
export function tickerShownShare(reports: TickReport[]): number {
  const shown = reports.slice(2).filter((r) => r.matching === r.expected && r.collapsed === 0);
  return shown.length / (reports.length - 2);
}

/** How many occurrences of TICKER_LIVE_TERMS the live section's final text holds. */
export function liveTermCount(finalText: string): number {
  return TICKER_LIVE_TERMS.reduce((n, t) => n + finalText.split(t).length - 1, 0);
}

const sorted = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));

/** A predicate for waitForHighlights: the registry shows exactly `counts` (and nothing else), and no collapsed range. */
export function showsExactly(counts: Record<string, number>): (reading: HighlightReading) => boolean {
  const want = JSON.stringify(sorted(counts));
  return (reading) => JSON.stringify(sorted(Object.fromEntries(reading.counts))) === want && reading.ranges.every((x) => !x.collapsed);
}

/** Runs IN THE PAGE (pass it to `page.evaluate`): ranges whose text has left the document, and collapsed ranges; neither may stay registered. */
export function strayRangesInPage(): { detached: number; collapsed: number } {
  let detached = 0;
  let collapsed = 0;
  CSS.highlights.forEach((highlight, name) => {
    if (!/^termlens-\d+$/.test(name)) return;
    for (const r of highlight) {
      if (r.collapsed) collapsed++;
      else if (!r.startContainer.isConnected || !r.endContainer.isConnected) detached++;
    }
  });
  return { detached, collapsed };
}

/** Runs IN THE PAGE: the live section's final text, whitespace removed. */
export function liveTextInPage(): string {
  return document.getElementById('live')!.textContent!.replace(/\s/g, '');
}

/** Runs IN THE PAGE: the detail of TermLens's last `termlens:scan` measure (which the benchmark reads too). */
export function lastScanInPage(): { full: boolean; blocks: number } | undefined {
  return (performance.getEntriesByName('termlens:scan').at(-1) as PerformanceMeasure | undefined)?.detail as { full: boolean; blocks: number } | undefined;
}
