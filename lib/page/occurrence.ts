/**
 * The occurrences of glossary entries on the page, kept as offsets into their blocks' text
 * (OccurrenceList), and made into objects, each with its `Range`, only while something needs them
 * (registering them, hit-testing them, scrolling to one): a container's are dropped again when
 * it leaves the viewport.
 *
 * Why not a `Range` each from the start: a live range is updated by the browser on every later
 * DOM mutation of its document, registered or not, so 150,000 of them made each of a page's own
 * text updates cost 140–180 ms (docs/benchmarks.md, "The page's own text updates"); and making
 * them needs the block's text nodes, which a plain block never has to be walked for
 * (blocks.ts, `plainBlockText`).
 */
import { collectBlocks, positionInBlock, type Block } from './blocks';
import type { PaintedRange } from './highlight-painter';

/**
 * Where an occurrence's offsets point: a block walked node by node, or a plain block known only
 * by its element and text, whose nodes are looked up the first time a range is needed.
 */
export class BlockSource {
  #block: Block | undefined;

  /** `block` when the walker collected it (its nodes are known); none for a plain block read from its markup. */
  constructor(
    readonly container: Element,
    block?: Block,
  ) {
    this.#block = block;
  }

  /** The node to order this block by in the document (its first text node, or its container). */
  get anchor(): Node {
    return this.#block?.nodes[0] ?? this.container;
  }

  /** The block with its nodes, walking the container's own runs the first time (a plain block has one). */
  get block(): Block {
    if (!this.#block) {
      const found = collectBlocks(this.container, { ownOnly: true });
      this.#block = found.length === 1 ? found[0]! : mergeRuns(this.container, found);
    }
    return this.#block;
  }
}

/** One run out of several (the page changed the block since it was read): offsets past the end clamp. */
function mergeRuns(container: Element, runs: Block[]): Block {
  const nodes: Text[] = [];
  const starts: number[] = [];
  let text = '';
  for (const run of runs) {
    run.nodes.forEach((node, i) => {
      nodes.push(node);
      starts.push(text.length + run.starts[i]!);
    });
    text += run.text;
  }
  if (nodes.length === 0) nodes.push(container.ownerDocument.createTextNode(''));
  if (starts.length === 0) starts.push(0);
  return { container, nodes, starts, text };
}

/** One match of an entry in a block's text, as a matcher gives it (lib/match's Match). */
export interface TextMatch {
  start: number;
  end: number;
  entryId: string;
  /** The entry's index in the matcher that found it (OccurrencePool looks the id up by it). */
  entry: number;
  slot: number;
}

/**
 * One occurrence of an entry in a block, as offsets into the block's text, made as an object only
 * while something needs one (OccurrenceList): registering it, hit-testing it, going to it.
 */
export class Occurrence implements PaintedRange {
  #range: Range | undefined;

  constructor(
    readonly entryId: string,
    /** The entry's colour slot, 0–7. */
    readonly slot: number,
    readonly source: BlockSource,
    /** Offsets in the block's text, end exclusive. */
    readonly start: number,
    readonly end: number,
  ) {}

  /** The block container whose own runs hold this occurrence. */
  get container(): Element {
    return this.source.container;
  }

  /** The occurrence's range, made now if it is not held. */
  get range(): Range {
    let range = this.#range;
    if (!range) {
      const block = this.source.block;
      const first = positionInBlock(block, this.start);
      const last = positionInBlock(block, this.end - 1);
      range = new Range();
      range.setStart(first.node, first.offset);
      // setEnd before a start in another node collapses the range: right for text the page has since changed.
      range.setEnd(last.node, Math.min(last.offset + 1, last.node.data.length));
      this.#range = range;
    }
    return range;
  }

  /** The range if one is held now, without making one. */
  get heldRange(): Range | null {
    return this.#range ?? null;
  }

  /** Lets the range go (the browser stops updating it once it is collected); `range` makes a new one. */
  releaseRange(): void {
    this.#range = undefined;
  }

  /**
   * Whether `other` stands for the same occurrence: the same entry at the same place of the same
   * block. An occurrence's object is made again after its container left the view (OccurrenceList),
   * so identity is not the test.
   */
  sameAs(other: Occurrence | undefined): boolean {
    return other !== undefined && (other === this || (other.source === this.source && other.start === this.start && other.end === this.end && other.entryId === this.entryId));
  }
}

