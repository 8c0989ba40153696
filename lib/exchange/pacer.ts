/**
 * Cooperative pacing for long parses. The options page parses on its own main thread,
 * so a 50 MB import must hand the thread back now and then, and say how far it got.
 */

/** Options every parser accepts. */
export interface ParseOptions {
  /** Called with the fraction done, 0…1, every `yieldEvery` records, and with 1 at the end. */
  onProgress?: (fraction: number) => void;
  /** Records between two yields to the event loop; default 2000. */
  yieldEvery?: number;
}

const DEFAULT_YIELD_EVERY = 2000;

/**
 * A macrotask yield. `setTimeout` rather than `scheduler.yield()` or a microtask: only a
 * macrotask lets input and paint run, and the design measured that it shares the thread
 * fairly. It exists in service workers and the options page alike.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Counts records and says when to report progress and yield. */
export class Pacer {
  readonly #every: number;
  readonly #onProgress: ((fraction: number) => void) | undefined;
  #count = 0;

  constructor(options: ParseOptions = {}) {
    this.#every = Math.max(1, Math.floor(options.yieldEvery ?? DEFAULT_YIELD_EVERY));
    this.#onProgress = options.onProgress;
  }

  /** Counts one record; true when the caller should `await pause(...)` now. */
  tick(): boolean {
    this.#count++;
    return this.#count % this.#every === 0;
  }

  /** Reports progress and yields one macrotask. */
  async pause(fraction: number): Promise<void> {
    this.#onProgress?.(Math.min(1, Math.max(0, fraction)));
    await yieldToEventLoop();
  }

  /** Reports that the parse is done. */
  finish(): void {
    this.#onProgress?.(1);
  }
}
