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

export class Occurrence implements PaintedRange {
  #range: Range | null = null;

  constructor(
    readonly entryId: string,
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
    if (!this.#range) {
      const block = this.source.block;
      const first = positionInBlock(block, this.start);
      const last = positionInBlock(block, this.end - 1);
      const range = new Range();
      range.setStart(first.node, first.offset);
      // setEnd before a start in another node collapses the range: right for text the page has since changed.
      range.setEnd(last.node, Math.min(last.offset + 1, last.node.data.length));
      this.#range = range;
    }
    return this.#range;
  }

  /** The range if one is held now, without making one. */
  get heldRange(): Range | null {
    return this.#range;
  }

  /** Lets the range go (the browser stops updating it once it is collected); `range` makes a new one. */
  releaseRange(): void {
    this.#range = null;
  }
}
