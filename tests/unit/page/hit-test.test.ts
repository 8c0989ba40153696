// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { candidateAt, caretPointAt, occurrenceAtPoint, type RectLike } from '../../../lib/page/hit-test';

const rect = (left: number, top: number, width: number, height: number): RectLike => ({
  left,
  top,
  right: left + width,
  bottom: top + height,
});

/** An occurrence whose range reports these client rects (one per line it covers). */
const occurrence = (name: string, ...rects: RectLike[]) => ({ name, range: { getClientRects: () => rects } });

type CaretDoc = { caretPositionFromPoint?: unknown; caretRangeFromPoint?: unknown };

afterEach(() => {
  delete (document as CaretDoc).caretPositionFromPoint;
  delete (document as CaretDoc).caretRangeFromPoint;
});

describe('candidateAt', () => {
  const a = occurrence('新质生产力', rect(100, 10, 80, 20));
  // 西部大开\n发: the term is broken over two lines, so it has two rects.
  const b = occurrence('西部大开发', rect(250, 10, 64, 20), rect(0, 34, 16, 20));

  it('finds the occurrence whose rect holds the point', () => {
    expect(candidateAt([a, b], 140, 20)?.occurrence.name).toBe('新质生产力');
  });

  it('finds a term broken over two lines from its second line, and says which line was hit', () => {
    const hit = candidateAt([a, b], 8, 40);
    expect(hit?.occurrence.name).toBe('西部大开发');
    expect(hit?.rectIndex).toBe(1);
  });

  it('finds nothing in the gap between two terms on a line, where a caret lookup still lands on text', () => {
    expect(candidateAt([a, b], 200, 20)).toBeNull();
  });

  it('counts the edges of a rect as inside, and widens rects by the slop given for fingers', () => {
    expect(candidateAt([a], 180, 30)?.occurrence.name).toBe('新质生产力');
    expect(candidateAt([a], 183, 20)).toBeNull();
    expect(candidateAt([a], 183, 20, 4)?.occurrence.name).toBe('新质生产力');
  });

  it('never hits a collapsed range (the page rewrote its text), whose rects are empty', () => {
    const collapsed = occurrence('collapsed', rect(100, 10, 0, 20));
    expect(candidateAt([collapsed], 100, 20)).toBeNull();
  });
});

describe('occurrenceAtPoint', () => {
  function page() {
    document.body.innerHTML = '<p id="one">培育发展<b>新质生产力</b>。</p><p id="two">推进西部大开发。</p>';
    const one = document.getElementById('one')!;
    const two = document.getElementById('two')!;
    const inOne = occurrence('新质生产力', rect(64, 0, 80, 20));
    const inTwo = occurrence('西部大开发', rect(32, 30, 80, 20));
    const asked: Element[] = [];
    const index = {
      containerOf: (node: Node) => (node.nodeType === 1 ? (node as Element) : node.parentElement)?.closest('p') ?? null,
      occurrencesIn: (container: Element) => {
        asked.push(container);
        return container === one ? [inOne] : container === two ? [inTwo] : [];
      },
    };
    return { one, two, index, asked };
  }

  it('asks only the block under the caret for its occurrences, then tests their rects', () => {
    const { one, index, asked } = page();
    const text = one.querySelector('b')!.firstChild!;
    (document as CaretDoc).caretPositionFromPoint = () => ({ offsetNode: text, offset: 2 });
    expect(occurrenceAtPoint(document, 100, 10, index)?.occurrence.name).toBe('新质生产力');
    expect(asked).toEqual([one]);
  });

  it('finds nothing when the caret is in a block but the point is beside its terms', () => {
    const { two, index } = page();
    (document as CaretDoc).caretPositionFromPoint = () => ({ offsetNode: two.firstChild!, offset: 8 });
    // The caret snaps to the end of the line; the pointer is far to the right of the text.
    expect(occurrenceAtPoint(document, 600, 40, index)).toBeNull();
  });

  it('falls back to caretRangeFromPoint where caretPositionFromPoint is missing', () => {
    const { two, index } = page();
    (document as CaretDoc).caretRangeFromPoint = () => {
      const range = document.createRange();
      range.setStart(two.firstChild!, 3);
      return range;
    };
    expect(occurrenceAtPoint(document, 50, 40, index)?.occurrence.name).toBe('西部大开发');
  });

  it('finds nothing where the browser has neither caret API', () => {
    const { index } = page();
    expect(caretPointAt(document, 10, 10)).toBeNull();
    expect(occurrenceAtPoint(document, 100, 10, index)).toBeNull();
  });
});
