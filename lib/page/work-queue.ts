/**
 * Runs many small jobs on the page's main thread in slices with a time budget,
 * yielding between slices so that no task grows long.
 *
 * It yields with a MessageChannel message, not `scheduler.yield()`: the latter's
 * continuations run ahead of the page's own tasks and delayed `load` by about 1.3 s
 * on a 1M-character page (design: "Measured in Chromium 156").
 */
export class WorkQueue<T> {
  #items: T[] = [];
  #head = 0;
  #running = false;
  #channel: MessageChannel | undefined;
  #resume: (() => void) | undefined;
  #detached = false;

  /**
   * @param run does one job
   * @param afterSlice runs after each slice (e.g. to flush batched highlight changes)
   * @param budgetMs how long a slice may run before it yields
   */
  constructor(
    readonly run: (item: T) => void,
    readonly afterSlice: (done: boolean) => void,
    readonly budgetMs = 8,
  ) {}

  /** Adds jobs; at the front when `urgent` (e.g. what is in view). */
  push(items: T[], urgent = false): void {
    if (this.#detached) return;
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

  get pending(): number {
    return this.#items.length - this.#head;
  }

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
        const deadline = performance.now() + this.budgetMs;
        while (this.#head < this.#items.length && performance.now() < deadline) {
          const item = this.#items[this.#head++] as T;
          this.run(item);
        }
        if (this.#head >= this.#items.length) {
          this.#items = [];
          this.#head = 0;
        }
        const done = this.#head >= this.#items.length;
        this.afterSlice(done);
        if (!done) await this.#yield();
      }
    } finally {
      this.#running = false;
    }
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
