/**
 * The page pipeline of a content script: blocks → matcher → occurrences →
 * ranges → highlight registry, kept up to date as the page changes.
 *
 * - The page's DOM is never changed: occurrences are live `Range`s registered in
 *   `CSS.highlights`, never wrappers (design: "Rendering").
 * - Work runs in time-budgeted slices, what is in view first.
 * - Only the blocks that a mutation touched are rescanned.
 * - Every registered range taxes every later frame, so past
 *   `ALWAYS_PAINT_LIMIT` occurrences only containers near the viewport keep
 *   their ranges registered (docs/architecture.md, "Highlight windowing").
 *
 * Shown by tests/browser pages: the reference page (all layouts) and the
 * dynamic pages of tests/fixtures/pages.
 */
import { collectBlocks, containerOf, isBlockElement, OWN_UI_ATTRIBUTE, positionInBlock, skipKind, type Block } from './blocks';
import type { HighlightPainter, PaintedRange } from './highlight-painter';
import { WorkQueue } from './work-queue';

/** What the pipeline needs of a matcher: offsets are in the raw text given. */
export interface TextMatcher {
  findMatches(text: string): { start: number; end: number; entryId: string; slot: number }[];
}

/** One occurrence of a glossary entry on the page. */
export interface Occurrence extends PaintedRange {
  range: Range;
  entryId: string;
  block: Block;
}

interface ContainerState {
  occurrences: Occurrence[];
  painted: boolean;
}

/** Below this many occurrences every range stays registered; above it, only those near the viewport. */
export const ALWAYS_PAINT_LIMIT = 2000;

/**
 * What the pipeline spent since its queue was last empty, published as the `detail` of a
 * `termlens:scan` performance measure when the queue empties (read by bench/). Times in ms.
 */
export interface ScanTimings {
  /** True when the work began with a whole-page scan, false for mutation rescans. */
  full: boolean;
  collectMs: number;
  /** Finding the first block in view (its getBoundingClientRect may force the page's layout). */
  inViewMs: number;
  matchMs: number;
  rangesMs: number;
  registerMs: number;
  /** Main-thread time of the slices (and of the collection), everything above included. */
  busyMs: number;
  slices: number;
  longestSliceMs: number;
  blocks: number;
  occurrences: number;
  registered: number;
}

const newTimings = (full: boolean): ScanTimings => ({
  full, collectMs: 0, inViewMs: 0, matchMs: 0, rangesMs: 0, registerMs: 0, busyMs: 0, slices: 0, longestSliceMs: 0, blocks: 0, occurrences: 0, registered: 0,
});

/** `seq` orders jobs: a block job older than its container's last rescan is stale. */
type Job = { kind: 'own'; container: Element; seq: number } | { kind: 'block'; block: Block; seq: number };

export interface PageHighlighterOptions {
  root: Element;
  painter: HighlightPainter;
  /** Called (at most every `statsDelayMs`) when the set of occurrences changed. */
  onChange?: () => void;
  alwaysPaintLimit?: number;
}

export class PageHighlighter {
  readonly #root: Element;
  readonly #painter: HighlightPainter;
  readonly #onChange: (() => void) | undefined;
  readonly #limit: number;
  #matcher: TextMatcher | null = null;
  #states = new Map<Element, ContainerState>();
  /** How many occurrences the page holds now. */
  #total = 0;
  #visible = new Set<Element>();
  #queue: WorkQueue<Job>;
  #mutations: MutationObserver | undefined;
  #viewport: IntersectionObserver | undefined;
  #dirty = new Set<Element>();
  #added = new Set<Element>();
  #removals = false;
  #mutationTimer: ReturnType<typeof setTimeout> | undefined;
  #changeTimer: ReturnType<typeof setTimeout> | undefined;
  #firstPaintDone = false;
  #seq = 0;
  /** When each container's own runs were last rescanned: older block jobs for it are stale. */
  #rescannedAt = new WeakMap<Element, number>();
  #detached = false;
  // Timings for the benchmark (performance entries only; nothing else is exposed).
  #timings = newTimings(false);
  #workStart = -1;
  #sliceStart = -1;

