import { describe, expect, it } from 'vitest';
import { nextOccurrenceIndex } from '../../../lib/content/term-navigation';

// Ten occurrences 100 px apart, the page scrolled so that the viewport (300 px) shows 3, 4 and 5.
const rects = Array.from({ length: 10 }, (_, i) => ({ top: i * 100 - 320, bottom: i * 100 - 300 }));
const rectOf = (i: number) => rects[i]!;
const next = (current: number, direction: 'next' | 'previous') => nextOccurrenceIndex(10, current, direction, rectOf, 300);

describe('nextOccurrenceIndex', () => {
  it('starts "next" at the first occurrence in view, not at the top of the page', () => {
    expect(next(-1, 'next')).toBe(4);
  });

  it('starts "previous" at the last occurrence in view', () => {
    expect(next(-1, 'previous')).toBe(6);
  });

  it('continues from the occurrence visited last while it is in view, in document order', () => {
    expect(next(4, 'next')).toBe(5);
    expect(next(5, 'previous')).toBe(4);
  });

  it('starts again from the viewport when the reader scrolled away from the last one', () => {
    expect(next(0, 'next')).toBe(4);
  });

  it('wraps around at either end', () => {
    const all = Array.from({ length: 3 }, (_, i) => ({ top: i * 30, bottom: i * 30 + 20 }));
    expect(nextOccurrenceIndex(3, 2, 'next', (i) => all[i]!, 300)).toBe(0);
    expect(nextOccurrenceIndex(3, 0, 'previous', (i) => all[i]!, 300)).toBe(2);
  });

  it('goes to the first occurrence when every one is above the viewport', () => {
    const above = Array.from({ length: 3 }, (_, i) => ({ top: -500 + i * 10, bottom: -490 + i * 10 }));
    expect(nextOccurrenceIndex(3, -1, 'next', (i) => above[i]!, 300)).toBe(0);
  });

  it('says -1 when the page has no occurrence', () => {
    expect(nextOccurrenceIndex(0, -1, 'next', rectOf, 300)).toBe(-1);
  });
});
