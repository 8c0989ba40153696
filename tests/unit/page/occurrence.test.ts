// @vitest-environment happy-dom
/**
 * Occurrence, OccurrenceList and OccurrencePool (lib/page/occurrence.ts): a container's
 * occurrences are kept as numbers in the page's pool and made into objects only while something
 * needs them; what they answer must not change for that, however the lists' stretches of the pool
 * move.
 */
import { describe, expect, it } from 'vitest';
import { BlockSource, Occurrence, OccurrenceList, OccurrencePool, StoryOccurrences, type TextMatch } from '../../../lib/page/occurrence';

/** A match of `entryId`, whose index in its matcher is `entry` (by default its place in a made-up glossary of ids). */
const match = (entryId: string, slot: number, start: number, end: number, entry = ENTRY_INDEX(entryId)): TextMatch => ({ entryId, entry, slot, start, end });
const ENTRY_INDEX = (id: string) => [...id].reduce((sum, c) => sum * 31 + c.charCodeAt(0), 0) % 1000;
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

/** A page of two paragraphs (by default two of the reference's), as blocks. */
function twoBlocks(first = '新质生产力和能源革命', second = '西部大开发') {
  document.body.innerHTML = `<div><p>${first}</p><p>${second}</p></div>`;
  const [p1, p2] = [...document.querySelectorAll('p')];
  return { first: new BlockSource(p1!), second: new BlockSource(p2!) };
}

describe('OccurrenceList', () => {
  it('gives back every slot, start and end it was given, including offsets past 2^31 (longer than any string)', () => {
    const { first } = twoBlocks();
    const list = new OccurrenceList(new OccurrencePool());
    const matches = [0, 1, 2, 3, 4, 5, 6, 7].map((slot) => match(`e${slot}`, slot, slot * 10, slot * 10 + 3));
    matches.push(match('long', 5, 3 + 2 ** 31, 2 ** 32 - 1));
    list.add(first, matches);
    expect(list.length).toBe(9);
    const counts = new Map<string, number>();
    list.addCountsTo(counts, 1);
    expect([...counts]).toEqual(matches.map((m) => [m.entryId, 1]));
    expect(list.objects().map(fields)).toEqual(matches.map((m) => [m.entryId, m.slot, m.start, m.end]));
    expect(list.objects().every((o) => o.source === first)).toBe(true);
  });

  it('keeps numbers until asked for objects, then holds those objects until released', () => {
    const { first, second } = twoBlocks();
    const list = new OccurrenceList(new OccurrencePool());
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
    const list = new OccurrenceList(new OccurrencePool());
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
    const list = new OccurrenceList(new OccurrencePool());
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
    const list = new OccurrenceList(new OccurrencePool());
    expect(list.add(first, [])).toBeNull();
    expect(list.length).toBe(0);
    expect(list.runs()).toEqual([]);
  });
});

