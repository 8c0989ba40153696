/**
 * The page pipeline of a content script: blocks → matcher → occurrences →
 * ranges → highlight registry, kept up to date as the page changes.
 *
 * - The page's DOM is never changed: occurrences are `Range`s registered in
 *   `CSS.highlights`, never wrappers (design: "Rendering"). An occurrence is kept as offsets
 *   in its block, and holds a `Range` only while it is registered or in use (occurrence.ts).
 * - Plain blocks (a paragraph of inline text) are read from their markup, without touching
 *   their nodes (blocks.ts, `plainBlockText`); only blocks with nested blocks are walked.
 * - Work runs in time-budgeted slices. Even walking the page is sliced (a
 *   resumable `BlockWalker`): on a million-character page the walk alone takes
 *   half a second. What is in view goes first: the containers under a grid of
 *   points over the viewport are scanned before the walk, and again after each
 *   scroll while the walk has not reached them.
 * - Only the containers that a mutation touched are rescanned (their own runs),
 *   and only the subtrees it added are walked.
 * - Every registered range taxes every later frame, so once a page holds more than
 *   `ALWAYS_PAINT_LIMIT` occurrences only the containers near the viewport keep
 *   their ranges registered, followed by an IntersectionObserver that small pages
 *   never pay for (docs/architecture.md, "Highlight windowing").
 *
 * Shown by tests/browser: reference-page, layouts, dynamic, large-page.
 */
import { BlockWalker, containerOf, isBlockElement, OWN_UI_ATTRIBUTE, plainBlockText, skipKind, storyBlocks, storyChildren, type Block, type StoryBlock } from './blocks';
import type { HighlightPainter, PaintedRange } from './highlight-painter';
import { BlockSource, OccurrenceList, OccurrencePool, StoryOccurrences, type Occurrence, type OccurrenceRun, type TextMatch } from './occurrence';
import { clearTimingMeasures, timingMeasure } from './timings';
import { inCleanFrame, inFrame, WorkClock, WorkQueue, type OverBudget } from './work-queue';

export { Occurrence, type TextMatch } from './occurrence';

/** What the pipeline needs of a matcher (lib/match's Matcher): offsets are in the raw text given. */
export interface TextMatcher {
  findMatches(text: string): TextMatch[];
  /** findMatches of the text that the inline markup `html[from, to)` stands for (a story's block, see blocks.ts). */
  findMatchesInMarkup(html: string, from: number, to: number): TextMatch[];
}

interface ContainerState {
  occurrences: OccurrenceList;
  painted: boolean;
}

/** Below this many occurrences every range stays registered; above it, only those near the viewport. */
export const ALWAYS_PAINT_LIMIT = 2000;

/**
 * How many containers may share one watched element (#watch): a story's paragraphs are watched
 * through the story, and their ranges are registered together when any of it is near the view.
 */
export const CONTAINERS_PER_WATCH = 64;

/** After a scroll, how long to wait before looking for unscanned containers in view (ms). */
const SCROLL_SETTLE_MS = 50;

/** Mutations are coalesced for this long before rescanning (ms). */
const MUTATION_DELAY_MS = 30;
/** A change to at most this many containers, each this small, is rescanned at once (#rescanNow). */
const SMALL_CHANGE_CONTAINERS = 4;
const SMALL_CHANGE_ELEMENTS = 32;
const SMALL_CHANGE_CHARS = 2_000;
/** At most one change a this often is rescanned at once; more frequent ones are coalesced. */
const SMALL_CHANGE_INTERVAL_MS = 50;

/**
 * What the pipeline spent since its queue was last empty, published as the `detail` of a
 * `termlens:scan` performance measure when the queue empties (read by bench/). Times in ms.
 */
export interface ScanTimings {
  /** True when the work began with a whole-page scan, false for mutation rescans. */
  full: boolean;
  /** Walking the DOM into blocks (sliced: the sum of the pieces). */
  collectMs: number;
  /** Finding the containers in view (hit tests over the viewport; they may force the page's layout). */
  inViewMs: number;
  /** Matching blocks: Matcher.findMatches, and keeping its occurrences as offsets. */
  matchMs: number;
  /** Making the Ranges of the occurrences that are registered (HighlightPainter.add reads them). */
  rangesMs: number;
  registerMs: number;
  /** Main-thread time of the slices (and of the view look-ups), everything above included. */
  busyMs: number;
  slices: number;
  longestSliceMs: number;
  blocks: number;
  occurrences: number;
  registered: number;
  /**
   * When the registration that ended the work began (`performance.now()`): in a frame callback
   * two frames after the last slice (`inCleanFrame`), so the frame that paints it is found by this
   * time, not by the measure's end (the last slice's).
   */
  finalRegisterAt: number;
}

const newTimings = (full: boolean): ScanTimings => ({
  full, collectMs: 0, inViewMs: 0, matchMs: 0, rangesMs: 0, registerMs: 0, busyMs: 0, slices: 0, longestSliceMs: 0, blocks: 0, occurrences: 0, registered: 0, finalRegisterAt: 0,
});

/**
 * A walk over a subtree (`own: false`) or over one container's own runs (`own: true`).
 * `seq` orders scans: a container's occurrences belong to the newest scan that reached
 * it, and blocks from an older scan are stale.
 */
interface Job {
  container: Element;
  own: boolean;
  seq: number;
  walker: BlockWalker | null;
  /** Part of the whole-page walk (its end drops containers it no longer found). */
  full: boolean;
  /** Blocks the walk collected and a slice ran out of time to match, and where to go on. */
  pending?: Block[];
  pendingAt?: number;
  /** A story's plain blocks, read from its markup and not matched yet, and where to go on. */
  story?: StoryBlock[];
  storyAt?: number;
  /** The story's element, and #mutationEpoch when it was read (see #matchStory). */
  storyElement?: Element;
  storyEpoch?: number;
  /** The story's element children as they were when it was read, once needed (#storyBlock). */
  storyElements?: Element[];
  /** Whether the story's occurrences are kept together (#keepsWhole), and what keeps them once one is found. */
  whole?: boolean;
  kept?: StoryOccurrences;
  /** A job that registers these containers' ranges (paint mode turned to every range), not a walk. */
  paint?: Element[];
}

export interface PageHighlighterOptions {
  root: Element;
  painter: HighlightPainter;
  /** Called (at most every 100 ms) when the set of occurrences changed. */
  onChange?: () => void;
  alwaysPaintLimit?: number;
  /** How many containers may share one watched element; CONTAINERS_PER_WATCH by default. */
  containersPerWatch?: number;
  /** How long one slice of work may run before yielding (ms); 4 by default. */
  sliceBudgetMs?: number;
}

