// Scripts the benchmark runs in a page's main world. They only read: TermLens's performance
// entries (the content script's isolated world shares the document's performance timeline, which
// the benchmark checked in Chromium 156), Long Animation Frame entries, the highlight registry
// (shared by both worlds) and frame timings. Passed to Playwright as functions.

/**
 * Installed before the page's own scripts (addInitScript). Collects into `window.__bench`:
 * - every `termlens:*` mark and measure (a PerformanceObserver, so that entries the content script
 *   clears later are still seen);
 * - Long Animation Frame entries;
 * - `firstFrame`: the end of the first rendered frame after DOMContentLoaded (rAF, then a task);
 * - `firstVisible`: the end of the first frame in which a `termlens-*` highlight range lies in the
 *   viewport (checked at every animation frame and right after it rendered, at most 200 ranges a
 *   highlight a look).
 */
export function installProbe() {
  const bench = {
    entries: [],
    loaf: [],
    dcl: null,
    firstFrame: null,
    firstVisible: null,
    firstVisibleRaf: null,
  };
  Object.defineProperty(window, '__bench', { value: bench });
  const keep = (list) => {
    for (const e of list.getEntries()) {
      if (!e.name.startsWith('termlens:')) continue;
      bench.entries.push({ name: e.name, type: e.entryType, startTime: e.startTime, duration: e.duration, detail: e.detail ?? null });
    }
  };
  new PerformanceObserver(keep).observe({ type: 'mark', buffered: true });
  new PerformanceObserver(keep).observe({ type: 'measure', buffered: true });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        bench.loaf.push({
          startTime: e.startTime,
          duration: e.duration,
          renderStart: e.renderStart,
          styleAndLayoutStart: e.styleAndLayoutStart,
          blockingDuration: e.blockingDuration,
          scripts: e.scripts.map((s) => ({
            sourceURL: s.sourceURL,
            invoker: s.invoker,
            invokerType: s.invokerType,
            duration: s.duration,
            forcedStyleAndLayoutDuration: s.forcedStyleAndLayoutDuration,
            startTime: s.startTime,
          })),
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {
    bench.loafUnsupported = true;
  }
  document.addEventListener('DOMContentLoaded', () => {
    bench.dcl = performance.now();
    requestAnimationFrame(() => setTimeout(() => (bench.firstFrame = performance.now()), 0));
  });
  const started = performance.now();
  // Whether a `termlens-*` range lies in the viewport now (at most 200 ranges a highlight).
  const inView = () => {
    const height = innerHeight;
    for (const [name, highlight] of CSS.highlights) {
      if (!name.startsWith('termlens-')) continue;
      let n = 0;
      for (const range of highlight) {
        if (++n > 200) break;
        const r = range.getBoundingClientRect();
        if (r.width > 0 && r.bottom > 0 && r.top < height) return true;
      }
    }
    return false;
  };
  // Looked at in each frame's animation-frame callback and again in a task right after that frame
  // rendered. The second look (session 7) sees ranges registered by a later callback of the same
  // frame, as TermLens's are (its flushes run in frame callbacks): the frame paints them, and the
  // first look alone put their first frame one frame late whenever TermLens's callback ran after
  // this one.
  const poll = () => {
    if (performance.now() - started > 20_000 || bench.firstVisible !== null) return;
    if (typeof CSS !== 'undefined' && CSS.highlights && document.readyState !== 'loading') {
      const frameAt = performance.now();
      if (inView()) {
        bench.firstVisibleRaf = frameAt;
        setTimeout(() => (bench.firstVisible = performance.now()), 0);
        return;
      }
      setTimeout(() => {
        if (bench.firstVisible !== null || bench.firstVisibleRaf !== null || !inView()) return;
        bench.firstVisibleRaf = frameAt;
        bench.firstVisible = performance.now();
      }, 0);
    }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
}

/**
 * The page's own text updates: `count` times, `intervalMs` apart, rewrites the top heading's text
 * inside an animation frame and times from the change to the end of that frame's rendering (a task
 * posted in the frame runs after its style, layout and paint). Resolves with the times in ms.
 */
export function pageTextUpdates([count, intervalMs]) {
  const heading = document.getElementById('ticker');
  const costs = [];
  const started = performance.now();
  return new Promise((resolve) => {
    let i = 0;
    const tick = () =>
      requestAnimationFrame(() => {
        i++;
        heading.textContent = `晋中日报 · 滚动新闻 第${i}条：推进西部大开发形成新格局`;
        const t0 = performance.now();
        setTimeout(() => {
          costs.push(performance.now() - t0);
          if (i < count) setTimeout(tick, intervalMs);
          else setTimeout(() => resolve({ costs, start: started, end: performance.now() }), 300);
        }, 0);
      });
    tick();
  });
}

/** The floor: a TreeWalker that only reads every text node, `repeat` times; times in ms. */
export function floorWalk(repeat) {
  const times = [];
  let chars = 0;
  let nodes = 0;
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    let c = 0;
    let n = 0;
    while (walker.nextNode()) {
      c += walker.currentNode.data.length;
      n++;
    }
    times.push(performance.now() - t0);
    chars = c;
    nodes = n;
  }
  return { times, chars, nodes };
}

/** mark.js as readers use it: every form, `acrossElements`, on the whole body; resolves with its time and count. */
export function runMarkJs(terms) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    try {
      // eslint-disable-next-line no-undef
      new Mark(document.body).mark(terms, {
        acrossElements: true,
        separateWordSearch: false,
        done: (total) => resolve({ ms: performance.now() - t0, matches: total }),
      });
    } catch (error) {
      resolve({ ms: performance.now() - t0, error: `${error.name}: ${error.message}` });
    }
  });
}
