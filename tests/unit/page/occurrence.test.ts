// @vitest-environment happy-dom
/**
 * Occurrence (lib/page/occurrence.ts): its slot and length share one number, and its range is held
 * apart from it; what it answers must not change for that.
 */
import { describe, expect, it } from 'vitest';
import { BlockSource, Occurrence } from '../../../lib/page/occurrence';

describe('Occurrence', () => {
  it('gives back its slot, start and end, for every slot and for lengths past 2^31', () => {
    document.body.innerHTML = '<p>x</p>';
    const source = new BlockSource(document.querySelector('p')!);
    for (let slot = 0; slot < 8; slot++) {
      const o = new Occurrence('e', slot, source, 10, 25);
      expect([o.slot, o.start, o.end]).toEqual([slot, 10, 25]);
    }
    const long = new Occurrence('e', 5, source, 3, 3 + 2 ** 40);
    expect([long.slot, long.start, long.end]).toEqual([5, 3, 3 + 2 ** 40]);
  });

  it('makes its range on demand, holds it until released, and makes a new one after', () => {
    document.body.innerHTML = '<p>推动新质生产力发展</p>';
    const p = document.querySelector('p')!;
    const o = new Occurrence('e', 2, new BlockSource(p), 2, 7);
    expect(o.heldRange).toBeNull();
    const range = o.range;
    expect(range.toString()).toBe('新质生产力');
    expect(o.heldRange).toBe(range);
    expect(o.range).toBe(range);
    o.releaseRange();
    expect(o.heldRange).toBeNull();
    expect(o.range).not.toBe(range);
    expect(o.range.toString()).toBe('新质生产力');
  });
});