export class PageHighlighter {
  readonly #root: Element;
  readonly #painter: HighlightPainter;
  readonly #onChange: (() => void) | undefined;
  readonly #limit: number;
  readonly #perWatch: number;
  #matcher: TextMatcher | null = null;
  #states = new Map<Element, ContainerState>();
  /**
   * Stories whose occurrences the whole-page walk kept together (StoryOccurrences), by the story's
   * element, until the story comes near the viewport or something asks for its blocks'
   * (#materialize): its blocks have no state of their own meanwhile. Watched by #viewport.
   */
  #lazy = new Map<Element, StoryOccurrences>();
  /** Whether a job other than the whole-page walk has scanned containers since the walk began (see #matchStory). */
  #scannedBesideWalk = false;
  /** The numbers of every container's occurrences (OccurrenceList). */
  #pool = new OccurrencePool();
  /** How many occurrences the page holds now. */
  #total = 0;
  /**
   * How many occurrences each entry has now: counted the first time someone asks (#entryCounts),
   * then kept up to date as containers are scanned and forgotten. Why: the page's statistics are
   * asked for after every change, and counting 187,000 occurrences (dense 10,000 terms on a
   * million characters) was a 17 ms task each time; and kept from the start, the counting made
   * that page's first scan 40–50 ms slower (a map update per occurrence, in cold code).
   */
  #counts: Map<string, number> | null = null;
  #visible = new Set<Element>();
  #queue: WorkQueue<Job>;
  #mutations: MutationObserver | undefined;
  /** Counts the MutationObserver's calls: a story read before the last one may have changed since (#matchStory). */
  #mutationEpoch = 0;
  #viewport: IntersectionObserver | undefined;
  /**
   * Follows each member of a group near the viewport (#onViewport), so that only the members
   * near it keep their ranges registered: a group is registered whole no more. Why: every
   * registered range costs every frame after a change, and a group of 64 dense paragraphs held
   * 938 ranges where the paragraphs near the view hold a third of them (session 7).
   */
  #members: IntersectionObserver | undefined;
  /** What the observer watches for each container: the container, or an ancestor it shares (#watch). */
  #watchedFor = new Map<Element, Element>();
  /** The containers each watched element stands for. */
  #watchers = new Map<Element, Set<Element>>();
  /** Watched elements the observer last reported near the viewport. */
  #watchedVisible = new Set<Element>();
  #dirty = new Set<Element>();
  #added = new Set<Element>();
  #removals = false;
  /** When #rescanNow last ran (performance.now), or -Infinity. */
  #lastRescanNow = -Infinity;
  #mutationTimer: ReturnType<typeof setTimeout> | undefined;
  #changeTimer: ReturnType<typeof setTimeout> | undefined;
  #scrollTimer: ReturnType<typeof setTimeout> | undefined;
  /** True until the first scan has begun (start() waits for a rendered frame). */
  #starting = false;
  #abort = new AbortController();
  #seq = 0;
  /** The seq of the whole-page walk under way, or 0 when none is. */
  #walkSeq = 0;
  /** Which scan each container's occurrences come from. */
  #scannedAt = new WeakMap<Element, number>();
  /** Whether every container with occurrences is registered (else only those near the viewport). */
  #paintAll = true;
  /** Whether the IntersectionObserver watches the containers (from the first time the page passes the limit). */
  #observing = false;
  #firstPaintDone = false;
  /** Whether a flush waits for its animation frame (see #requestFlush). */
  #flushPending = false;
  /** What runs after that flush, in its frame (given the flush's start and end). */
  #afterFlush: ((t0: number, t1: number) => void)[] = [];
  /** Set when a slice ran work the reader waits for (in view, or a change of the page). */
  #urgentRan = false;
  #detached = false;
  // Timings for the benchmark (performance entries only; nothing else is exposed).
  #timings = newTimings(false);
  #workStart = -1;
  #sliceStart = -1;
  #walkStart = -1;

