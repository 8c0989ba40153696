/**
 * One occurrence of a glossary entry on the page, kept as offsets into its block's text, with
 * its `Range` made only when something needs it (registering it, hit-testing it, scrolling to
 * it) and dropped again when its container leaves the viewport.
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

/**
 * The ranges that occurrences hold, kept apart from them: only occurrences near the viewport have
 * one on a large page, and a field for it in every occurrence was 4 bytes each. An occurrence
 * knows whether it holds one (a bit of its packed number), so that asking or letting go costs no
 * look-up in the common case: trying without that bit made the dense 10,000-term page 50–90 ms
 * slower.
 */
const heldRanges = new WeakMap<Occurrence, Range>();

/**
 * One occurrence of an entry in a block, as offsets into the block's text.
 *
 * Compact (session 6): a million-character page with a dense glossary holds 187,000 of these, and
 * the content script's heap must stay under 10 MB. The slot, the length and whether a range is
 * held share one number, and the range (when one is made) is held in a WeakMap: four fields
 * instead of six: 11.8 → 11.1 MB of heap on that page (with the page's own 1.2 MB).
 */
export class Occurrence implements PaintedRange {
  /** The length times 16, plus 8 while a range is held, plus the colour slot (0–7). */
  #packed: number;

  constructor(
    readonly entryId: string,
    slot: number,
    readonly source: BlockSource,
    /** Offsets in the block's text, end exclusive. */
    readonly start: number,
    end: number,
  ) {
    this.#packed = (end - start) * 16 + slot;
  }

  /** The entry's colour slot, 0–7. */
  get slot(): number {
    return this.#packed % 8;
  }

  /** Where the occurrence ends in the block's text (exclusive). */
  get end(): number {
    return this.start + Math.floor(this.#packed / 16);
  }

  /** Whether a range is held (in heldRanges). */
  get #holds(): boolean {
    return this.#packed % 16 >= 8;
  }

  /** The block container whose own runs hold this occurrence. */
  get container(): Element {
    return this.source.container;
  }

  /** The occurrence's range, made now if it is not held. */
  get range(): Range {
    let range = this.#holds ? heldRanges.get(this) : undefined;
    if (!range) {
      const block = this.source.block;
      const first = positionInBlock(block, this.start);
      const last = positionInBlock(block, this.end - 1);
      range = new Range();
      range.setStart(first.node, first.offset);
      // setEnd before a start in another node collapses the range: right for text the page has since changed.
      range.setEnd(last.node, Math.min(last.offset + 1, last.node.data.length));
      heldRanges.set(this, range);
      this.#packed += 8;
    }
    return range;
  }

  /** The range if one is held now, without making one. */
  get heldRange(): Range | null {
    return this.#holds ? (heldRanges.get(this) ?? null) : null;
  }

  /** Lets the range go (the browser stops updating it once it is collected); `range` makes a new one. */
  releaseRange(): void {
    if (!this.#holds) return;
    heldRanges.delete(this);
    this.#packed -= 8;
  }
}
