/**
 * Runs many small jobs on the page's main thread in slices with a time budget,
 * yielding between slices so that no task grows long.
 *
 * It yields with a MessageChannel message, not `scheduler.yield()`: the latter's
 * continuations run ahead of the page's own tasks and delayed `load` by about 1.3 s
 * on a 1M-character page (design: "Measured in Chromium 156").
 *
 * A job may be long (walking a whole page): it is given `overBudget` and may stop
 * early by returning `false`, and is then run again, first, in the next slice.
 */
export class WorkQueue<T> {
  #items: T[] = [];
  #head = 0;
  #running = false;
  #channel: MessageChannel | undefined;
  #resume: (() => void) | undefined;
  #detached = false;
  #deadline = 0;
  #held: Promise<void> | undefined;
  /** Whether the slice's time is up; `now` when the caller has just read the clock (WorkClock). */
  readonly #overBudget = (now = performance.now()) => now >= this.#deadline;

  /**
   * @param run does one job, or part of it: returning `false` means "not finished, run me again"
   * @param afterSlice runs after each slice (e.g. to flush batched highlight changes, with `hold`)
   * @param budgetMs how long a slice may run before it yields
   */
  constructor(
    readonly run: (item: T, overBudget: OverBudget) => boolean | void,
    readonly afterSlice: (done: boolean) => void,
    readonly budgetMs = 8,
  ) {}

  /**
   * Runs no slice until `until` settles (e.g. until a frame that repaints the page has rendered,
   * so that none of the queue's work lands in that frame). Holds add up.
   */
  hold(until: Promise<void>): void {
    const before = this.#held;
    const held: Promise<void> = before ? Promise.all([before, until]).then(() => undefined) : until;
    this.#held = held;
  }

  /** Adds jobs; at the front when `urgent` (e.g. what is in view). */
  push(items: T[], urgent = false): void {
    if (this.#detached || items.length === 0) return;
    if (urgent) {
      this.#items = [...items, ...this.#items.slice(this.#head)];
      this.#head = 0;
    } else {
      this.#items.push(...items);
    }
    if (!this.#running) void this.#drain();
  }

  /** Drops every job not yet run. */
  clear(): void {
    this.#items = [];
    this.#head = 0;
  }

  /** How many jobs wait (a job that stopped early counts until it finishes). */
  get pending(): number {
    return this.#items.length - this.#head;
  }

  /** Drops every job and never runs another. */
  detach(): void {
    this.#detached = true;
    this.clear();
    this.#channel?.port1.close();
    this.#resume?.();
  }

  async #drain(): Promise<void> {
    this.#running = true;
    try {
      while (!this.#detached && this.#head < this.#items.length) {
        const held = this.#held;
        if (held) {
          await held.catch(() => undefined);
          if (this.#held === held) this.#held = undefined;
          continue;
        }
        this.#deadline = performance.now() + this.budgetMs;
        // At least one job per slice, however small the budget: the queue always moves on.
        do {
          const items = this.#items;
          const item = items[this.#head] as T;
          let finished = true;
          try {
            finished = this.run(item, this.#overBudget) !== false;
          } catch (error) {
            // One failing job must not stop the queue for good: report it and go on.
            if (typeof reportError === 'function') reportError(error);
            else console.error(error);
          }
          // `run` may have pushed urgent jobs, which replaces the array: find the item again.
          if (finished) {
            if (this.#items === items) this.#head++;
            else this.#remove(item);
          }
          if (this.#detached) return;
        } while (this.#head < this.#items.length && !this.#overBudget());
        if (this.#head >= this.#items.length) {
          this.#items = [];
          this.#head = 0;
        }
        const done = this.#head >= this.#items.length;
        this.afterSlice(done);
        if (!done && !this.#held) await this.#yield();
      }
    } finally {
      this.#running = false;
    }
  }

  #remove(item: T): void {
    const index = this.#items.indexOf(item, this.#head);
    if (index >= 0) this.#items.splice(index, 1);
  }

  #yield(): Promise<void> {
    if (!this.#channel) {
      // Created on first use, never at module load: `wxt build` imports entry files in Node.
      this.#channel = new MessageChannel();
      this.#channel.port1.onmessage = () => {
        const resume = this.#resume;
        this.#resume = undefined;
        resume?.();
      };
    }
    return new Promise((resolve) => {
      this.#resume = resolve;
      this.#channel!.port2.postMessage(null);
    });
  }
}

/**
 * Runs `fn` in an animation-frame callback, `skip` frames from now, and resolves once that frame
 * has rendered. Where frames are not rendered (a hidden tab) it runs after 100 ms at most. It
 * resolves even when `fn` throws: a queue held on the promise must never stay held.
 */
export function inFrame(fn: () => void, skip = 0): Promise<void> {
  return new Promise((resolve) => {
    let ran = false;
    const run = () => {
      if (ran) return;
      ran = true;
      clearTimeout(timer);
      try {
        fn();
      } finally {
        // A task queued from the frame callback runs after that frame's rendering.
        setTimeout(resolve, 0);
      }
    };
    const timer = setTimeout(run, 100);
    if (typeof requestAnimationFrame !== 'function') {
      run();
      return;
    }
    const wait = (frames: number) => requestAnimationFrame(frames > 0 ? () => wait(frames - 1) : run);
    wait(skip);
  });
}

/**
 * Runs `fn` in the animation frame after the next one, and resolves once that frame has rendered
 * (see inFrame).
 *
 * Why not the next frame: a Long Animation Frame counts every task since rendering became
 * pending, and the task that asked for this (a slice of work, an IntersectionObserver report) has
 * often made rendering pending already (an `observe()` call does). Registering highlights makes
 * the frame repaint the whole page (20–40 ms on a million-character page), so that frame must
 * hold nothing else: the next frame takes what ran before, and `fn` runs at the start of the one
 * after, with nothing of ours before it (the caller holds its queue until this resolves).
 */
export function inCleanFrame(fn: () => void): Promise<void> {
  return inFrame(fn, 1);
}

/** Whether a slice's time is up, at `now` if given (the time the caller just read), else now. */
export type OverBudget = (now?: number) => boolean;

/** The most blocks between two looks at the clock (WorkClock). */
const MAX_STRIDE = 32;

/**
 * A slice's budget looked at after every few blocks rather than after each: `performance.now()`
 * costs about 1 µs in a content script (0.4–2 µs measured in Chromium 156's isolated world), and a
 * million-character page has 12,000 blocks, which four looks each had made 30–60 ms of its
 * matching. The stride adapts: it starts at one block, doubles (up to 32) while a stretch between
 * two looks takes under an eighth of the budget, and falls back to one when a stretch takes a
 * quarter or more, so that slow blocks (the first ones of a page, in code not optimised yet) are
 * still looked at one by one.
 */
export class WorkClock {
  #stride = 1;
  #blocks = 0;
  #lastLook = performance.now();

  constructor(
    private readonly check: OverBudget,
    private readonly budgetMs: number,
  ) {}

  /** After a block: whether the slice's time is up. Reads the clock once, for both questions. */
  overBudget(): boolean {
    if (++this.#blocks < this.#stride) return false;
    this.#blocks = 0;
    const now = performance.now();
    if (this.check(now)) return true;
    const stretch = now - this.#lastLook;
    this.#lastLook = now;
    if (stretch < this.budgetMs / 8) this.#stride = Math.min(this.#stride * 2, MAX_STRIDE);
    else if (stretch >= this.budgetMs / 4) this.#stride = 1;
    return false;
  }
}