  constructor(options: PageHighlighterOptions) {
    this.#root = options.root;
    this.#painter = options.painter;
    this.#onChange = options.onChange;
    this.#limit = options.alwaysPaintLimit ?? ALWAYS_PAINT_LIMIT;
    this.#queue = new WorkQueue<Job>(
      (job) => this.#runJob(job),
      (done) => this.#afterSlice(done),
    );
  }

  /** Starts following the page, and scans it all with `matcher`. */
  start(matcher: TextMatcher): void {
    this.#matcher = matcher;
    this.#mutations = new MutationObserver((records) => this.#onMutations(records));
    this.#mutations.observe(this.#root, { subtree: true, childList: true, characterData: true });
    this.#viewport = new IntersectionObserver((entries) => this.#onViewport(entries), {
      // One screen above and below: ranges are ready before they scroll in.
      rootMargin: '100% 0px 100% 0px',
    });
    this.#scanAll();
  }

  /** Rescans the whole page with a new matcher (the glossary changed). */
  setMatcher(matcher: TextMatcher): void {
    this.#matcher = matcher;
    this.#scanAll();
  }

  /** Every occurrence, in document order. */
  occurrences(): Occurrence[] {
    // Within a block, occurrences are already in text order; only blocks need sorting,
    // and there are far fewer blocks with occurrences than occurrences.
    const byBlock = new Map<Block, Occurrence[]>();
    for (const state of this.#states.values()) {
      for (const o of state.occurrences) {
        const list = byBlock.get(o.block);
        if (list) list.push(o);
        else byBlock.set(o.block, [o]);
      }
    }
    const blocks = [...byBlock.keys()].sort((a, b) => compareInDocument(a.nodes[0]!, b.nodes[0]!));
    return blocks.flatMap((block) => byBlock.get(block)!);
  }

  /** The occurrences whose text lies in `container`'s own runs. */
  occurrencesIn(container: Element): readonly Occurrence[] {
    return this.#states.get(container)?.occurrences ?? [];
  }

  /** How often each entry occurs on the page now. */
  countsByEntry(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const state of this.#states.values()) {
      for (const o of state.occurrences) counts.set(o.entryId, (counts.get(o.entryId) ?? 0) + 1);
    }
    return counts;
  }

  /** Makes sure the container's ranges are registered (e.g. before scrolling to it). */
  ensurePainted(container: Element): void {
    this.#visible.add(container);
    this.#syncPaint(container);
    this.#painter.flush();
  }

  /** True once no scan work is waiting. */
  get idle(): boolean {
    return this.#queue.pending === 0 && this.#dirty.size === 0 && this.#added.size === 0;
  }

  /** Stops observing and removes every highlight this pipeline registered. */
  detach(): void {
    if (this.#detached) return;
    this.#detached = true;
    this.#queue.detach();
    this.#mutations?.disconnect();
    this.#viewport?.disconnect();
    clearTimeout(this.#mutationTimer);
    clearTimeout(this.#changeTimer);
    for (const state of this.#states.values()) if (state.painted) this.#painter.remove(state.occurrences);
    this.#painter.flush();
    this.#states.clear();
  }

  #scanAll(): void {
    this.#queue.clear();
    const t0 = performance.now();
    const blocks = collectBlocks(this.#root);
    // Drop the state of containers that no longer hold text; keep the rest until their block is rescanned.
    const seen = new Set(blocks.map((b) => b.container));
    for (const [container, state] of this.#states) {
      if (!seen.has(container)) this.#dropContainer(container, state);
      else this.#resetContainer(container);
    }
    const seq = ++this.#seq;
    const collected = performance.now();
    const first = firstBlockInView(blocks);
    const t1 = performance.now();
    performance.measure('termlens:collect-blocks', { start: t0, end: t1, detail: { blocks: blocks.length } });
    this.#timings = newTimings(true);
    this.#timings.collectMs = collected - t0;
    this.#timings.inViewMs = t1 - collected;
    this.#timings.busyMs = t1 - t0;
    this.#workStart = t0;
    const ordered = [...blocks.slice(first), ...blocks.slice(0, first)];
    this.#queue.push(ordered.map((block): Job => ({ kind: 'block', block, seq })));
  }

  #runJob(job: Job): void {
    if (this.#sliceStart < 0) this.#sliceStart = performance.now();
    if (this.#workStart < 0) this.#workStart = this.#sliceStart;
    if (job.kind === 'own') {
      // A mutated container: its own runs again, nested containers keep theirs.
      if (!job.container.isConnected) return;
      this.#resetContainer(job.container);
      this.#rescannedAt.set(job.container, job.seq);
      for (const block of collectBlocks(job.container, { ownOnly: true })) this.#matchBlock(block);
      this.#syncPaint(job.container);
      return;
    }
    if ((this.#rescannedAt.get(job.block.container) ?? 0) > job.seq) return;
    this.#matchBlock(job.block);
    this.#syncPaint(job.block.container);
  }

  #matchBlock(block: Block): void {
    const matcher = this.#matcher;
    if (!matcher) return;
    const timings = this.#timings;
    const t0 = performance.now();
    const matches = matcher.findMatches(block.text);
    const t1 = performance.now();
    timings.matchMs += t1 - t0;
    timings.blocks++;
    if (matches.length === 0) return;
    let state = this.#states.get(block.container);
    if (!state) {
      state = { occurrences: [], painted: false };
      this.#states.set(block.container, state);
      this.#viewport?.observe(block.container);
    }
    for (const m of matches) {
      const start = positionInBlock(block, m.start);
      const last = positionInBlock(block, m.end - 1);
      const range = new Range();
      range.setStart(start.node, start.offset);
      range.setEnd(last.node, last.offset + 1);
      state.occurrences.push({ range, slot: m.slot, entryId: m.entryId, block });
    }
    this.#total += matches.length;
    timings.occurrences += matches.length;
    timings.rangesMs += performance.now() - t1;
  }

  /** Forgets a container's occurrences (unregistering them) before it is rescanned. */
  #resetContainer(container: Element): void {
    const state = this.#states.get(container);
    if (!state) return;
    if (state.painted) this.#painter.remove(state.occurrences);
    this.#total -= state.occurrences.length;
    state.occurrences = [];
    state.painted = false;
  }

  #dropContainer(container: Element, state: ContainerState): void {
    if (state.painted) this.#painter.remove(state.occurrences);
    this.#total -= state.occurrences.length;
    this.#states.delete(container);
    this.#visible.delete(container);
    this.#viewport?.unobserve(container);
  }

  #windowed(): boolean {
    return this.#total > this.#limit;
  }

  #syncPaint(container: Element): void {
    const state = this.#states.get(container);
    if (!state) return;
    const want = state.occurrences.length > 0 && (!this.#windowed() || this.#visible.has(container));
    if (want === state.painted) return;
    if (want) this.#painter.add(state.occurrences);
    else this.#painter.remove(state.occurrences);
    state.painted = want;
  }

  #afterSlice(done: boolean): void {
    // Registration is batched: the first slice (what is in view) at once, the rest
    // when the queue is empty, so the registry changes in few frames.
    const timings = this.#timings;
    if (done || !this.#firstPaintDone) {
      const t0 = performance.now();
      if (this.#windowed()) for (const container of this.#states.keys()) this.#syncPaint(container);
      this.#painter.flush();
      const t1 = performance.now();
      timings.registerMs += t1 - t0;
      if (!this.#firstPaintDone) {
        performance.measure('termlens:first-register', { start: t0, end: t1, detail: { registered: this.#painter.registeredCount } });
      }
      this.#firstPaintDone = true;
    }
    const sliceEnd = performance.now();
    if (this.#sliceStart >= 0) {
      const slice = sliceEnd - this.#sliceStart;
      timings.busyMs += slice;
      timings.slices++;
      if (slice > timings.longestSliceMs) timings.longestSliceMs = slice;
      this.#sliceStart = -1;
    }
    if (done) {
      timings.registered = this.#painter.registeredCount;
      // Only the latest scan's entry is kept, so that a page that changes for hours does not fill the timeline.
      performance.clearMeasures('termlens:scan');
      performance.measure('termlens:scan', { start: Math.max(0, this.#workStart), end: sliceEnd, detail: timings });
      this.#timings = newTimings(false);
      this.#workStart = -1;
    }
    if (done) this.#scheduleChange();
  }

  #onViewport(entries: IntersectionObserverEntry[]): void {
    const t0 = performance.now();
    for (const entry of entries) {
      if (entry.isIntersecting) this.#visible.add(entry.target);
      else this.#visible.delete(entry.target);
      this.#syncPaint(entry.target);
    }
    this.#painter.flush();
    const spent = performance.now() - t0;
    this.#timings.registerMs += spent;
    this.#timings.busyMs += spent;
  }

  #onMutations(records: MutationRecord[]): void {
    for (const record of records) {
      const target = record.target;
      if (isInsideSkipped(target, this.#root)) continue;
      const container = containerOf(target, this.#root);
      if (container) this.#dirty.add(container);
      if (record.type !== 'childList') continue;
      if (record.removedNodes.length > 0) this.#removals = true;
      for (const node of record.addedNodes) {
        if (node.nodeType === Node.ELEMENT_NODE) this.#added.add(node as Element);
      }
    }
    if (this.#dirty.size + this.#added.size === 0 && !this.#removals) return;
    // Coalesce bursts of mutations into one rescan.
    if (this.#mutationTimer === undefined) {
      this.#mutationTimer = setTimeout(() => this.#applyMutations(), 30);
    }
  }

  #applyMutations(): void {
    this.#mutationTimer = undefined;
    if (this.#removals) {
      this.#removals = false;
      for (const [container, state] of this.#states) {
        if (!container.isConnected || !this.#root.contains(container)) this.#dropContainer(container, state);
      }
    }
    const jobs: Job[] = [];
    for (const el of this.#added) {
      if (!el.isConnected) continue;
      // The block elements of the new subtree; its inline text at the top belongs to
      // the mutation's target container, which is dirty already.
      for (const block of collectBlocks(el)) {
        if (isBlockElement(block.container)) this.#dirty.add(block.container);
      }
    }
    this.#added.clear();
    const seq = ++this.#seq;
    for (const container of this.#dirty) {
      if (container.isConnected) jobs.push({ kind: 'own', container, seq });
    }
    this.#dirty.clear();
    this.#queue.push(jobs, true);
  }

  #scheduleChange(): void {
    if (!this.#onChange || this.#changeTimer !== undefined) return;
    this.#changeTimer = setTimeout(() => {
      this.#changeTimer = undefined;
      this.#onChange?.();
    }, 100);
  }
}

function isInsideSkipped(node: Node, root: Element): boolean {
  for (let el = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement; el && el !== root; el = el.parentElement) {
    if (el.hasAttribute(OWN_UI_ATTRIBUTE) || skipKind(el)) return true;
  }
  return false;
}

/** The index of the first block whose container is at or below the top of the viewport. */
function firstBlockInView(blocks: Block[]): number {
  // Blocks are in document order, which in normal flow is top-to-bottom order.
  let lo = 0;
  let hi = blocks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (blocks[mid]!.container.getBoundingClientRect().bottom < 0) lo = mid + 1;
    else hi = mid;
  }
  return Math.min(lo, Math.max(0, blocks.length - 1));
}

function compareInDocument(a: Node, b: Node): number {
  if (a === b) return 0;
  return a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
}
