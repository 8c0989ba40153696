// Types for highlight-registry.mjs.
import type { Page } from 'playwright-core';

export interface HighlightRange {
  /** The registry name, `termlens-0` … `termlens-7` (one per colour slot). */
  name: string;
  /** range.toString(), layout whitespace included. */
  text: string;
  /** text with all whitespace removed: the term as the reader reads it. */
  term: string;
  collapsed: boolean;
}

export interface HighlightReading {
  ranges: HighlightRange[];
  /** term → number of ranges (collapsed ranges not counted). */
  counts: Map<string, number>;
}

export interface WaitOptions {
  /** Default 15 s. */
  timeout?: number;
  /** Poll interval, default 50 ms. */
  interval?: number;
}

export declare function readHighlights(page: Page): Promise<HighlightRange[]>;
export declare function countTerms(ranges: readonly HighlightRange[]): Map<string, number>;
export declare function highlightCounts(page: Page): Promise<Map<string, number>>;
export declare function waitForHighlights(
  page: Page,
  predicate: (reading: HighlightReading) => boolean,
  options?: WaitOptions,
): Promise<HighlightReading>;
export declare function waitForSettledHighlights(
  page: Page,
  options?: WaitOptions & { quietMs?: number },
): Promise<HighlightReading>;
export declare function describeCounts(counts: Map<string, number>): string;
