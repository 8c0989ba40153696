import { describe, expect, it } from 'vitest';
import { timedTurns } from '@/lib/sync/turns';

describe('timed turns of the event loop', () => {
  it('asks for a turn only once the work since the last one took its budget, and starts the next slice after it', async () => {
    let clock = 0;
    const turn = timedTurns(8, () => clock);
    clock = 7.9;
    expect(turn()).toBeUndefined();
    // A timer queued before the turn runs before the work goes on.
    let timerRan = false;
    setTimeout(() => (timerRan = true), 0);
    clock = 8;
    const pause = turn();
    expect(pause).toBeInstanceOf(Promise);
    clock = 20;
    await pause;
    expect(timerRan).toBe(true);
    // The slice starts when the turn ends (20), not when it was asked for.
    clock = 27;
    expect(turn()).toBeUndefined();
    clock = 28;
    expect(turn()).toBeInstanceOf(Promise);
  });
});
