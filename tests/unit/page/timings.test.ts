// The performance entries a page could read (lib/page/timings.ts): written only when storage says so.
import { afterEach, describe, expect, it, vi } from 'vitest';

/** A fresh copy of the module (its state is module-wide), with the timeline cleared. */
async function freshTimings() {
  vi.resetModules();
  performance.clearMarks();
  performance.clearMeasures();
  return import('../../../lib/page/timings');
}

const ours = () => performance.getEntries().filter((e) => e.name.startsWith('termlens:')).map((e) => e.name);

afterEach(() => {
  performance.clearMarks();
  performance.clearMeasures();
});

describe('timings', () => {
  it('holds the entries made before storage is read, then writes them with their own times', async () => {
    const t = await freshTimings();
    const startedAt = performance.now() - 50;
    t.timingMark('termlens:start', startedAt);
    t.timingMeasure('termlens:get-matcher', { start: startedAt, end: startedAt + 20, detail: { n: 1 } });
    expect(ours()).toEqual([]);
    t.setTimingsEnabled(true);
    expect(ours().sort()).toEqual(['termlens:get-matcher', 'termlens:start']);
    expect(performance.getEntriesByName('termlens:start')[0]!.startTime).toBeCloseTo(startedAt, 3);
    const measure = performance.getEntriesByName('termlens:get-matcher')[0] as PerformanceMeasure;
    expect(measure.duration).toBeCloseTo(20, 3);
    expect(measure.detail).toEqual({ n: 1 });
    // From then on, written at once; a cleared name keeps only the newest.
    t.timingMeasure('termlens:scan', { start: 0, end: 1 });
    t.clearTimingMeasures('termlens:scan');
    t.timingMeasure('termlens:scan', { start: 0, end: 2 });
    expect(performance.getEntriesByName('termlens:scan').map((e) => e.duration)).toEqual([2]);
  });

  it('drops the held entries, and writes none, when storage says no', async () => {
    const t = await freshTimings();
    t.timingMark('termlens:start');
    t.timingMeasure('termlens:evaluate', { start: 0, end: 1 });
    t.setTimingsEnabled(false);
    t.timingMeasure('termlens:scan', { start: 0, end: 1 });
    t.timingMark('termlens:dom-ready');
    expect(ours()).toEqual([]);
    // A later yes writes only what comes after it.
    t.setTimingsEnabled(true);
    t.timingMark('termlens:dom-ready');
    expect(ours()).toEqual(['termlens:dom-ready']);
  });
});
