import { describe, expect, it, vi } from 'vitest';
import { inCleanFrame, WorkClock, WorkQueue } from '../../../lib/page/work-queue';

/** Resolves once the queue has run its last slice. */
function whenDone<T>(make: (afterSlice: (done: boolean) => void) => WorkQueue<T>) {
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  const queue = make((isDone) => {
    if (isDone) resolve();
  });
  return { queue, done };
}

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    /* spin */
  }
};

describe('WorkQueue', () => {
  it('runs jobs in the order pushed, urgent ones first', async () => {
    const ran: string[] = [];
    const { queue, done } = whenDone((after) => {
      const q: WorkQueue<string> = new WorkQueue<string>((job) => {
        ran.push(job);
        // Pushed while the queue is busy: the urgent job overtakes the two before it.
        if (job === 'a') {
          q.push(['b', 'c']);
          q.push(['urgent'], true);
        }
      }, after, 1000);
      return q;
    });
    queue.push(['a']);
    await done;
    expect(ran).toEqual(['a', 'urgent', 'b', 'c']);
  });

  it('yields between slices when a slice runs over its budget', async () => {
    const slices: boolean[] = [];
    const { queue, done } = whenDone((after) =>
      new WorkQueue<number>(() => busy(3), (isDone) => {
        slices.push(isDone);
        after(isDone);
      }, 5),
    );
    queue.push([1, 2, 3, 4, 5, 6]);
    await done;
    expect(slices.length).toBeGreaterThanOrEqual(3);
    expect(slices.at(-1)).toBe(true);
    expect(slices.slice(0, -1).every((d) => d === false)).toBe(true);
  });

  it('runs a job that stopped early again, first, until it says it is finished', async () => {
    const ran: string[] = [];
    let parts = 3;
    const { queue, done } = whenDone((after) =>
      new WorkQueue<string>((job, overBudget) => {
        ran.push(job);
        if (job !== 'long') return true;
        // Works until the budget is spent, three times over.
        while (!overBudget()) busy(0.2);
        return --parts === 0;
      }, after, 2),
    );
    queue.push(['long', 'next']);
    await done;
    expect(ran).toEqual(['long', 'long', 'long', 'next']);
  });

  it('runs urgent jobs pushed during a long job before that job goes on', async () => {
    const ran: string[] = [];
    let pushed = false;
    let parts = 2;
    const { queue, done } = whenDone((after) => {
      const q: WorkQueue<string> = new WorkQueue<string>((job, overBudget) => {
        ran.push(job);
        if (job !== 'walk') return true;
        if (!pushed) {
          pushed = true;
          q.push(['in-view'], true);
        }
        while (!overBudget()) busy(0.2);
        return --parts === 0;
      }, after, 2);
      return q;
    });
    queue.push(['walk', 'later']);
    await done;
    expect(ran).toEqual(['walk', 'in-view', 'walk', 'later']);
  });

  it('runs at least one job per slice even with no budget at all', async () => {
    const ran: number[] = [];
    const { queue, done } = whenDone((after) => new WorkQueue<number>((job) => void ran.push(job), after, 0));
    queue.push([1, 2, 3]);
    await done;
    expect(ran).toEqual([1, 2, 3]);
  });

  it('reports a job that throws and goes on with the next', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const ran: number[] = [];
    const { queue, done } = whenDone((after) =>
      new WorkQueue<number>((job) => {
        if (job === 2) throw new Error('boom');
        ran.push(job);
      }, after),
    );
    queue.push([1, 2, 3]);
    await done;
    expect(ran).toEqual([1, 3]);
    expect(errors).toHaveBeenCalledTimes(1);
    errors.mockRestore();
  });

  it('runs no slice while held, and goes on when the hold settles', async () => {
    const ran: number[] = [];
    let release!: () => void;
    const { queue, done } = whenDone((after) =>
      new WorkQueue<number>((job) => {
        ran.push(job);
        busy(2);
      }, (isDone) => {
        after(isDone);
        // The first slice asks for a hold (as a flush of highlights does).
        if (ran.length === 1) queue.hold(new Promise<void>((r) => (release = r)));
      }, 1),
    );
    queue.push([1, 2, 3]);
    await new Promise((r) => setTimeout(r, 30));
    expect(ran).toEqual([1]);
    // Holds add up: a second one made while held is waited for too.
    let releaseSecond!: () => void;
    queue.hold(new Promise<void>((r) => (releaseSecond = r)));
    release();
    await new Promise((r) => setTimeout(r, 30));
    expect(ran).toEqual([1]);
    releaseSecond();
    await done;
    expect(ran).toEqual([1, 2, 3]);
  });

  it('inCleanFrame runs its function in the frame after the next, and resolves after that frame', async () => {
    const callbacks: FrameRequestCallback[] = [];
    Object.assign(globalThis, { requestAnimationFrame: (cb: FrameRequestCallback) => callbacks.push(cb) });
    try {
      const order: string[] = [];
      const finished = inCleanFrame(() => order.push('fn')).then(() => order.push('resolved'));
      // Frame 1: only asks for frame 2.
      expect(callbacks).toHaveLength(1);
      callbacks.shift()!(0);
      expect(order).toEqual([]);
      expect(callbacks).toHaveLength(1);
      // Frame 2: runs the function; the promise settles in a task after it.
      callbacks.shift()!(16);
      expect(order).toEqual(['fn']);
      await finished;
      expect(order).toEqual(['fn', 'resolved']);
    } finally {
      Reflect.deleteProperty(globalThis, 'requestAnimationFrame');
    }
  });

  it('inCleanFrame resolves even when its function throws, so that a queue held on it goes on', async () => {
    Object.assign(globalThis, { requestAnimationFrame: (cb: FrameRequestCallback) => setTimeout(() => cb(0), 1) });
    const errors: unknown[] = [];
    const onError = (error: unknown) => errors.push(error);
    process.on('uncaughtException', onError);
    try {
      const ran: number[] = [];
      const { queue, done } = whenDone((after) => new WorkQueue<number>((job) => void ran.push(job), after, 0));
      queue.hold(inCleanFrame(() => {
        throw new Error('flush failed');
      }));
      queue.push([1, 2]);
      await done;
      expect(ran).toEqual([1, 2]);
      expect(errors.map((e) => String(e))).toEqual(['Error: flush failed']);
    } finally {
      process.off('uncaughtException', onError);
      Reflect.deleteProperty(globalThis, 'requestAnimationFrame');
    }
  });

  it('inCleanFrame still runs where no frame comes (a hidden tab), after 100 ms', async () => {
    Object.assign(globalThis, { requestAnimationFrame: () => 0 });
    try {
      let ran = false;
      const t0 = performance.now();
      await inCleanFrame(() => (ran = true));
      expect(ran).toBe(true);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(95);
    } finally {
      Reflect.deleteProperty(globalThis, 'requestAnimationFrame');
    }
  });

  it('runs nothing more after detach', async () => {
    const ran: number[] = [];
    const queue = new WorkQueue<number>((job) => {
      busy(2);
      ran.push(job);
    }, () => {}, 1);
    queue.push([1, 2, 3, 4]);
    queue.detach();
    queue.push([5]);
    await new Promise((r) => setTimeout(r, 30));
    expect(ran.length).toBeLessThanOrEqual(1);
    expect(queue.pending).toBe(0);
  });
});

