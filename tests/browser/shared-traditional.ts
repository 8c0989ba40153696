// The Traditional-characters specification both browsers are checked against
// (tests/browser/traditional.test.ts in Chromium, tests/browser-firefox/mirrored.test.ts in
// Firefox): what the reference page converted to zh-Hant (tests/fixtures/pages/traditional-article.mjs)
// must yield, in the registry and by entry.

import type { PageTermsResponse } from '../../lib/messages';

/** The highlighted text of the Traditional page, as the registry counts it (the reference page's 4, 2 and 7). */
export const TRADITIONAL_COUNTS = Object.freeze({ 新質生產力: 4, 能源革命: 2, 西部大開發: 7 });

/** The Simplified entries those occurrences belong to, by the content script's count. */
export const TRADITIONAL_ENTRY_COUNTS = Object.freeze({ 新质生产力: 4, 西部大开发: 7 });

/** At least this many entries occur on the Simplified page, so comparing by entry compares something. */
export const MIN_REFERENCE_ENTRIES = 3;

/** The three terms of TRADITIONAL_COUNTS as a registry reading counts them (undefined where none). */
export function traditionalCountsOf(counts: ReadonlyMap<string, number>): Record<keyof typeof TRADITIONAL_COUNTS, number | undefined> {
  return { 新質生產力: counts.get('新質生產力'), 能源革命: counts.get('能源革命'), 西部大開發: counts.get('西部大開發') };
}

/** The content script's answer as entry term → count, in a fixed order. */
export function byEntry(response: PageTermsResponse): Record<string, number> {
  return Object.fromEntries(response.terms.map((t) => [t.term, t.count]).sort(([a], [b]) => String(a).localeCompare(String(b))));
}