describe('OccurrencePool', () => {
  const fieldsOf = (list: OccurrenceList) => list.objects().map(fields);

  it('keeps each list whole when lists grow in turns (a list written after moves to the end)', () => {
    document.body.innerHTML = '<div><p>a</p><section><p>b</p></section><p>c</p></div>';
    const [a, b, c] = [...document.querySelectorAll('p')].map((p) => new BlockSource(p));
    const pool = new OccurrencePool();
    const outer = new OccurrenceList(pool);
    const inner = new OccurrenceList(pool);
    outer.add(a!, [match('x', 1, 0, 1), match('y', 2, 2, 3)]);
    inner.add(b!, [match('z', 3, 0, 1)]);
    outer.add(c!, [match('x', 1, 5, 6)]);
    inner.add(b!, [match('y', 2, 4, 5)]);
    expect(fieldsOf(outer)).toEqual([
      ['x', 1, 0, 1],
      ['y', 2, 2, 3],
      ['x', 1, 5, 6],
    ]);
    expect(outer.runs().map((r) => r.source)).toEqual([a, c]);
    expect(fieldsOf(inner)).toEqual([
      ['z', 3, 0, 1],
      ['y', 2, 4, 5],
    ]);
    expect(pool.live).toBe(5);
    outer.dispose();
    expect(pool.live).toBe(2);
    expect(fieldsOf(inner)).toEqual([
      ['z', 3, 0, 1],
      ['y', 2, 4, 5],
    ]);
    // A disposed list is empty, and takes new occurrences as a new list would.
    expect(outer.length).toBe(0);
    expect(outer.runs()).toEqual([]);
    outer.add(c!, [match('z', 3, 7, 8)]);
    expect(fieldsOf(outer)).toEqual([['z', 3, 7, 8]]);
    expect(fieldsOf(inner)).toEqual([
      ['z', 3, 0, 1],
      ['y', 2, 4, 5],
    ]);
    expect(pool.live).toBe(3);
  });

  it('takes back what disposed lists leave, and keeps the lists that stay as they were', () => {
    document.body.innerHTML = '<p>text</p>';
    const source = new BlockSource(document.querySelector('p')!);
    const pool = new OccurrencePool();
    const keep = new OccurrenceList(pool);
    keep.add(source, [match('kept', 4, 1, 2)]);
    let last: OccurrenceList | undefined;
    // A page rescanned again and again: each rescan's list replaces the one before.
    for (let round = 0; round < 200; round++) {
      last?.dispose();
      last = new OccurrenceList(pool);
      last.add(source, Array.from({ length: 500 }, (_, i) => match(`r${round % 7}`, round % 8, i, i + 1)));
      keep.add(source, [match('kept', 4, round + 10, round + 11)]);
    }
    // 100,000 occurrences were written; the pool holds room for a few times what is live, not all of them.
    expect(pool.live).toBe(701);
    expect(pool.data.length).toBeLessThan(3 * 701 * 8);
    expect(fieldsOf(keep)).toEqual([['kept', 4, 1, 2], ...Array.from({ length: 200 }, (_, r) => ['kept', 4, r + 10, r + 11])]);
    expect(fieldsOf(last!).at(-1)).toEqual([`r${199 % 7}`, 199 % 8, 499, 500]);
  });

  it('gives back the room it grew for and does not hold when trimmed, keeping every list as it was', () => {
    const { first, second } = twoBlocks();
    const pool = new OccurrencePool();
    const big = new OccurrenceList(pool);
    const small = new OccurrenceList(pool);
    // 16,500 occurrences, added in turns with another list's: the array grows by doubling as they come.
    for (let round = 0; round < 15; round++) {
      big.add(first, Array.from({ length: 1_090 }, (_, i) => match(`e${i % 40}`, i % 8, i, i + round + 1)));
      small.add(second, [match('s', 2, round, round + 1)]);
    }
    const live = 15 * 1_091;
    expect(pool.live).toBe(live);
    expect(pool.data.length).toBeGreaterThan(3 * live * 1.25);
    const before = [fieldsOf(big), fieldsOf(small)];
    pool.trim();
    expect(pool.data.length).toBe(3 * (live + Math.floor(live / 8)));
    expect([fieldsOf(big), fieldsOf(small)]).toEqual(before);
    // Trimmed already: nothing more to give back; and the lists still grow.
    pool.trim();
    expect(pool.data.length).toBe(3 * (live + Math.floor(live / 8)));
    small.add(second, Array.from({ length: 5_000 }, (_, i) => match('late', 1, i, i + 1)));
    expect(fieldsOf(small).slice(0, 15)).toEqual(before[1]);
    expect(fieldsOf(small)).toHaveLength(5_015);
    expect(fieldsOf(big)).toEqual(before[0]);
  });

  it('grows past its first size for a list of many occurrences', () => {
    document.body.innerHTML = '<p>text</p>';
    const source = new BlockSource(document.querySelector('p')!);
    const list = new OccurrenceList(new OccurrencePool());
    const many = Array.from({ length: 20_000 }, (_, i) => match(`e${i % 300}`, i % 8, i * 2, i * 2 + 1));
    list.add(source, many.slice(0, 5));
    list.add(source, many.slice(5));
    expect(fieldsOf(list)).toEqual(many.map((m) => [m.entryId, m.slot, m.start, m.end]));
  });

  it('numbers entries by id, whatever index a matcher gives them (a new matcher numbers them anew)', () => {
    const { first, second } = twoBlocks('一二', '三四五');
    const pool = new OccurrencePool();
    const before = new OccurrenceList(pool);
    before.add(first, [match('a', 1, 0, 1, 0), match('b', 2, 1, 2, 1)]);
    // The glossary changed: the new matcher's entry 0 is 'b', and 'a' is its entry 5.
    const after = new OccurrenceList(pool);
    after.add(second, [match('b', 2, 0, 1, 0), match('a', 1, 1, 2, 5), match('c', 3, 2, 3, 1)]);
    expect(fieldsOf(before)).toEqual([
      ['a', 1, 0, 1],
      ['b', 2, 1, 2],
    ]);
    expect(fieldsOf(after)).toEqual([
      ['b', 2, 0, 1],
      ['a', 1, 1, 2],
      ['c', 3, 2, 3],
    ]);
    // One number an id: asking for an entry's occurrences finds them whichever matcher found them.
    expect(pool.numberOf('a')).toBe(0);
    expect(pool.numberOf('c')).toBe(2);
    expect(pool.numberOf('never')).toBe(-1);
    expect([...before.runs('a'), ...after.runs('a')].map((r) => r.occurrences.map(fields))).toEqual([[['a', 1, 0, 1]], [['a', 1, 1, 2]]]);
    // Entry indexes far past the first table.
    after.add(second, [match('d', 0, 3, 4, 70_000)]);
    expect(fieldsOf(after).at(-1)).toEqual(['d', 0, 3, 4]);
  });

  it('adds and takes back each entry’s count, dropping those that reach 0', () => {
    const { first, second } = twoBlocks();
    const pool = new OccurrencePool();
    const one = new OccurrenceList(pool);
    const two = new OccurrenceList(pool);
    one.add(first, [match('a', 1, 0, 5), match('b', 2, 6, 10), match('a', 1, 11, 12)]);
    two.add(second, [match('b', 2, 0, 5)]);
    const counts = new Map<string, number>();
    one.addCountsTo(counts, 1);
    two.addCountsTo(counts, 1);
    expect(Object.fromEntries(counts)).toEqual({ a: 2, b: 2 });
    one.addCountsTo(counts, -1);
    expect(Object.fromEntries(counts)).toEqual({ b: 1 });
  });
});

