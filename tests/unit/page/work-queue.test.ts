import { describe, expect, it, vi } from 'vitest';
import { WorkQueue } from '../../../lib/page/work-queue';

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

  it('waits for the next animation frame before going on when a slice asks it to', async () => {
    const frames: number[] = [];
    const raf = (callback: FrameRequestCallback) => {
      frames.push(1);
      return setTimeout(() => callback(performance.now()), 5) as unknown as number;
    };
    Object.assign(globalThis, { requestAnimationFrame: raf });
    try {
      const ran: number[] = [];
      const inFrame: number[] = [];
      const { queue, done } = whenDone((after) =>
        new WorkQueue<number>((job) => {
          ran.push(job);
          busy(2);
        }, (isDone) => {
          after(isDone);
          return ran.length === 1 ? () => inFrame.push(ran.length) : undefined;
        }, 1),
      );
      queue.push([1, 2, 3]);
      await done;
      expect(ran).toEqual([1, 2, 3]);
      expect(frames).toHaveLength(1);
      // Run in that frame, before the queue went on.
      expect(inFrame).toEqual([1]);
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
