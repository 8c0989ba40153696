// The layouts specification both browsers are checked against (tests/browser/layouts.test.ts in
// Chromium, tests/browser-firefox/mirrored.test.ts in Firefox): how a registered range is read as
// the reader sees its term, and how ranges are counted. The pages are tests/fixtures/pages/layouts.mjs.

/** One registered range, as layouts.test.ts reads it. */
export interface LayoutTerm {
  /** The range's text without ruby annotations, whitespace and invisible characters. */
  term: string;
  collapsed: boolean;
  /** It touches an element marked `.split`: a term cut in two by the layout. */
  touchesSplit: boolean;
  /** It has no box at all, so nothing is drawn. */
  empty: boolean;
}

/**
 * Runs IN THE PAGE (pass it to `page.evaluate`, in either browser): each registered range as the
 * reader sees its term, ruby annotations (<rt>, <rp>) left out and whitespace and invisible
 * characters (soft hyphen, zero-width characters) removed.
 */
export function readLayoutTermsInPage(): LayoutTerm[] {
  const out: LayoutTerm[] = [];
  const splits = [...document.querySelectorAll('.split')];
  CSS.highlights.forEach((highlight, name) => {
    if (!/^termlens-\d+$/.test(name)) return;
    for (const r of highlight) {
      const range = document.createRange();
      range.setStart(r.startContainer, r.startOffset);
      range.setEnd(r.endContainer, r.endOffset);
      const fragment = range.cloneContents();
      fragment.querySelectorAll('rt, rp').forEach((e) => e.remove());
      const term = (fragment.textContent ?? '').replace(/[\s\u00ad\u200b-\u200d\u2060\ufeff]/g, '');
      const rects = [...range.getClientRects()].filter((rect) => rect.width > 0 && rect.height > 0);
      out.push({ term, collapsed: r.collapsed, touchesSplit: splits.some((s) => range.intersectsNode(s)), empty: rects.length === 0 });
    }
  });
  return out;
}

/** How many ranges show each term, collapsed ranges left out. */
export function countsOf(terms: { term: string; collapsed: boolean }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { term, collapsed } of terms) if (!collapsed) counts[term] = (counts[term] ?? 0) + 1;
  return counts;
}