/** A block's occurrences in a list: the block, and the occurrences as objects. */
export interface OccurrenceRun {
  source: BlockSource;
  occurrences: Occurrence[];
}

/** A stretch of the pool that one holder's occurrences take (OccurrenceList, StoryOccurrences). */
export abstract class PoolStretch {
  /** Where the stretch starts (an occurrence's index). */
  protected stretchAt = 0;
  /** How many occurrences the stretch holds. */
  protected stretchLength = 0;

  /** How many occurrences the stretch holds. */
  get length(): number {
    return this.stretchLength;
  }

  /** Where the stretch starts; for the pool. */
  get poolAt(): number {
    return this.stretchAt;
  }

  /** The pool moved the stretch to `at`; for the pool. */
  movedTo(at: number): void {
    this.stretchAt = at;
  }
}

/** Numbers an occurrence takes in the pool: its start, its end, and its entry's number * 8 + its slot. */
const FIELDS = 3;
/** Occurrences the pool makes room for at first. */
const INITIAL_OCCURRENCES = 1024;

/**
 * Every occurrence of a page's containers, as numbers in one typed array, each container's
 * (OccurrenceList) in a stretch of it; and the page's entry ids, numbered in the order found.
 *
 * Why one pool (session 16): the occurrences had been kept in small JS arrays, four a container,
 * and with 157,000 occurrences (dense 1,000 terms on a million characters) they were 4.1 MB of
 * the content script's 5.4 MB of heap. That heap brought V8's old generation near its limit, and
 * the page's own allocation then started a major collection a few seconds after the scan, whose
 * marking ran through the page's text updates (bench/analysis.md, "Session 15"). A typed array's
 * store is not in the JS heap, and one array for the page costs its header once, where an array a
 * container (about 120 bytes of heap each) would not pay for the realistic glossary's 2.6
 * occurrences a container.
 *
 * A list that grows while another list has written after it moves to the end (blocks of a
 * container can come before and after a nested container's); what lists leave behind is taken
 * back by compacting, when it is as large as what they hold.
 */
export class OccurrencePool {
  #data = new Uint32Array(FIELDS * INITIAL_OCCURRENCES);
  /** Occurrences written so far: those the lists hold, and those they left behind. */
  #used = 0;
  /** Occurrences the lists hold. */
  #live = 0;
  /** The lists that hold occurrences, to move them when compacting. */
  readonly #lists = new Set<PoolStretch>();
  /** Entry ids by number. */
  readonly #ids: string[] = [];
  readonly #numbers = new Map<string, number>();
  /**
   * Per entry index of the matcher that last named it: the entry's number + 1, or 0. Checked
   * against the id (a new matcher numbers its entries anew), so that a match costs no map look-up.
   */
  #byIndex = new Int32Array(0);

  /** The numbers, three an occurrence (FIELDS); a new array after the pool grows or compacts. */
  get data(): Uint32Array {
    return this.#data;
  }

  /** How many occurrences the lists hold. */
  get live(): number {
    return this.#live;
  }

  /** The id of entry number `n`. */
  idOf(n: number): string {
    return this.#ids[n]!;
  }

  /** The number of entry `id`, or -1 if no occurrence has named it. */
  numberOf(id: string): number {
    return this.#numbers.get(id) ?? -1;
  }

  /** Appends `matches` to `list`'s stretch, moving the stretch to the end if something was written after it. */
  append(list: PoolStretch, matches: readonly TextMatch[]): void {
    const n = matches.length;
    const data = this.#reserve(list, n);
    let at = this.#used * FIELDS;
    for (let i = 0; i < n; i++) {
      const m = matches[i]!;
      data[at] = m.start;
      data[at + 1] = m.end;
      data[at + 2] = this.#numberFor(m) * 8 + m.slot;
      at += FIELDS;
    }
    this.#used += n;
    this.#live += n;
  }

