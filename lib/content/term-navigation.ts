/**
 * Which occurrence the next/previous keyboard commands go to. Occurrences are
 * visited in document order and the walk wraps around at either end.
 *
 * The walk continues from the occurrence visited last while that one is still
 * in view. Otherwise (first press, or the reader scrolled elsewhere) it starts
 * from the viewport: "next" goes to the first occurrence that is not above the
 * viewport, "previous" to the last one that is not below it. So the first press
 * lands on what the reader is looking at, not at the top of the page.
 */
import type { TermDirection } from '../messages';

export interface VerticalRect {
  top: number;
  bottom: number;
}

/**
 * The index to visit among `count` occurrences in document order, or -1 when
 * there are none. `current` is the index visited last, or -1; `rectOf(i)` is
 * occurrence i's bounding rect in viewport coordinates.
 */
export function nextOccurrenceIndex(
  count: number,
  current: number,
  direction: TermDirection,
  rectOf: (index: number) => VerticalRect,
  viewportHeight: number,
): number {
  if (count <= 0) return -1;
  const step = direction === 'next' ? 1 : -1;
  if (current >= 0 && current < count && inView(rectOf(current), viewportHeight)) {
    return (current + step + count) % count;
  }
  if (direction === 'next') {
    for (let i = 0; i < count; i++) if (rectOf(i).bottom > 0) return i;
    return 0;
  }
  for (let i = count - 1; i >= 0; i--) if (rectOf(i).top < viewportHeight) return i;
  return count - 1;
}

function inView(rect: VerticalRect, viewportHeight: number): boolean {
  // An empty rect is a collapsed range (the page rewrote its text): not a place to continue from.
  return rect.bottom > rect.top && rect.bottom > 0 && rect.top < viewportHeight;
}
