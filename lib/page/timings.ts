/**
 * TermLens's performance entries (`termlens:*`): the times of its stages, which bench/ and the
 * browser tests read from the page's performance timeline.
 *
 * A content script shares that timeline with the page. Written there always, the entries told
 * every page that TermLens is installed, even where the reader had paused it or turned it off for
 * the site, and more than which text is highlighted: the glossary's size (the matcher's fetch and
 * decode times) and how many occurrences the whole page holds. So they are written only where
 * storage says so (`timingsItem` in lib/settings.ts: bench/ and the tests set it). The content
 * script learns that only after it has started: entries made before are held, and then written
 * with their own times, or dropped.
 */

type Held = { kind: 'mark'; name: string; at: number } | { kind: 'measure'; name: string; options: PerformanceMeasureOptions };

/** Whether entries are written: undefined until the content script has read its storage. */
let enabled: boolean | undefined;
let held: Held[] = [];

/** What storage says: writes the entries held so far (with their own times) when `on`, else drops them. */
export function setTimingsEnabled(on: boolean): void {
  enabled = on;
  const pending = held;
  held = [];
  if (on) for (const entry of pending) write(entry);
}

/** A `performance.mark` at `at` (now by default), written only when entries are (see the file comment). */
export function timingMark(name: string, at = performance.now()): void {
  record({ kind: 'mark', name, at });
}

/** A `performance.measure` with explicit times, written only when entries are (see the file comment). */
export function timingMeasure(name: string, options: PerformanceMeasureOptions): void {
  record({ kind: 'measure', name, options });
}

/** Keeps only the newest measure of `name` in the timeline: drops the ones written before. */
export function clearTimingMeasures(name: string): void {
  if (enabled) performance.clearMeasures(name);
  else held = held.filter((entry) => entry.kind !== 'measure' || entry.name !== name);
}

function record(entry: Held): void {
  if (enabled) write(entry);
  else if (enabled === undefined) held.push(entry);
}

function write(entry: Held): void {
  if (entry.kind === 'mark') performance.mark(entry.name, { startTime: entry.at });
  else performance.measure(entry.name, entry.options);
}