describe('StoryOccurrences', () => {
  it('keeps a story’s blocks’ occurrences together, counts them, and hands each block’s to its own list', () => {
    document.body.innerHTML = '<article><p>a</p><p>b</p><p>c</p></article>';
    const [a, b, c] = [...document.querySelectorAll('p')];
    const pool = new OccurrencePool();
    const story = new StoryOccurrences(pool, 7);
    story.add(0, [match('x', 1, 0, 1), match('y', 2, 3, 4)]);
    story.add(1, []);
    story.add(2, [match('x', 1, 5, 9)]);
    expect(story.seq).toBe(7);
    expect(story.length).toBe(3);
    // By their number among the story's children.
    expect(story.blocks).toEqual([0, 2]);
    expect(story.ends).toEqual([2, 3]);
    const counts = new Map<string, number>();
    story.addCountsTo(counts, 1);
    expect(Object.fromEntries(counts)).toEqual({ x: 2, y: 1 });
    story.addCountsTo(counts, -1, 0, 2);
    expect(Object.fromEntries(counts)).toEqual({ x: 1 });
    const slots = new Map<string, number>();
    story.addSlotsTo(slots);
    expect(Object.fromEntries(slots)).toEqual({ x: 1, y: 2 });

    const first = new OccurrenceList(pool);
    const third = new OccurrenceList(pool);
    const sourceA = new BlockSource(a!);
    const sourceC = new BlockSource(c!);
    expect(first.addFrom(sourceA, story, 0, 2)).toBeNull();
    expect(third.addFrom(sourceC, story, 2, 3)).toBeNull();
    expect(first.objects().map(fields)).toEqual([
      ['x', 1, 0, 1],
      ['y', 2, 3, 4],
    ]);
    expect(first.runs().map((r) => r.source)).toEqual([sourceA]);
    expect(third.objects().map(fields)).toEqual([['x', 1, 5, 9]]);
    // A list that holds its objects gets the new ones back, as with add.
    const added = third.addFrom(sourceC, story, 0, 1);
    expect(added?.map(fields)).toEqual([['x', 1, 0, 1]]);
    expect(third.objects().map(fields)).toEqual([
      ['x', 1, 5, 9],
      ['x', 1, 0, 1],
    ]);
    expect(pool.live).toBe(7);
    story.dispose();
    expect(pool.live).toBe(4);
    expect(story.length).toBe(0);
    expect(story.blocks).toEqual([]);
    expect(first.objects().map(fields)).toEqual([
      ['x', 1, 0, 1],
      ['y', 2, 3, 4],
    ]);
  });

  it('copies the right occurrences when making room moves the story’s stretch (the pool compacts)', () => {
    const { first, second } = twoBlocks();
    const pool = new OccurrencePool();
    // Garbage as large as what is live, so that the next growth compacts instead of growing.
    const gone = new OccurrenceList(pool);
    gone.add(first, Array.from({ length: 2_000 }, (_, i) => match('gone', 0, i, i + 1)));
    const story = new StoryOccurrences(pool, 1);
    story.add(0, Array.from({ length: 600 }, (_, i) => match(`s${i % 5}`, i % 8, i, i + 2)));
    gone.dispose();
    const before = pool.data;
    expect(story.poolAt).toBe(2_000);
    const list = new OccurrenceList(pool);
    // More than the array has room for after the story: the pool makes room, moving the story's stretch.
    list.add(second, Array.from({ length: 1_000 }, (_, i) => match('filler', 3, i, i + 1)));
    list.addFrom(second, story, 100, 600);
    expect(pool.data).not.toBe(before);
    expect(story.poolAt).toBe(0);
    const copied = list.objects().slice(1_000).map(fields);
    expect(copied).toEqual(Array.from({ length: 500 }, (_, k) => [`s${(k + 100) % 5}`, (k + 100) % 8, k + 100, k + 102]));
    expect(pool.live).toBe(600 + 1_500);
  });
});
