// @vitest-environment happy-dom
/**
 * Occurrence and OccurrenceList (lib/page/occurrence.ts): a container's occurrences are kept as
 * numbers and made into objects only while something needs them; what they answer must not change
 * for that.
 */
import { describe, expect, it } from 'vitest';
import { BlockSource, Occurrence, OccurrenceList, type TextMatch } from '../../../lib/page/occurrence';

const match = (entryId: string, slot: number, start: number, end: number): TextMatch => ({ entryId, slot, start, end });
const fields = (o: Occurrence) => [o.entryId, o.slot, o.start, o.end];

describe('Occurrence', () => {
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

  it('is the same as another object for the same entry at the same place of the same block, and only then', () => {
    document.body.innerHTML = '<p>新质生产力</p>';
    const source = new BlockSource(document.querySelector('p')!);
    const o = new Occurrence('e', 1, source, 0, 5);
    expect(o.sameAs(new Occurrence('e', 1, source, 0, 5))).toBe(true);
    expect(o.sameAs(o)).toBe(true);
    expect(o.sameAs(undefined)).toBe(false);
    expect(o.sameAs(new Occurrence('f', 1, source, 0, 5))).toBe(false);
    expect(o.sameAs(new Occurrence('e', 1, source, 1, 5))).toBe(false);
    expect(o.sameAs(new Occurrence('e', 1, source, 0, 4))).toBe(false);
    // The same text read again (a rescan makes a new source) is not the same occurrence.
    expect(o.sameAs(new Occurrence('e', 1, new BlockSource(document.querySelector('p')!), 0, 5))).toBe(false);
  });
});

describe('OccurrenceList', () => {
  function twoBlocks() {
    document.body.innerHTML = '<div><p>新质生产力和能源革命</p><p>西部大开发</p></div>';
    const [p1, p2] = [...document.querySelectorAll('p')];
    return { first: new BlockSource(p1!), second: new BlockSource(p2!) };
  }

  it('gives back every slot, start and end it was given, including lengths past 2^28', () => {
    const { first } = twoBlocks();
    const list = new OccurrenceList();
    const matches = [0, 1, 2, 3, 4, 5, 6, 7].map((slot) => match(`e${slot}`, slot, slot * 10, slot * 10 + 3));
    matches.push(match('long', 5, 3, 3 + 2 ** 40));
    list.add(first, matches);
    expect(list.length).toBe(9);
    expect(list.entryIds).toEqual(matches.map((m) => m.entryId));
    expect(list.objects().map(fields)).toEqual(matches.map((m) => [m.entryId, m.slot, m.start, m.end]));
    expect(list.objects().every((o) => o.source === first)).toBe(true);
  });

  it('keeps numbers until asked for objects, then holds those objects until released', () => {
    const { first, second } = twoBlocks();
    const list = new OccurrenceList();
    expect(list.add(first, [match('a', 1, 0, 5), match('b', 2, 6, 10)])).toBeNull();
    expect(list.held).toBeNull();
    const objects = list.objects();
    expect(list.held).toBe(objects);
    expect(list.objects()).toBe(objects);
    // Added while held: the new ones come back as objects, and are held with the rest.
    const added = list.add(second, [match('c', 3, 0, 5)]);
    expect(added?.map(fields)).toEqual([['c', 3, 0, 5]]);
    expect(added![0]!.source).toBe(second);
    expect(list.objects().map(fields)).toEqual([
      ['a', 1, 0, 5],
      ['b', 2, 6, 10],
      ['c', 3, 0, 5],
    ]);
    const ranges = list.objects().map((o) => o.range);
    expect(ranges.map(String)).toEqual(['新质生产力', '能源革命', '西部大开发']);
    list.release();
    expect(list.held).toBeNull();
    // Released objects let their ranges go too.
    expect(objects.every((o) => o.heldRange === null)).toBe(true);
    const again = list.objects();
    expect(again[0]).not.toBe(objects[0]);
    expect(again[0]!.sameAs(objects[0])).toBe(true);
    expect(list.length).toBe(3);
  });

  it('gives its occurrences block by block, held objects where held, and only those of one entry when asked', () => {
    const { first, second } = twoBlocks();
    const list = new OccurrenceList();
    list.add(first, [match('a', 1, 0, 5), match('b', 2, 6, 10)]);
    list.add(second, [match('a', 1, 0, 5)]);
    const made = list.runs();
    expect(made.map((r) => [r.source, r.occurrences.map(fields)])).toEqual([
      [first, [['a', 1, 0, 5], ['b', 2, 6, 10]]],
      [second, [['a', 1, 0, 5]]],
    ]);
    // Made for the caller, not held.
    expect(list.held).toBeNull();
    expect(list.runs('a').map((r) => [r.source, r.occurrences.map(fields)])).toEqual([
      [first, [['a', 1, 0, 5]]],
      [second, [['a', 1, 0, 5]]],
    ]);
    expect(list.runs('z')).toEqual([]);
    const held = list.objects();
    const runs = list.runs();
    expect(runs[0]!.occurrences[1]).toBe(held[1]);
    expect(runs[1]!.occurrences[0]).toBe(held[2]);
  });

  it('adds each entry found with its slot to a map', () => {
    const { first, second } = twoBlocks();
    const list = new OccurrenceList();
    list.add(first, [match('a', 1, 0, 5), match('b', 7, 6, 10)]);
    list.add(second, [match('c', 0, 0, 5)]);
    const slots = new Map([['z', 4]]);
    list.addSlotsTo(slots);
    expect([...slots]).toEqual([
      ['z', 4],
      ['a', 1],
      ['b', 7],
      ['c', 0],
    ]);
  });

  it('adds nothing for no matches', () => {
    const { first } = twoBlocks();
    const list = new OccurrenceList();
    expect(list.add(first, [])).toBeNull();
    expect(list.length).toBe(0);
    expect(list.runs()).toEqual([]);
  });
});
