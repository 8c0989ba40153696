import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HighlightPainter } from '../../../lib/page/highlight-painter';

// Node has no Highlight API: a Set-like Highlight and a Map registry are what the painter uses.
class FakeHighlight extends Set<AbstractRange> {
  priority = 0;
}
const registry = new Map<string, FakeHighlight>();

beforeEach(() => {
  registry.clear();
  Object.assign(globalThis, { Highlight: FakeHighlight, CSS: { highlights: registry } });
});
afterEach(() => {
  Reflect.deleteProperty(globalThis, 'Highlight');
  Reflect.deleteProperty(globalThis, 'CSS');
});

const range = () => ({}) as AbstractRange;

describe('HighlightPainter', () => {
  it('registers one highlight per colour slot under termlens- names', () => {
    new HighlightPainter();
    expect([...registry.keys()].filter((n) => /^termlens-\d$/.test(n))).toHaveLength(8);
  });

  it('changes nothing in the registry until flush', () => {
    const painter = new HighlightPainter();
    painter.add([{ range: range(), slot: 2 }]);
    expect(registry.get('termlens-2')!.size).toBe(0);
    painter.flush();
    expect(registry.get('termlens-2')!.size).toBe(1);
    expect(painter.registeredCount).toBe(1);
  });

  it('an add and a remove of the same range before a flush cancel out', () => {
    const painter = new HighlightPainter();
    const r = range();
    painter.add([{ range: r, slot: 0 }]);
    painter.remove([{ range: r, slot: 0 }]);
    painter.add([{ range: range(), slot: 0 }]);
    painter.flush();
    expect(registry.get('termlens-0')!.has(r)).toBe(false);
    expect(painter.registeredCount).toBe(1);
  });

  it('a remove then an add before a flush leaves the range registered once', () => {
    const painter = new HighlightPainter();
    const r = range();
    painter.add([{ range: r, slot: 1 }]);
    painter.flush();
    painter.remove([{ range: r, slot: 1 }]);
    painter.add([{ range: r, slot: 1 }]);
    painter.flush();
    expect(registry.get('termlens-1')!.size).toBe(1);
    expect(painter.registeredCount).toBe(1);
  });

  it('puts back, with their ranges, the highlights a page took out of the registry, and leaves the page’s own', () => {
    const painter = new HighlightPainter();
    const r = range();
    painter.add([{ range: r, slot: 3 }]);
    painter.flush();
    expect(painter.reclaim()).toBe(0);
    registry.set('page-own', new FakeHighlight());
    registry.delete('termlens-3');
    registry.delete('termlens-flash');
    expect(painter.reclaim()).toBe(2);
    expect(registry.get('termlens-3')!.has(r)).toBe(true);
    expect(registry.has('termlens-flash')).toBe(true);
    expect(registry.has('page-own')).toBe(true);
    // A name the page took for a highlight of its own is ours again.
    registry.set('termlens-0', new FakeHighlight());
    expect(painter.reclaim()).toBe(1);
    expect(painter.reclaim()).toBe(0);
  });

  it('detach removes its highlights from the registry, and no one else’s', () => {
    const painter = new HighlightPainter();
    registry.set('page-own', new FakeHighlight());
    painter.detach();
    expect([...registry.keys()]).toEqual(['page-own']);
  });
});
