/**
 * Turns of the event loop within a long run of work (a sync push of a large glossary). A `Turn` is
 * asked after each piece of work; it returns a promise (await it: the event loop runs other tasks
 * meanwhile) once the work since the last turn took its budget, and nothing otherwise. Why: in
 * Firefox an extension's background page and its extension pages share one main thread, and a
 * push of 10,600 entries laid them out in one 150 ms stretch, which held the options page still
 * (docs/architecture.md, "Whole tables read in pages").
 */
export type Turn = () => Promise<void> | undefined;

/** A Turn that never pauses: for work small enough, or run where nothing else waits (tests). */
export const noTurns: Turn = () => undefined;

/** Slices of work of about this many milliseconds between turns. */
export const TURN_BUDGET_MS = 8;

/** A Turn that gives the event loop a turn (a zero-delay timer) every `budgetMs` of work. */
export function timedTurns(budgetMs: number = TURN_BUDGET_MS, now: () => number = () => performance.now()): Turn {
  let sliceStart = now();
  return () => {
    if (now() - sliceStart < budgetMs) return undefined;
    return new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => {
      sliceStart = now();
    });
  };
}