  constructor(options: PageHighlighterOptions) {
    this.#root = options.root;
    this.#painter = options.painter;
    this.#onChange = options.onChange;
    this.#limit = options.alwaysPaintLimit ?? ALWAYS_PAINT_LIMIT;
    this.#perWatch = options.containersPerWatch ?? CONTAINERS_PER_WATCH;
    this.#queue = new WorkQueue<Job>(
      (job, overBudget) => this.#runJob(job, overBudget),
      (done) => this.#afterSlice(done),
      options.sliceBudgetMs ?? 4,
    );
  }

  /** Starts following the page, and scans it all with `matcher`. */
  start(matcher: TextMatcher): void {
    this.#matcher = matcher;
    this.#mutations = new MutationObserver((records) => this.#onMutations(records));
    this.#mutations.observe(this.#root, { subtree: true, childList: true, characterData: true });
    // Half a screen above and below: ranges are ready before they scroll in.
    const near = { rootMargin: VIEW_MARGIN };
    this.#viewport = new IntersectionObserver((entries) => this.#onViewport(entries), near);
    this.#members = new IntersectionObserver((entries) => this.#onMembers(entries), near);
    // Capture: scrolling inside an element does not bubble.
    this.#root.ownerDocument.addEventListener('scroll', () => this.#onScroll(), {
      capture: true,
      passive: true,
      signal: this.#abort.signal,
    });
    // After the page's next rendered frame, in a task of its own: the caller has just decoded
    // the matcher, and the first slice must not add to that task nor to the page's own frame.
    this.#starting = true;
    void inFrame(() => {}).then(() => {
      this.#starting = false;
      if (!this.#detached) this.#scanAll();
    });
  }

  /** Rescans the whole page with a new matcher (the glossary changed). */
  setMatcher(matcher: TextMatcher): void {
    this.#matcher = matcher;
    if (this.#starting) return;
    this.#scanAll();
  }

  /**
   * Every occurrence (of `entryId` when given), in document order. Those of containers away from
   * the view are made for the caller, and not kept (OccurrenceList.runs): compare them with
   * `sameAs`.
   */
  occurrences(entryId?: string): Occurrence[] {
    // Within a block, occurrences are already in text order; only blocks need sorting,
    // and there are far fewer blocks with occurrences than occurrences.
    this.#materializeAll();
    const runs: OccurrenceRun[] = [];
    for (const state of this.#states.values()) for (const run of state.occurrences.runs(entryId)) runs.push(run);
    runs.sort((a, b) => compareInDocument(a.source.anchor, b.source.anchor));
    return runs.flatMap((run) => run.occurrences);
  }

  /** The occurrences whose text lies in `container`'s own runs (kept as objects until the container leaves the view). */
  occurrencesIn(container: Element): readonly Occurrence[] {
    this.#materializeParent(container);
    return this.#states.get(container)?.occurrences.objects() ?? [];
  }

  /** Each entry found on the page, with its colour slot. */
  slotsByEntry(): Map<string, number> {
    const slots = new Map<string, number>();
    for (const state of this.#states.values()) state.occurrences.addSlotsTo(slots);
    this.#lazy.forEach((story) => story.addSlotsTo(slots));
    return slots;
  }

  /**
   * How often each entry occurs on the page now: the highlighter's own counts, not a copy, to be
   * read at once, before the page changes again (the badge reads it after each change).
   */
  countsByEntry(): ReadonlyMap<string, number> {
    return this.#entryCounts();
  }

  /**
   * The counts by entry: #counts, counted now if no one has asked before. Asked before or during a
   * whole-page walk, they are counted and not kept: kept, they would be updated with every
   * occurrence the walk finds, which is what keeping them only once asked is there to avoid (see
   * #counts). The badge asks as highlighting starts, before anything is found; until session 14
   * that made every first scan count each of its occurrences.
   */
  #entryCounts(): Map<string, number> {
    if (this.#counts) return this.#counts;
    const counts = new Map<string, number>();
    for (const state of this.#states.values()) state.occurrences.addCountsTo(counts, 1);
    this.#lazy.forEach((story) => story.addCountsTo(counts, 1));
    if (!this.#starting && this.#walkSeq === 0) this.#counts = counts;
    return counts;
  }

  /** Makes sure the container's ranges are registered (e.g. before scrolling to it). */
  ensurePainted(container: Element): void {
    this.#materializeParent(container);
    this.#visible.add(container);
    this.#syncPaint(container);
    this.#flush();
  }

  /** True once no scan work is waiting, nor a registration of its results. */
  get idle(): boolean {
    return this.#queue.pending === 0 && this.#dirty.size === 0 && this.#added.size === 0 && !this.#flushPending && !this.#starting;
  }

  /** Stops observing and removes every highlight this pipeline registered. */
  detach(): void {
    if (this.#detached) return;
    this.#detached = true;
    this.#queue.detach();
    this.#abort.abort();
    this.#mutations?.disconnect();
    this.#viewport?.disconnect();
    this.#members?.disconnect();
    clearTimeout(this.#mutationTimer);
    clearTimeout(this.#changeTimer);
    clearTimeout(this.#scrollTimer);
    for (const state of this.#states.values()) this.#unpaint(state);
    this.#painter.flush();
    this.#states.clear();
    this.#lazy.clear();
    this.#pool = new OccurrencePool();
    this.#counts = null;
    this.#total = 0;
  }

  #scanAll(): void {
    this.#queue.clear();
    this.#timings = newTimings(true);
    const seq = ++this.#seq;
    this.#walkSeq = seq;
    this.#scannedBesideWalk = false;
    // Counted again when next asked, after the walk (#entryCounts): not kept up to date through it.
    this.#counts = null;
    this.#walkStart = performance.now();
    this.#workStart = this.#walkStart;
    this.#syncPaintMode();
    // What the reader sees first, ahead of the walk. At the top of the page the walk's own first
    // slices reach it, in document order: no look-up (its hit tests cost a paint walk).
    if (!atTopOfPage(this.#root)) this.#queueInView();
    this.#queue.push([{ container: this.#root, own: false, seq, walker: null, full: true }]);
  }

  /**
   * Queues, ahead of everything, the containers in view that the walk under way has not reached,
   * looked up in an animation-frame callback; the queue is held until then. Hit tests bring the
   * page's rendering up to date first (up to its paint walk, 20–40 ms on a million characters
   * after any change): in a frame callback that is work the frame does anyway, in a task of
   * ours it would be paid twice.
   */
  #queueInView(): void {
    if (this.#walkSeq === 0 || this.#detached) return;
    this.#queue.hold(inFrame(() => this.#queue.push(this.#inViewJobs(), true)));
  }

  /** Jobs for the containers in view that the walk under way has not reached (none when no walk runs). */
  #inViewJobs(): Job[] {
    if (this.#walkSeq === 0 || this.#detached) return [];
    const t0 = performance.now();
    // A block of a story the walk kept whole (#lazy) is reached: the observer reports its story.
    const containers = containersInView(this.#root).filter((c) => (this.#scannedAt.get(c) ?? 0) < this.#walkSeq && !this.#keptByWalk(c));
    // In view now, as the observer will confirm: their ranges are registered as soon as they are found.
    for (const container of containers) this.#visible.add(container);
    const seq = ++this.#seq;
    const spent = performance.now() - t0;
    this.#timings.inViewMs += spent;
    this.#timings.busyMs += spent;
    return containers.map((container) => ({ container, own: true, seq, walker: null, full: false }));
  }

  #runJob(job: Job, overBudget: OverBudget): boolean {
    if (this.#sliceStart < 0) this.#sliceStart = performance.now();
    if (this.#workStart < 0) this.#workStart = this.#sliceStart;
    const { container, seq } = job;
    if (!job.full) {
      this.#urgentRan = true;
      if (this.#walkSeq !== 0) this.#scannedBesideWalk = true;
    }
    if (job.paint) return this.#paintSome(job, overBudget);
    if (!container.isConnected) return true;
    if (!job.walker) {
      if (job.own) {
        // A container's own runs again (nested containers keep theirs); a newer scan may have done it.
        if ((this.#scannedAt.get(container) ?? 0) >= seq) return true;
        this.#resetContainer(container, seq);
      }
      job.walker = new BlockWalker(container, job.own ? { ownOnly: true } : { enterBlock: (el) => this.#enterBlock(el, job) });
    }
    if (!this.#matchPending(job, overBudget)) return this.#pause(job);
    const t0 = performance.now();
    const matchedBefore = this.#timings.matchMs + this.#timings.rangesMs;
    // A story read from its markup stops the walk, so that its blocks are matched within the budget.
    const blocks = job.walker.next(() => job.story !== undefined || overBudget());
    // Plain blocks are matched during the walk (#enterBlock): that time is the scan's, not the walk's.
    this.#timings.collectMs += performance.now() - t0 - (this.#timings.matchMs + this.#timings.rangesMs - matchedBefore);
    job.pending = blocks;
    job.pendingAt = 0;
    if (!this.#matchPending(job, overBudget)) return this.#pause(job);
    if (!job.walker.done) return false;
    if (job.full) this.#walkDone(seq);
    return true;
  }

  /**
   * Ends `job`'s part of the slice with a story read and not all matched (false, for #runJob):
   * its blocks are taken as elements now, while they are still the ones it was read with; the
   * page may change the story's children before the next slice.
   */
  #pause(job: Job): false {
    if (job.story && !job.storyElements && job.storyEpoch === this.#mutationEpoch) job.storyElements = storyChildren(job.storyElement!);
    return false;
  }

  /** The element of the story's block number `index` (see StoryBlock): taken when first needed, in the slice that read the story. */
  #storyBlock(job: Job, index: number): Element {
    return (job.storyElements ??= storyChildren(job.storyElement!))[index]!;
  }

  /** Registers (or not, as the paint mode now says) the paint job's containers, within the slice budget. */
  #paintSome(job: Job, overBudget: OverBudget): boolean {
    const containers = job.paint!;
    while ((job.pendingAt ?? 0) < containers.length) {
      const container = containers[job.pendingAt ?? 0]!;
      job.pendingAt = (job.pendingAt ?? 0) + 1;
      this.#syncPaint(container);
      if (job.pendingAt < containers.length && overBudget()) return false;
    }
    return true;
  }

  /**
   * Matches the blocks the walk collected for `job` and has not matched yet, within the slice's
   * budget: the walk stops on time, but matching what it collected took as long again, and in
   * the first slices of a page (code not optimised yet) made 55–96 ms slices. False when time
   * ran out first (the rest waits for the next slice).
   */
  #matchPending(job: Job, overBudget: OverBudget): boolean {
    const blocks = job.pending;
    if (!blocks) return this.#matchStory(job, overBudget);
    const container = job.container;
    const timed = this.#timeMatching();
    const clock = new WorkClock(overBudget, this.#queue.budgetMs);
    while ((job.pendingAt ?? 0) < blocks.length) {
      const block = blocks[job.pendingAt!]!;
      job.pendingAt = job.pendingAt! + 1;
      // An added inline element's top-level run belongs to its block container, which the mutation dirtied.
      if (block.container === container && !job.own && !job.full && !isBlockElement(container)) continue;
      this.#matchBlock(block, job.seq);
      if (job.pendingAt < blocks.length && clock.overBudget()) {
        timed();
        return false;
      }
    }
    timed();
    job.pending = undefined;
    return this.#matchStory(job, overBudget);
  }

  /** Matches the blocks of the story the walk read last, within the slice's budget (see #matchPending). */
  #matchStory(job: Job, overBudget: OverBudget): boolean {
    const story = job.story;
    if (!story) return true;
    const timed = this.#timeMatching();
    const clock = new WorkClock(overBudget, this.#queue.budgetMs);
    // While the page has changed nothing since the story was read (no mutation record since), its
    // blocks are still its children and in the document: each block is then spared the DOM calls
    // that would ask (isConnected, and parentElement when it is watched), a few hundred
    // nanoseconds each in a content script's world, for each of a page's thousands of blocks.
    const parent = job.storyEpoch === this.#mutationEpoch ? job.storyElement : undefined;
    if (parent && job.full && this.#keepsWhole(parent, job)) {
      if (!this.#matchStoryWhole(job, parent, story, clock)) {
        timed();
        return false;
      }
    }
    while ((job.storyAt ?? 0) < story.length) {
      const { index, source, from, to, markup } = story[job.storyAt ?? 0]!;
      job.storyAt = (job.storyAt ?? 0) + 1;
      this.#matchText(this.#storyBlock(job, index), undefined, source, job.seq, markup ? from : -1, to, parent);
      if (job.storyAt < story.length && clock.overBudget()) {
        timed();
        return false;
      }
    }
    timed();
    job.story = undefined;
    job.storyAt = 0;
    job.storyElement = undefined;
    job.storyElements = undefined;
    job.kept = undefined;
    return true;
  }

  /**
   * Whether the walk keeps the occurrences of story `el` together (StoryOccurrences, #lazy) rather
   * than block by block, from where `job` is in it: while the observer watches containers (as it
   * does through a whole-page walk), and while nothing is kept for the story's blocks as
   * containers (a story near the view the last time, which the observer would not report again).
   * A story begun the other way goes on that way; one begun whole, and turned into blocks
   * since (#materialize), goes on block by block.
   */
  #keepsWhole(el: Element, job: Job): boolean {
    if ((job.storyAt ?? 0) > 0) return job.whole === true && (job.kept === undefined || this.#lazy.get(el) === job.kept);
    job.whole = false;
    job.kept = undefined;
    if (!this.#observing || this.#paintAll) return false;
    const kept = this.#lazy.get(el);
    if (kept) {
      // What an older scan kept for it: this walk reads it again.
      if (kept.seq >= job.seq) return false;
      this.#dropStory(el, kept);
    }
    job.whole = !this.#watchers.has(el);
    return job.whole;
  }

  /**
   * Matches the story's blocks from job.storyAt on, keeping their occurrences in the story's
   * StoryOccurrences, within the slice's budget (false when it ran out). A block that a newer scan
   * has done is left to that scan's occurrences.
   */
  #matchStoryWhole(job: Job, el: Element, story: StoryBlock[], clock: WorkClock): boolean {
    const matcher = this.#matcher;
    if (!matcher) return true;
    const timings = this.#timings;
    const seq = job.seq;
    const checkNewer = this.#scannedBesideWalk;
    let kept = job.kept;
    while ((job.storyAt ?? 0) < story.length) {
      const { index, source, from, to, markup } = story[job.storyAt ?? 0]!;
      job.storyAt = (job.storyAt ?? 0) + 1;
      if (!checkNewer || (this.#scannedAt.get(this.#storyBlock(job, index)) ?? 0) <= seq) {
        const matches = markup ? matcher.findMatchesInMarkup(source, from, to) : matcher.findMatches(source);
        timings.blocks++;
        if (matches.length > 0) {
          if (!kept) kept = job.kept = this.#keepStory(el, seq);
          kept.add(index, matches);
          const counts = this.#counts;
          if (counts) for (const m of matches) counts.set(m.entryId, (counts.get(m.entryId) ?? 0) + 1);
          this.#total += matches.length;
          timings.occurrences += matches.length;
        }
      }
      if (job.storyAt < story.length && clock.overBudget()) return false;
    }
    return true;
  }

  /** Starts keeping story `el`'s occurrences together, for scan `seq`: the observer reports the story from now on. */
  #keepStory(el: Element, seq: number): StoryOccurrences {
    const kept = new StoryOccurrences(this.#pool, seq);
    this.#lazy.set(el, kept);
    this.#viewport?.observe(el);
    return kept;
  }

  /** Forgets what was kept for story `el`, and stops watching it unless its blocks are watched through it. */
  #dropStory(el: Element, kept: StoryOccurrences): void {
    this.#lazy.delete(el);
    this.#total -= kept.length;
    if (this.#counts) kept.addCountsTo(this.#counts, -1);
    kept.dispose();
    if (!this.#watchers.has(el)) {
      this.#viewport?.unobserve(el);
      this.#watchedVisible.delete(el);
    }
  }

  /**
   * Turns what was kept for story `el` into its blocks' own state, as if they had been matched
   * one by one (#matchText): the story came near the view, or something asks for its blocks'
   * occurrences or is about to rescan one.
   */
  #materialize(el: Element): void {
    if (!this.#lazy.has(el)) return;
    // The story's children must be the ones it was read with: #onMutations walks a story again
    // when the page changes which children it has. A page's script that changed the story and
    // then called into this script in the same run (dispatching an event, say) left its records
    // undelivered: they are taken first.
    const pending = this.#mutations?.takeRecords();
    if (pending && pending.length > 0) this.#onMutations(pending);
    const kept = this.#lazy.get(el);
    if (!kept) return;
    const children = storyChildren(el);
    this.#lazy.delete(el);
    const { blocks, ends, seq } = kept;
    let from = 0;
    for (let i = 0; i < blocks.length; i++) {
      const container = children[blocks[i]!]!;
      const to = ends[i]!;
      const at = this.#scannedAt.get(container) ?? 0;
      if (at > seq) {
        // A newer scan did this block (it went through #resetContainer, which turns the story first: not expected).
        this.#total -= to - from;
        if (this.#counts) kept.addCountsTo(this.#counts, -1, from, to);
      } else {
        if (at < seq) this.#resetContainer(container, seq);
        let state = this.#states.get(container);
        if (!state) {
          state = { occurrences: new OccurrenceList(this.#pool), painted: false };
          this.#states.set(container, state);
          if (this.#observing) this.#watch(container, el);
        }
        const added = state.occurrences.addFrom(new BlockSource(container), kept, from, to);
        if (state.painted && added) this.#paint(added);
        this.#syncPaint(container, state);
      }
      from = to;
    }
    kept.dispose();
  }

  /**
   * Forgets what was kept for story `el` and walks it again, block by block: the page changed which
   * children it has, and the blocks kept by their number among them would be the wrong ones.
   */
  #walkStoryAgain(el: Element, kept: StoryOccurrences): void {
    this.#dropStory(el, kept);
    this.#added.add(el);
    this.#applyMutationsSoon();
  }

  /** #materialize of the story that `container` is a block of, if one is kept whole. */
  #materializeParent(container: Element): void {
    if (this.#lazy.size === 0) return;
    const parent = container.parentElement;
    if (parent) this.#materialize(parent);
  }

  #materializeAll(): void {
    if (this.#lazy.size === 0) return;
    for (const el of [...this.#lazy.keys()]) this.#materialize(el);
  }

  /** Whether `container` is a block of a story that the walk under way keeps whole. */
  #keptByWalk(container: Element): boolean {
    if (this.#lazy.size === 0) return false;
    const parent = container.parentElement;
    return parent !== null && this.#lazy.get(parent)?.seq === this.#walkSeq;
  }

  /**
   * Asked before the walk goes into a nested block element: whether to walk it. A "plain" block
   * (nothing inside but inline elements and text) is not walked: its text is read from its
   * markup and matched here, and its occurrences are kept as offsets (blocks.ts,
   * `plainBlockText`). In a content script every node touched gets a wrapper of its own, and
   * creating and collecting those was most of the cost of a walk (a million-character page has
   * 250,000 nodes); this way only the page's block structure is touched.
   */
  #enterBlock(el: Element, job: Job): boolean {
    if (!this.#matcher) return true;
    const text = plainBlockText(el);
    if (text !== null) {
      // Timed here, because the walk's own time (collect) is what is left of its slice.
      const timed = this.#timeMatching();
      this.#matchText(el, undefined, text, job.seq);
      timed();
      return false;
    }
    // A story of plain blocks (an article's paragraphs) is read from one serialisation, and its
    // blocks are matched by #matchStory, a few at a time if the slice's budget runs out: a
    // story of dense matches at once made the first slice, and so the first highlight, late.
    const story = storyBlocks(el);
    if (story === null) return true;
    job.story = story;
    job.storyAt = 0;
    job.storyElement = el;
    job.storyEpoch = this.#mutationEpoch;
    return false;
  }

  /** The whole-page walk has ended: drop what it no longer found, and register what the page size allows. */
  #walkDone(seq: number): void {
    if (this.#walkSeq !== seq) return;
    this.#walkSeq = 0;
    // forEach, here and below over every container: a for…of over the map made an entry and a
    // result object per container in code not optimised yet (600 KB on the million-character page).
    this.#states.forEach((state, container) => {
      if ((this.#scannedAt.get(container) ?? 0) < seq) this.#dropContainer(container, state);
    });
    this.#lazy.forEach((kept, el) => {
      if (kept.seq < seq) this.#dropStory(el, kept);
    });
    // The walk's occurrences are all in: what the pool grew for and does not hold goes back.
    this.#pool.trim();
    // The paint mode may turn to every range now: its registrations are queued here, ahead of
    // the end of this scan, so that they are sliced and the scan's end comes after them.
    this.#syncPaintMode();
    const start = Math.max(0, this.#walkStart);
    timingMeasure('termlens:collect-blocks', {
      start,
      duration: this.#timings.collectMs,
      detail: { blocks: this.#timings.blocks },
    });
  }

  #matchBlock(block: Block, seq: number): void {
    this.#matchText(block.container, block, block.text, seq);
  }

  /**
   * Matches the text of a block of `container` (`block` when the walker collected it with its
   * nodes; the text is not kept: an occurrence holds offsets into it): `text`, or,
   * when `from` is not -1, the text that the markup `text[from, to)` stands for (a story's block,
   * Matcher.findMatchesInMarkup). Not timed here: its callers time a run of blocks, because
   * `performance.now()` costs about 1 µs in a content script, and four of them per block had been
   * 30–60 ms of a million-character page (session 6). `parent`, for a story's block read since the
   * page last changed anything, is the story's element: the container's parent, and in the document.
   */
  #matchText(container: Element, block: Block | undefined, text: string, seq: number, from = -1, to = 0, parent?: Element): void {
    const matcher = this.#matcher;
    if (!matcher || (!parent && !container.isConnected)) return;
    const at = this.#scannedAt.get(container) ?? 0;
    // Stale: a newer scan has done this container since the block was collected.
    if (at > seq) return;
    // The first block of a container in this scan replaces what an older scan found there.
    if (at < seq) this.#resetContainer(container, seq);
    const timings = this.#timings;
    const matches = from < 0 ? matcher.findMatches(text) : matcher.findMatchesInMarkup(text, from, to);
    timings.blocks++;
    if (matches.length === 0) return;
    let state = this.#states.get(container);
    if (!state) {
      state = { occurrences: new OccurrenceList(this.#pool), painted: false };
      this.#states.set(container, state);
      if (this.#observing) this.#watch(container, parent);
    }
    // The block's source is made only now: most blocks of a page hold no term.
    const added = state.occurrences.add(new BlockSource(container, block), matches);
    const counts = this.#counts;
    if (counts) for (const m of matches) counts.set(m.entryId, (counts.get(m.entryId) ?? 0) + 1);
    // A container already registered gets its new ranges registered too.
    if (state.painted && added) this.#paint(added);
    this.#total += matches.length;
    timings.occurrences += matches.length;
    this.#syncPaint(container, state);
  }

  /**
   * Times a run of matching (#timeMatching) into `matchMs`, when the returned function is called;
   * the ranges made meanwhile (#paint) are the `ranges` stage and are left out.
   */
  #timeMatching(): () => void {
    const t0 = performance.now();
    const rangesBefore = this.#timings.rangesMs;
    return () => {
      this.#timings.matchMs += performance.now() - t0 - (this.#timings.rangesMs - rangesBefore);
    };
  }

  /** Queues occurrences' ranges for registration; making them (each occurrence's `range`, which the painter reads) is timed as `ranges`. */
  #paint(occurrences: readonly Occurrence[]): void {
    const t0 = performance.now();
    this.#painter.add(occurrences);
    this.#timings.rangesMs += performance.now() - t0;
  }

  /** Forgets a container's occurrences (unregistering them): scan `seq` is about to fill it again. */
  #resetContainer(container: Element, seq: number): void {
    // A block of a story kept whole has its occurrences there: they become its own first.
    this.#materializeParent(container);
    this.#scannedAt.set(container, seq);
    const state = this.#states.get(container);
    if (!state) return;
    this.#unpaint(state);
    this.#forget(state.occurrences);
    state.occurrences = new OccurrenceList(this.#pool);
  }

  /** Takes a container's occurrences out of the page's totals, and gives their numbers back to the pool. */
  #forget(occurrences: OccurrenceList): void {
    this.#total -= occurrences.length;
    if (this.#counts) occurrences.addCountsTo(this.#counts, -1);
    occurrences.dispose();
  }

  /**
   * Unregisters the state's ranges if registered, and lets them go with the occurrences' objects: a
   * range no one holds is collected, and then no longer costs the page's own DOM changes anything.
   */
  #unpaint(state: ContainerState): void {
    const objects = state.occurrences.held;
    if (state.painted && objects) {
      const held: PaintedRange[] = [];
      for (const o of objects) {
        const range = o.heldRange;
        if (range) held.push({ range, slot: o.slot });
      }
      this.#painter.remove(held);
    }
    state.occurrences.release();
    state.painted = false;
  }

  #dropContainer(container: Element, state: ContainerState): void {
    this.#unpaint(state);
    this.#forget(state.occurrences);
    this.#states.delete(container);
    this.#visible.delete(container);
    this.#unwatch(container);
  }

  /**
   * Has the observer watch `container`, through its parent element where that is a block that
   * already stands for fewer than CONTAINERS_PER_WATCH containers, else itself. Why: the observer's
   * work in every frame grows with its targets (about 2 µs each on a 1M-character page: a frame
   * of the page's own text update paid 12 ms for 6,000 paragraphs), and each `observe` call costs
   * the scan too. A group registers up to CONTAINERS_PER_WATCH containers' ranges when any of it
   * is near the view, which costs the paint next to nothing.
   */
  #watch(container: Element, knownParent?: Element): void {
    if (this.#watchedFor.has(container)) return;
    const parent = knownParent ?? container.parentElement;
    let target = container;
    // A story's element (knownParent) is a block: the walk entered it as one.
    if (parent && parent !== this.#root && (knownParent !== undefined || isBlockElement(parent)) && (this.#watchers.get(parent)?.size ?? 0) < this.#perWatch) {
      target = parent;
    }
    this.#watchedFor.set(container, target);
    let group = this.#watchers.get(target);
    if (!group) {
      group = new Set();
      this.#watchers.set(target, group);
      this.#viewport?.observe(target);
    } else if (this.#watchedVisible.has(target)) {
      // The observer reports a target only when it changes: a late member takes the group's
      // state until its own first report (#onMembers) says where it is.
      this.#visible.add(container);
      this.#members?.observe(container);
    }
    group.add(container);
  }

  #unwatch(container: Element): void {
    const target = this.#watchedFor.get(container);
    if (!target) return;
    this.#watchedFor.delete(container);
    if (container !== target) this.#members?.unobserve(container);
    const group = this.#watchers.get(target);
    group?.delete(container);
    if (group && group.size > 0) return;
    this.#watchers.delete(target);
    // A story kept whole is watched as such.
    if (this.#lazy.has(target)) return;
    this.#watchedVisible.delete(target);
    this.#viewport?.unobserve(target);
  }

  #unwatchAll(): void {
    this.#viewport?.disconnect();
    this.#members?.disconnect();
    this.#watchedFor.clear();
    this.#watchers.clear();
    this.#watchedVisible.clear();
  }

  /** Registers or unregisters the container's ranges, as the paint mode and the viewport say. */
  #syncPaint(container: Element, state = this.#states.get(container)): void {
    if (!state) return;
    const want = state.occurrences.length > 0 && (this.#paintAll || this.#visible.has(container));
    if (want === state.painted) return;
    if (want) {
      this.#paint(state.occurrences.objects());
      state.painted = true;
    } else {
      this.#unpaint(state);
    }
  }

  /**
   * Every range while the page holds at most `ALWAYS_PAINT_LIMIT` occurrences; else only those
   * near the viewport. While a whole-page walk is under way the total is not known yet, so only
   * what is near the viewport is registered until it ends: registering everything found early,
   * and unregistering it when the page turns out large, made thousands of ranges for nothing.
   */
  #syncPaintMode(): void {
    const paintAll = this.#walkSeq === 0 && this.#total <= this.#limit;
    if (paintAll === this.#paintAll) return;
    // Every container is registered now: the stories kept whole become blocks first, while watched.
    if (paintAll) this.#materializeAll();
    this.#paintAll = paintAll;
    if (!paintAll && !this.#observing) this.#observeContainers();
    if (paintAll && this.#observing) {
      // Small pages do not pay the observer's work in every frame.
      this.#unwatchAll();
      this.#observing = false;
      this.#visible.clear();
    }
    if (!paintAll) {
      this.#states.forEach((_, container) => this.#syncPaint(container));
      return;
    }
    // Registering every range makes a Range for each (and walks each plain block's nodes once):
    // up to 2,000 of them took 74 ms in one task at the end of a walk, so it is a job of slices.
    this.#queue.push([{ container: this.#root, own: false, seq: this.#seq, walker: null, full: false, paint: [...this.#states.keys()] }]);
  }

  /**
   * Starts watching every container with occurrences. Only pages past the limit pay for it: the
   * observer's work in every frame grows with its targets (about 2 µs each, measured on a
   * 1M-character page). What is registered now stays so until the observer's first report.
   */
  #observeContainers(): void {
    this.#observing = true;
    this.#states.forEach((state, container) => {
      if (state.painted) this.#visible.add(container);
      this.#watch(container);
    });
  }

  #flush(): void {
    const t0 = performance.now();
    this.#painter.flush();
    this.#timings.registerMs += performance.now() - t0;
  }

  #afterSlice(done: boolean): void {
    const timings = this.#timings;
    this.#syncPaintMode();
    // Registration is batched: every registry change costs a frame in proportion to all
    // registered ranges (and, on a million-character page, a paint walk of 20–40 ms over the
    // whole document), so flush only when the reader waits for it: the first slice, work in
    // view or on changed text, and the end.
    const flush = done || !this.#firstPaintDone || this.#urgentRan;
    const first = !this.#firstPaintDone;
    this.#firstPaintDone = true;
    this.#urgentRan = false;
    const sliceEnd = performance.now();
    if (this.#sliceStart >= 0) {
      const slice = sliceEnd - this.#sliceStart;
      timings.busyMs += slice;
      timings.slices++;
      if (slice > timings.longestSliceMs) timings.longestSliceMs = slice;
      this.#sliceStart = -1;
    }
    if (!flush) return;
    const workStart = this.#workStart;
    if (done) {
      this.#timings = newTimings(false);
      this.#workStart = -1;
    }
    this.#requestFlush((t0, t1) => {
      timings.registerMs += t1 - t0;
      timings.busyMs += t1 - t0;
      if (first) timingMeasure('termlens:first-register', { start: t0, end: t1, detail: { registered: this.#painter.registeredCount } });
      if (!done) return;
      timings.finalRegisterAt = t0;
      this.#scanDone(Math.max(0, workStart), sliceEnd, timings);
    });
  }

  /** The work since the queue was last empty is done: publishes its timings and tells onChange. */
  #scanDone(start: number, end: number, timings: ScanTimings): void {
    timings.registered = this.#painter.registeredCount;
    // Only the latest scan's entry is kept, so that a page that changes for hours does not fill the timeline.
    clearTimingMeasures('termlens:scan');
    timingMeasure('termlens:scan', { start, end, detail: timings });
    this.#scheduleChange();
  }

  /**
   * Applies the painter's queued changes in an animation frame of their own (`inCleanFrame`),
   * and holds the queue until that frame has rendered. Any change to the registry makes
   * Chromium repaint the whole page (a PrePaint of 20–37 ms on a million characters), and a
   * Long Animation Frame counts every task since rendering became pending: the frame that pays
   * for the repaint must hold no slice of work. Requests made before the frame share it.
   */
  #requestFlush(then?: (t0: number, t1: number) => void): void {
    if (then) this.#afterFlush.push(then);
    if (this.#flushPending) return;
    this.#flushPending = true;
    this.#queue.hold(
      inCleanFrame(() => {
        this.#flushPending = false;
        const after = this.#afterFlush;
        this.#afterFlush = [];
        if (this.#detached) return;
        const t0 = performance.now();
        this.#painter.flush();
        const t1 = performance.now();
        for (const fn of after) fn(t0, t1);
      }),
    );
  }

  /**
   * A watched element came near the viewport or left it. A group's members near it are
   * registered, found from their boxes against the observer's root (the layout is up to date in
   * an observer's callback), and from then on followed one by one (#onMembers) while the group
   * stays near.
   */
  #onViewport(entries: IntersectionObserverEntry[]): void {
    const t0 = performance.now();
    for (const entry of entries) {
      const target = entry.target;
      const near = entry.isIntersecting;
      // A story kept whole becomes its blocks, each then placed below as a member of its group
      // (before the group counts as near: a member joining a near group would be registered at
      // once, wherever it is).
      if (near) {
        this.#materialize(target);
        this.#watchedVisible.add(target);
      } else this.#watchedVisible.delete(target);
      for (const container of this.#watchers.get(target) ?? []) {
        let shown = near;
        if (container !== target) {
          if (near) {
            this.#members?.observe(container);
            shown = nearBounds(container, entry.rootBounds);
          } else {
            this.#members?.unobserve(container);
          }
        }
        if (shown) this.#visible.add(container);
        else this.#visible.delete(container);
        this.#syncPaint(container);
      }
    }
    this.#afterViewChange(t0);
  }

  /** Members of groups near the viewport (#onViewport) came near it or left it. */
  #onMembers(entries: IntersectionObserverEntry[]): void {
    const t0 = performance.now();
    for (const entry of entries) {
      const container = entry.target;
      const target = this.#watchedFor.get(container);
      // A group that left the view has unregistered its members already.
      if (!target || !this.#watchedVisible.has(target)) continue;
      if (entry.isIntersecting) this.#visible.add(container);
      else this.#visible.delete(container);
      this.#syncPaint(container);
    }
    this.#afterViewChange(t0);
  }

  #afterViewChange(t0: number): void {
    this.#timings.busyMs += performance.now() - t0;
    const timings = this.#timings;
    this.#requestFlush((f0, f1) => {
      timings.registerMs += f1 - f0;
      timings.busyMs += f1 - f0;
    });
  }

  #onScroll(): void {
    // Scanned containers follow the viewport through the IntersectionObserver; this is for
    // the part of a large page the walk has not reached yet.
    if (this.#walkSeq === 0 || this.#scrollTimer !== undefined) return;
    this.#scrollTimer = setTimeout(() => {
      this.#scrollTimer = undefined;
      this.#queueInView();
    }, SCROLL_SETTLE_MS);
  }

  #onMutations(records: MutationRecord[]): void {
    this.#mutationEpoch++;
    // A story kept whole whose children the page added, removed or moved is walked again (it keeps
    // its blocks by their number among the children), before any record turns it into its blocks.
    if (this.#lazy.size > 0) {
      for (const record of records) {
        const kept = record.type === 'childList' ? this.#lazy.get(record.target as Element) : undefined;
        if (kept) this.#walkStoryAgain(record.target as Element, kept);
      }
    }
    for (const record of records) {
      const target = record.target;
      if (isInsideSkipped(target, this.#root)) continue;
      // A story kept whole that changes becomes its blocks, which the change is then applied to.
      if (this.#lazy.size > 0) this.#materializeAround(target);
      const container = containerOf(target, this.#root);
      if (container) this.#dirty.add(container);
      if (record.type !== 'childList') continue;
      // Only a removed element can take a container with it; a replaced text node cannot.
      if (!this.#removals) for (const node of record.removedNodes) if (node.nodeType === Node.ELEMENT_NODE) this.#removals = true;
      for (const node of record.addedNodes) {
        if (node.nodeType === Node.ELEMENT_NODE) this.#added.add(node as Element);
      }
    }
    if (this.#dirty.size + this.#added.size === 0 && !this.#removals) return;
    if (this.#isSmallChange()) {
      this.#rescanNow();
      return;
    }
    this.#applyMutationsSoon();
  }

  /** Applies the changes gathered so far a little later: bursts of mutations are coalesced into one rescan. */
  #applyMutationsSoon(): void {
    if (this.#mutationTimer === undefined) this.#mutationTimer = setTimeout(() => this.#applyMutations(), MUTATION_DELAY_MS);
  }

  /**
   * Whether the pending change is only the text of a few small containers, with nothing else
   * under way: then it is rescanned at once (#rescanNow).
   */
  #isSmallChange(): boolean {
    if (this.#added.size > 0 || this.#removals || this.#mutationTimer !== undefined || this.#walkSeq !== 0) return false;
    if (!this.#firstPaintDone || this.#starting || this.#flushPending || this.#queue.pending > 0) return false;
    // A page that changes all the time has its changes coalesced, as before.
    if (performance.now() - this.#lastRescanNow < SMALL_CHANGE_INTERVAL_MS) return false;
    if (this.#dirty.size > SMALL_CHANGE_CONTAINERS) return false;
    for (const container of this.#dirty) {
      if (container.childElementCount > SMALL_CHANGE_ELEMENTS || (container.textContent?.length ?? 0) > SMALL_CHANGE_CHARS) return false;
    }
    return true;
  }

  /**
   * Rescans the dirty containers and registers what changed now, in the MutationObserver's
   * callback: a page that changes its text in an animation frame (or in a task before one) gets
   * its highlights in the same frame. The registry change then shares the repaint that the page's
   * own change costs anyway (on a million-character page each repaint walks the whole layout,
   * 20–40 ms), where a rescan in a task of its own, registered in a frame of its own, cost a
   * second such frame after every change (docs/architecture.md, "Small changes at once").
   */
  #rescanNow(): void {
    const t0 = performance.now();
    this.#lastRescanNow = t0;
    const saved = { timings: this.#timings, sliceStart: this.#sliceStart, workStart: this.#workStart, urgentRan: this.#urgentRan };
    const timings = (this.#timings = newTimings(false));
    this.#sliceStart = t0;
    const seq = ++this.#seq;
    for (const container of this.#dirty) {
      if (container.isConnected) this.#runJob({ container, own: true, seq, walker: null, full: false }, () => false);
    }
    this.#dirty.clear();
    this.#flush();
    const t1 = performance.now();
    timings.busyMs = t1 - t0;
    timings.slices = 1;
    timings.longestSliceMs = t1 - t0;
    this.#timings = saved.timings;
    this.#sliceStart = saved.sliceStart;
    this.#workStart = saved.workStart;
    this.#urgentRan = saved.urgentRan;
    this.#syncPaintMode();
    this.#scanDone(t0, t1, timings);
  }

  /** #materialize of the story kept whole that holds `node` (or is it), if there is one. */
  #materializeAround(node: Node): void {
    for (let el = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement; el && el !== this.#root; el = el.parentElement) {
      if (this.#lazy.has(el)) {
        this.#materialize(el);
        return;
      }
    }
  }

  #applyMutations(): void {
    this.#mutationTimer = undefined;
    if (this.#detached) return;
    if (this.#removals) {
      this.#removals = false;
      this.#states.forEach((state, container) => {
        if (!container.isConnected || !this.#root.contains(container)) this.#dropContainer(container, state);
      });
      this.#lazy.forEach((kept, el) => {
        if (!el.isConnected || !this.#root.contains(el)) this.#dropStory(el, kept);
      });
    }
    // New subtrees are walked (sliced, they may be a whole new page of an SPA); an element
    // inside another added one is walked with it.
    const added = [...this.#added].filter((el) => el.isConnected && !hasAncestorIn(el, this.#added, this.#root));
    this.#added.clear();
    const walkSeq = ++this.#seq;
    const jobs: Job[] = added.map((container) => ({ container, own: false, seq: walkSeq, walker: null, full: false }));
    // The dirty containers' own runs, after (newer than) the walks: a container that is both
    // added and dirty is then scanned once, by its own job.
    const ownSeq = ++this.#seq;
    for (const container of this.#dirty) {
      if (container.isConnected) jobs.push({ container, own: true, seq: ownSeq, walker: null, full: false });
    }
    this.#dirty.clear();
    if (jobs.length === 0) {
      // Only removals: unregister (in a frame of their own, like every registry change).
      this.#requestFlush(() => this.#scheduleChange());
      return;
    }
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

function hasAncestorIn(el: Element, set: Set<Element>, root: Element): boolean {
  for (let p = el.parentElement; p && p !== root; p = p.parentElement) if (set.has(p)) return true;
  return false;
}

/** Whether the page is scrolled to its very start (as it is when loaded without a fragment). */
function atTopOfPage(root: Element): boolean {
  const view = root.ownerDocument.defaultView;
  return !view || (view.scrollY === 0 && view.scrollX === 0);
}

/**
 * How far past the viewport ranges are registered: half a screen above and below. Every
 * registered range costs every frame after any change of the page (docs/architecture.md,
 * "Highlight windowing"); a whole screen each way (until session 10) registered 180 ranges in 56
 * text nodes at the top of the million-character page with dense 1,000 terms, and half a screen
 * 108 in 41, which took about 1 ms off each of the page's own text updates.
 */
const VIEW_MARGIN = '50% 0px 50% 0px';

/**
 * Whether an element's box meets `bounds` (an observer's root with its margin); true when the
 * observer gives no bounds (a cross-origin frame's).
 */
function nearBounds(el: Element, bounds: DOMRectReadOnly | null): boolean {
  if (!bounds) return true;
  const box = el.getBoundingClientRect();
  return box.bottom >= bounds.top && box.top <= bounds.bottom && box.right >= bounds.left && box.left <= bounds.right;
}

/** Columns and row spacing (px) of the grid of points that finds the containers in view. */
const VIEW_COLUMNS = 3;
const VIEW_ROW_PX = 20;

/**
 * The block containers under a grid of points over the viewport, in no particular order.
 * `elementFromPoint` finds the container even where a point misses the text (the margin of
 * a paragraph); text the grid misses is found by the walk a little later.
 */
function containersInView(root: Element): Element[] {
  const doc = root.ownerDocument;
  const view = doc.documentElement;
  const width = view.clientWidth;
  const height = view.clientHeight;
  const seen = new Set<Element>();
  const found: Element[] = [];
  for (let y = VIEW_ROW_PX / 2; y < height; y += VIEW_ROW_PX) {
    for (let col = 0; col < VIEW_COLUMNS; col++) {
      const hit = doc.elementFromPoint(((col + 0.5) * width) / VIEW_COLUMNS, y);
      if (!hit) continue;
      const container = containerOf(hit, root);
      if (!container || seen.has(container)) continue;
      seen.add(container);
      if (container !== root && !root.contains(container)) continue;
      if (isInsideSkipped(container, root)) continue;
      found.push(container);
    }
  }
  return found;
}

function compareInDocument(a: Node, b: Node): number {
  if (a === b) return 0;
  return a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
}