  /** Appends to `list`'s stretch a copy of occurrences [from, to) of `source`'s (another holder's, left as it is). */
  appendCopy(list: PoolStretch, source: PoolStretch, from: number, to: number): void {
    const n = to - from;
    const data = this.#reserve(list, n);
    // Read after #reserve: making room may have compacted the pool, moving `source` too.
    const at = (source.poolAt + from) * FIELDS;
    data.copyWithin(this.#used * FIELDS, at, at + n * FIELDS);
    this.#used += n;
    this.#live += n;
  }

  /** Room for `n` more occurrences at the end of `list`'s stretch, which is moved to the pool's end if need be; the array to write them to. */
  #reserve(list: PoolStretch, n: number): Uint32Array {
    const length = list.length;
    if (length === 0) this.#lists.add(list);
    if ((this.#used + length + n) * FIELDS > this.#data.length) this.#makeRoom(length + n);
    const data = this.#data;
    if (length > 0 && list.poolAt + length !== this.#used) {
      data.copyWithin(this.#used * FIELDS, list.poolAt * FIELDS, (list.poolAt + length) * FIELDS);
      list.movedTo(this.#used);
      this.#used += length;
    } else if (length === 0) {
      list.movedTo(this.#used);
    }
    return data;
  }

  /**
   * Gives back the room the pool does not need: after a whole-page walk, an array grown by
   * doubling holds up to twice what the lists hold (dense 10,000 terms on a million characters:
   * room for 262,144 occurrences, 187,401 held, 0.9 MB of store for nothing). Compacts into an
   * array an eighth larger than what the lists hold, when the array is more than a quarter larger;
   * later growth doubles again from there.
   */
  trim(): void {
    if (this.#data.length <= Math.max(INITIAL_OCCURRENCES, this.#live + (this.#live >> 2)) * FIELDS) return;
    this.#compactInto(Math.max(INITIAL_OCCURRENCES, this.#live + (this.#live >> 3)));
  }

  /** Takes back `list`'s stretch (OccurrenceList.dispose, which then empties the list). */
  remove(list: PoolStretch): void {
    if (!this.#lists.delete(list)) return;
    this.#live -= list.length;
    if (this.#live === 0) this.#used = 0;
  }

  /** The number of the match's entry, numbering it now if no occurrence has named it before. */
  #numberFor(m: TextMatch): number {
    const e = m.entry;
    const id = m.entryId;
    if (e < this.#byIndex.length) {
      const n = this.#byIndex[e]! - 1;
      if (n >= 0 && this.#ids[n] === id) return n;
    } else {
      const grown = new Int32Array(Math.max(64, e * 2));
      grown.set(this.#byIndex);
      this.#byIndex = grown;
    }
    let n = this.#numbers.get(id);
    if (n === undefined) {
      n = this.#ids.length;
      this.#ids.push(id);
      this.#numbers.set(id, n);
    }
    this.#byIndex[e] = n + 1;
    return n;
  }

  /** Room for `n` more occurrences at the end: compacting when what the lists left is as large as what they hold, else growing. */
  #makeRoom(n: number): void {
    const garbage = this.#used - this.#live;
    if (garbage < this.#live || garbage < INITIAL_OCCURRENCES) {
      const grown = new Uint32Array(Math.max((this.#used + n) * 2 * FIELDS, this.#data.length * 2));
      grown.set(this.#data.subarray(0, this.#used * FIELDS));
      this.#data = grown;
      return;
    }
    this.#compactInto(Math.max(INITIAL_OCCURRENCES, (this.#live + n) * 2));
  }

  /** Copies every list's stretch, in turn, into a new array with room for `room` occurrences. */
  #compactInto(room: number): void {
    const old = this.#data;
    const data = (this.#data = new Uint32Array(room * FIELDS));
    let used = 0;
    for (const list of this.#lists) {
      const from = list.poolAt * FIELDS;
      data.set(old.subarray(from, from + list.length * FIELDS), used * FIELDS);
      list.movedTo(used);
      used += list.length;
    }
    this.#used = used;
  }
}

/**
 * The occurrences in one container's own runs, kept as numbers in the page's OccurrencePool until
 * something needs them as objects (`objects`), and held as objects only until `release`: the page
 * highlighter asks for the objects of the containers near the viewport, whose ranges it registers,
 * and releases them when a container leaves it.
 *
 * Why (session 11): a million-character page with a dense glossary holds 187,000 occurrences, and
 * the content script's heap must stay under 10 MB. An object each (four fields and its slot in an
 * array) was 32 bytes an occurrence and 9.9 MB of heap in all. Session 11 kept them as numbers in
 * a container's own arrays; session 16 moved the numbers to the page's pool (see OccurrencePool).
 */
export class OccurrenceList extends PoolStretch {
  readonly #pool: OccurrencePool;
  /** The blocks the occurrences are in, in the order they were added: one (most containers hold one block), or several. */
  #sources: BlockSource | BlockSource[] | null = null;
  /** With several blocks: where each block's occurrences end (an index into the list). */
  #sourceEnds: number[] | null = null;
  /** The occurrences as objects while they are held, else null. */
  #objects: Occurrence[] | null = null;

  constructor(pool: OccurrencePool) {
    super();
    this.#pool = pool;
  }

  /** The objects if they are held now, else null. */
  get held(): readonly Occurrence[] | null {
    return this.#objects;
  }

  /**
   * Adds a block's matches (in text order). Returns the new occurrences as objects when the
   * list holds its objects (they are held too), else null.
   */
  add(source: BlockSource, matches: readonly TextMatch[]): Occurrence[] | null {
    const n = matches.length;
    if (n === 0) return null;
    const from = this.stretchLength;
    this.#pool.append(this, matches);
    return this.#added(source, from, n);
  }

  /** Takes in the `n` occurrences of `source` just written to the list's stretch at `from`. */
  #added(source: BlockSource, from: number, n: number): Occurrence[] | null {
    this.stretchLength = from + n;
    if (from === 0) this.#sources = source;
    else if (this.#sourceEnds === null) {
      this.#sources = [this.#sources as BlockSource, source];
      this.#sourceEnds = [from, from + n];
    } else {
      (this.#sources as BlockSource[]).push(source);
      this.#sourceEnds.push(from + n);
    }
    if (!this.#objects) return null;
    const added = this.#make(source, from, from + n);
    for (const o of added) this.#objects.push(o);
    return added;
  }

  /**
   * Adds occurrences [from, to) of a story's (StoryOccurrences, which keeps them), all in
   * `source`'s block, as `add` does.
   */
  addFrom(source: BlockSource, story: StoryOccurrences, from: number, to: number): Occurrence[] | null {
    const n = to - from;
    if (n <= 0) return null;
    const at = this.stretchLength;
    this.#pool.appendCopy(this, story, from, to);
    return this.#added(source, at, n);
  }

  /** The occurrences as objects, made now if they are not held, and held from now on. */
  objects(): readonly Occurrence[] {
    if (!this.#objects) {
      const all: Occurrence[] = [];
      this.#forEachRun((source, from, to) => {
        for (const o of this.#make(source, from, to)) all.push(o);
      });
      this.#objects = all;
    }
    return this.#objects;
  }

  /**
   * The occurrences block by block, as objects: the held ones where they are held, else made
   * for the caller and not held. Only those of `entryId` when it is given.
   */
  runs(entryId?: string): OccurrenceRun[] {
    const runs: OccurrenceRun[] = [];
    const only = entryId === undefined ? -1 : this.#pool.numberOf(entryId);
    if (entryId !== undefined && only < 0) return runs;
    const held = this.#objects;
    this.#forEachRun((source, from, to) => {
      let occurrences: Occurrence[];
      if (!held) occurrences = this.#make(source, from, to, only);
      else {
        occurrences = held.slice(from, to);
        if (entryId !== undefined) occurrences = occurrences.filter((o) => o.entryId === entryId);
      }
      if (occurrences.length > 0) runs.push({ source, occurrences });
    });
    return runs;
  }

  /** The colour slot of each entry found (the last occurrence's where they differ), added to `slots`. */
  addSlotsTo(slots: Map<string, number>): void {
    addSlotsOf(this.#pool, this, slots);
  }

  /** Adds `by` (1 or -1) to the count of each occurrence's entry in `counts`, deleting the counts that reach 0. */
  addCountsTo(counts: Map<string, number>, by: 1 | -1): void {
    addCountsOf(this.#pool, this, counts, by);
  }

  /** Lets go of the objects and their ranges (the ranges must have been unregistered). */
  release(): void {
    if (!this.#objects) return;
    for (const o of this.#objects) o.releaseRange();
    this.#objects = null;
  }

  /** Gives the list's stretch back to the pool, letting go of the objects too: the list is empty after. */
  dispose(): void {
    this.release();
    this.#pool.remove(this);
    this.stretchLength = 0;
    this.#sources = null;
    this.#sourceEnds = null;
  }

  #forEachRun(fn: (source: BlockSource, from: number, to: number) => void): void {
    const sources = this.#sources;
    if (sources === null) return;
    const ends = this.#sourceEnds;
    if (ends === null) {
      fn(sources as BlockSource, 0, this.stretchLength);
      return;
    }
    let from = 0;
    for (let s = 0; s < ends.length; s++) {
      fn((sources as BlockSource[])[s]!, from, ends[s]!);
      from = ends[s]!;
    }
  }

  /** Objects for occurrences [from, to) of the list, all in `source`: only those of entry number `only` unless it is -1. */
  #make(source: BlockSource, from: number, to: number, only = -1): Occurrence[] {
    const made = only < 0 ? sized<Occurrence>(to - from) : [];
    const pool = this.#pool;
    const data = pool.data;
    let k = 0;
    for (let i = (this.stretchAt + from) * FIELDS, end = (this.stretchAt + to) * FIELDS; i < end; i += FIELDS) {
      const packed = data[i + 2]!;
      if (only >= 0 && packed >>> 3 !== only) continue;
      made[k++] = new Occurrence(pool.idOf(packed >>> 3), packed & 7, source, data[i]!, data[i + 1]!);
    }
    return made;
  }
}

/** addSlotsTo of a stretch of the pool. */
function addSlotsOf(pool: OccurrencePool, stretch: PoolStretch, slots: Map<string, number>): void {
  const data = pool.data;
  for (let i = stretch.poolAt * FIELDS + 2, end = (stretch.poolAt + stretch.length) * FIELDS; i < end; i += FIELDS) {
    slots.set(pool.idOf(data[i]! >>> 3), data[i]! & 7);
  }
}

/** addCountsTo of occurrences [from, to) of a stretch of the pool (all of them by default). */
function addCountsOf(pool: OccurrencePool, stretch: PoolStretch, counts: Map<string, number>, by: 1 | -1, from = 0, to = stretch.length): void {
  const data = pool.data;
  for (let i = (stretch.poolAt + from) * FIELDS + 2, end = (stretch.poolAt + to) * FIELDS; i < end; i += FIELDS) {
    const id = pool.idOf(data[i]! >>> 3);
    const count = (counts.get(id) ?? 0) + by;
    if (count > 0) counts.set(id, count);
    else counts.delete(id);
  }
}

/**
 * The occurrences of a story's blocks (an article's paragraphs, read from its markup), kept
 * together as numbers in the pool while nothing needs them block by block: which block each lies
 * in is an element and where its occurrences end. The page highlighter turns them into its
 * per-block state (an OccurrenceList each, with `addFrom`) when the story comes near the viewport
 * or something asks for a block's occurrences (page-highlighter.ts, #materialize).
 *
 * Why (session 21): kept per block from the start, each of the 5,100 paragraphs that hold a term
 * on the million-character page cost a state, a list, a block source, map entries and an
 * observer's group entry, and their garbage: about a fifth of TermLens's time on that page
 * (docs/architecture.md, "Stories kept whole until needed").
 */
export class StoryOccurrences extends PoolStretch {
  readonly #pool: OccurrencePool;
  /**
   * The blocks that hold occurrences, in the order they were added: each as its number among the
   * story's element children (storyChildren in blocks.ts), which hold as long as the page has not
   * changed which children the story has.
   */
  readonly blocks: number[] = [];
  /** Where each block's occurrences end (an index into the story's, as `blocks`). */
  readonly ends: number[] = [];

  constructor(
    pool: OccurrencePool,
    /** The scan that found them (the page highlighter's sequence number). */
    readonly seq: number,
  ) {
    super();
    this.#pool = pool;
  }

  /** Adds the matches (in text order) of the story's block number `block`. */
  add(block: number, matches: readonly TextMatch[]): void {
    const n = matches.length;
    if (n === 0) return;
    this.#pool.append(this, matches);
    this.stretchLength += n;
    this.blocks.push(block);
    this.ends.push(this.stretchLength);
  }

  /** As OccurrenceList.addSlotsTo. */
  addSlotsTo(slots: Map<string, number>): void {
    addSlotsOf(this.#pool, this, slots);
  }

  /** As OccurrenceList.addCountsTo, for occurrences [from, to) (all by default). */
  addCountsTo(counts: Map<string, number>, by: 1 | -1, from = 0, to = this.stretchLength): void {
    addCountsOf(this.#pool, this, counts, by, from, to);
  }

  /** Gives the stretch back to the pool. */
  dispose(): void {
    this.#pool.remove(this);
    this.stretchLength = 0;
    this.blocks.length = 0;
    this.ends.length = 0;
  }
}

/**
 * An empty array to fill in order, made to size where it can be: one grown by push keeps up to
 * half as much again unused, and V8 makes `new Array(n)` a slow dictionary past about 16,000.
 */
function sized<T>(n: number): T[] {
  return n <= 8_192 ? new Array<T>(n) : [];
}
