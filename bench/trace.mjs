// Reads a Chromium trace (CDP Tracing, categories devtools.timeline + blink.user_timing) of one
// page: its animation frames with their rendering phase, the content script's evaluation, and the
// clock offset between the trace and the page's performance timeline.

/** Starts tracing on a CDP session; returns a function that stops it and resolves with the events. */
export async function startTrace(cdp) {
  const events = [];
  const onData = (e) => {
    for (const ev of e.value) events.push(ev);
  };
  cdp.on('Tracing.dataCollected', onData);
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['devtools.timeline', 'blink.user_timing'] },
    transferMode: 'ReportEvents',
  });
  return async () => {
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await complete;
    cdp.off('Tracing.dataCollected', onData);
    return events;
  };
}

/**
 * Frames and script evaluation of the page's main thread, in the page's performance-timeline
 * milliseconds. The main thread is the one that logged `termlens:start` (or any user timing).
 */
export function analyseTrace(events) {
  const timing = events.find((e) => e.cat === 'blink.user_timing' && (e.args?.startTime !== undefined || e.args?.data?.startTime !== undefined));
  if (!timing) return null;
  const { pid, tid } = timing;
  const startTime = timing.args.startTime ?? timing.args.data.startTime;
  const offset = timing.ts / 1000 - startTime;
  const toPerf = (ts) => ts / 1000 - offset;
  const main = events.filter((e) => e.pid === pid && e.tid === tid).sort((a, b) => a.ts - b.ts);

  // AnimationFrame, ::Render and ::StyleAndLayout are async b/e pairs that share one id; each name
  // nests only in the others, so pair each name's b with its next e.
  const open = new Map();
  const frames = [];
  const renders = [];
  for (const e of main) {
    if (e.name !== 'AnimationFrame' && e.name !== 'AnimationFrame::Render') continue;
    if (e.ph === 'b') open.set(e.name, e);
    else if (e.ph === 'e' && open.has(e.name)) {
      const b = open.get(e.name);
      open.delete(e.name);
      const span = { start: toPerf(b.ts), end: toPerf(e.ts), duration: (e.ts - b.ts) / 1000 };
      if (e.name === 'AnimationFrame') {
        const info = b.args?.animation_frame_timing_info ?? {};
        frames.push({ ...span, blocking: info.blocking_duration_ms ?? null });
      } else renders.push(span);
    }
  }
  for (const f of frames) {
    const r = renders.find((x) => x.start >= f.start - 0.01 && x.end <= f.end + 0.01);
    f.render = r ? r.duration : 0;
    f.renderStart = r ? r.start : null;
  }
  const paints = main.filter((e) => e.ph === 'X' && (e.name === 'Paint' || e.name === 'PrePaint' || e.name === 'Layerize' || e.name === 'Commit'));
  const evaluation = main
    .filter((e) => e.name === 'EvaluateScript' && String(e.args?.data?.url ?? '').includes('/content-scripts/content.js'))
    .map((e) => ({ start: toPerf(e.ts), duration: e.dur / 1000 }));
  const complete = main.filter((e) => e.ph === 'X' && e.dur > 0);
  return {
    frames,
    renders,
    /** Main-thread time by trace event name inside [from, to) (an event nested in one of the same name counts once), largest first. */
    breakdown(from, to, top = 6) {
      const sums = new Map();
      const until = new Map();
      for (const e of complete) {
        const t = toPerf(e.ts);
        if (t < from || t >= to || e.ts < (until.get(e.name) ?? -Infinity)) continue;
        until.set(e.name, e.ts + e.dur);
        sums.set(e.name, (sums.get(e.name) ?? 0) + e.dur / 1000);
      }
      return [...sums].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, ms]) => ({ name, ms: Math.round(ms * 10) / 10 }));
    },
    /** Paint-phase work (pre-paint, paint, layerize, commit) inside [from, to), in ms. */
    paintBetween(from, to) {
      // Paint events nest (the document's, then its layers'): count only the outermost.
      let sum = 0;
      let coveredUntil = -Infinity;
      for (const e of paints) {
        const t = toPerf(e.ts);
        if (t < from || t >= to || e.ts < coveredUntil) continue;
        sum += e.dur / 1000;
        coveredUntil = e.ts + e.dur;
      }
      return sum;
    },
    contentScriptEvaluationMs: evaluation.reduce((s, e) => s + e.duration, 0),
  };
}