describe('WorkClock', () => {
  /** A clock whose blocks each take `blockMs` of fake time; returns which blocks it looked after. */
  function run(blockMs: (block: number) => number, blocks: number, budgetMs = 8) {
    let now = 0;
    const spy = vi.spyOn(performance, 'now').mockImplementation(() => now);
    try {
      const looks: number[] = [];
      const clock = new WorkClock(() => {
        looks.push(block);
        return false;
      }, budgetMs);
      let block = 0;
      for (block = 1; block <= blocks; block++) {
        now += blockMs(block);
        clock.overBudget();
      }
      return looks;
    } finally {
      spy.mockRestore();
    }
  }

  it('looks after every block while blocks are slow', () => {
    expect(run(() => 3, 10)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('looks less often while blocks are quick, up to every 32 blocks', () => {
    const looks = run(() => 0.01, 200);
    // Strides 1, 2, 4, 8, 16, 32, 32, …
    expect(looks.slice(0, 8)).toEqual([1, 3, 7, 15, 31, 63, 95, 127]);
  });

  it('falls back to every block when a stretch takes a quarter of the budget', () => {
    // Quick blocks, then from block 40 on slow ones: the stride drops back to one block.
    const looks = run((block) => (block < 40 ? 0.01 : 3), 70);
    expect(looks.filter((b) => b > 63)).toEqual([64, 65, 66, 67, 68, 69, 70]);
  });

  it('reads the clock once a look, and hands that time to the budget check', () => {
    let reads = 0;
    let now = 0;
    const spy = vi.spyOn(performance, 'now').mockImplementation(() => {
      reads++;
      return now;
    });
    try {
      const seen: (number | undefined)[] = [];
      const clock = new WorkClock((at) => {
        seen.push(at);
        return false;
      }, 8);
      reads = 0;
      for (let block = 0; block < 3; block++) {
        now += 10;
        clock.overBudget();
      }
      // Each 10 ms stretch is over a quarter of the budget: a look after every block.
      expect(reads).toBe(3);
      expect(seen).toEqual([10, 20, 30]);
    } finally {
      spy.mockRestore();
    }
  });

  it('says when the budget is up', () => {
    let calls = 0;
    // A budget of 0: every stretch is long, so every block is looked after.
    const clock = new WorkClock(() => ++calls >= 2, 0);
    const answers = Array.from({ length: 2 }, () => clock.overBudget());
    expect(answers).toEqual([false, true]);
  });
});
