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

/**
 * The occurrences in one container's own runs, kept as numbers until something needs them as
 * objects (`objects`), and held as objects only until `release`: the page highlighter asks for
 * the objects of the containers near the viewport, whose ranges it registers, and releases them
 * when a container leaves it.
 *
 * Why (session 11): a million-character page with a dense glossary holds 187,000 occurrences, and
 * the content script's heap must stay under 10 MB. An object each (four fields and its slot in an
 * array) was 32 bytes an occurrence and 9.9 MB of heap in all; as numbers it is 12 bytes: two small
 * integers and the entry id's pointer, in arrays made to size.
 */
export class OccurrenceList {
  /** Per occurrence, its start and `end * 8 + slot` (offsets in its block's text). */
  #offsets: number[] = [];
  /** Per occurrence, its entry's id. */
  #ids: string[] = [];
  /** The blocks the occurrences are in, in the order they were added. */
  #sources: BlockSource[] = [];
  /** Where each block's occurrences end (an index into #ids). */
  #sourceEnds: number[] = [];
  /** The occurrences as objects while they are held, else null. */
  #objects: Occurrence[] | null = null;

  /** How many occurrences the list holds. */
  get length(): number {
    return this.#ids.length;
  }

  /** The entry id of each occurrence, in order. */
  get entryIds(): readonly string[] {
    return this.#ids;
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
    const from = this.#ids.length;
    const offsets = sized<number>(n * 2);
    const ids = sized<string>(n);
    for (let i = 0; i < n; i++) {
      const m = matches[i]!;
      offsets[i * 2] = m.start;
      offsets[i * 2 + 1] = m.end * 8 + m.slot;
      ids[i] = m.entryId;
    }
    this.#offsets = from === 0 ? offsets : this.#offsets.concat(offsets);
    this.#ids = from === 0 ? ids : this.#ids.concat(ids);
    if (from === 0) {
      // Literals of one: a push onto an empty array makes room for 17 (most containers hold one block).
      this.#sources = [source];
      this.#sourceEnds = [n];
    } else {
      this.#sources.push(source);
      this.#sourceEnds.push(from + n);
    }
    if (!this.#objects) return null;
    const added = this.#make(this.#sources.length - 1, from, from + n);
    for (const o of added) this.#objects.push(o);
    return added;
  }

  /** The occurrences as objects, made now if they are not held, and held from now on. */
  objects(): readonly Occurrence[] {
    if (!this.#objects) {
      const all: Occurrence[] = [];
      this.#forEachRun((s, from, to) => {
        for (const o of this.#make(s, from, to)) all.push(o);
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
    const held = this.#objects;
    this.#forEachRun((s, from, to) => {
      let occurrences: Occurrence[];
      if (!held) occurrences = this.#make(s, from, to, entryId);
      else {
        occurrences = held.slice(from, to);
        if (entryId !== undefined) occurrences = occurrences.filter((o) => o.entryId === entryId);
      }
      if (occurrences.length > 0) runs.push({ source: this.#sources[s]!, occurrences });
    });
    return runs;
  }

  /** The colour slot of each entry found (the last occurrence's where they differ), added to `slots`. */
  addSlotsTo(slots: Map<string, number>): void {
    for (let i = 0; i < this.#ids.length; i++) slots.set(this.#ids[i]!, this.#offsets[i * 2 + 1]! % 8);
  }

  /** Lets go of the objects and their ranges (the ranges must have been unregistered). */
  release(): void {
    if (!this.#objects) return;
    for (const o of this.#objects) o.releaseRange();
    this.#objects = null;
  }

  #forEachRun(fn: (source: number, from: number, to: number) => void): void {
    let from = 0;
    for (let s = 0; s < this.#sources.length; s++) {
      const to = this.#sourceEnds[s]!;
      fn(s, from, to);
      from = to;
    }
  }

  /** Objects for occurrences [from, to), all in block `s`: only those of `entryId` when it is given. */
  #make(s: number, from: number, to: number, entryId?: string): Occurrence[] {
    const source = this.#sources[s]!;
    const made = entryId === undefined ? sized<Occurrence>(to - from) : [];
    let k = 0;
    for (let i = from; i < to; i++) {
      if (entryId !== undefined && this.#ids[i] !== entryId) continue;
      const packed = this.#offsets[i * 2 + 1]!;
      made[k++] = new Occurrence(this.#ids[i]!, packed % 8, source, this.#offsets[i * 2]!, Math.floor(packed / 8));
    }
    return made;
  }
}

/**
 * An empty array to fill in order, made to size where it can be: one grown by push keeps up to
 * half as much again unused, and V8 makes `new Array(n)` a slow dictionary past about 16,000.
 */
function sized<T>(n: number): T[] {
  return n <= 8_192 ? new Array<T>(n) : [];
}
