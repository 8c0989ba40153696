/**
 * Which occurrence is under a point of the viewport (design: "Rendering").
 *
 * Two steps, never DOM wrappers:
 * 1. `caretPositionFromPoint` (`caretRangeFromPoint` where missing) names the
 *    text node under the pointer, hence its block container.
 * 2. That container's occurrences are tested with `range.getClientRects()`.
 *
 * The caret alone cannot decide: it returns the *gap* between two characters
 * nearest the point, so a pointer over the right half of a term's last
 * character gives the gap after the term, and a pointer in the margin beside a
 * line gives the nearest gap on that line. The rects decide.
 *
 * Shown by tests/browser/card.test.ts (hover on the reference page).
 */

/** A DOM position: a node and an offset in it. */
export interface CaretPoint {
  node: Node;
  offset: number;
}

/** Anything with client rects: a `Range`, or a stub in tests. */
export interface RectSource {
  getClientRects(): ArrayLike<RectLike>;
}

export interface RectLike {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** What hit-testing needs of the page's matches. */
export interface OccurrenceIndex<T extends { range: RectSource }> {
  /** The block container whose own runs hold `node`, or null. */
  containerOf(node: Node): Element | null;
  /** The occurrences in that container's own runs. */
  occurrencesIn(container: Element): readonly T[];
}

/** An occurrence under the point, with the rect (one line of it) that was hit. */
export interface Hit<T> {
  occurrence: T;
  rect: RectLike;
  /** Which of the occurrence's client rects was hit: a term broken over two lines has two. */
  rectIndex: number;
}

type CaretDocument = Document & {
  caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
  caretRangeFromPoint?: (x: number, y: number) => Range | null;
};

/**
 * The DOM position nearest to viewport point (x, y), or null where the browser
 * offers neither API or the point is outside the document.
 */
export function caretPointAt(doc: Document, x: number, y: number): CaretPoint | null {
  const d = doc as CaretDocument;
  if (typeof d.caretPositionFromPoint === 'function') {
    const position = d.caretPositionFromPoint(x, y);
    return position ? { node: position.offsetNode, offset: position.offset } : null;
  }
  if (typeof d.caretRangeFromPoint === 'function') {
    const range = d.caretRangeFromPoint(x, y);
    return range ? { node: range.startContainer, offset: range.startOffset } : null;
  }
  return null;
}

/**
 * The first candidate one of whose client rects contains (x, y), edges
 * included, or null. `slop` widens every rect by that many pixels, for
 * fingers, which are wider than the line box they aim at.
 */
export function candidateAt<T extends { range: RectSource }>(
  candidates: readonly T[],
  x: number,
  y: number,
  slop = 0,
): Hit<T> | null {
  for (const occurrence of candidates) {
    const rects = occurrence.range.getClientRects();
    for (let i = 0; i < rects.length; i++) {
      const r = rects[i]!;
      // A collapsed range (the page rewrote the text under it) has empty rects: never a hit.
      if (r.right - r.left <= 0 || r.bottom - r.top <= 0) continue;
      if (x >= r.left - slop && x <= r.right + slop && y >= r.top - slop && y <= r.bottom + slop) {
        return { occurrence, rect: r, rectIndex: i };
      }
    }
  }
  return null;
}

/**
 * The occurrence under viewport point (x, y), or null. Costs one caret lookup
 * and the rects of one container's occurrences, so it is cheap enough for once
 * per animation frame during pointer moves.
 */
export function occurrenceAtPoint<T extends { range: RectSource }>(
  doc: Document,
  x: number,
  y: number,
  index: OccurrenceIndex<T>,
  slop = 0,
): Hit<T> | null {
  const caret = caretPointAt(doc, x, y);
  if (!caret) return null;
  const container = index.containerOf(caret.node);
  if (!container) return null;
  return candidateAt(index.occurrencesIn(container), x, y, slop);
}
