// No jank on a page of a million characters (issue 3, "No jank"): the reference text 200 times
// (tests/fixtures/pages/large-page.mjs, 1.1 M characters, about 17,000 occurrences with the
// starter glossary). Measured with Long Animation Frame entries, which see the rendering cost of
// highlight ranges that the Long Tasks API misses (design: "Measured in Chromium 156").
//
// Thresholds are the issue's: what is in view highlighted within a second, no frame over 50 ms.
// The test machines are shared, so wall-clock figures stretch with the load: "within a second" is
// scaled by load average ÷ cores when that is above 1 (the failure message says so), and a frame's
// length is judged by the main thread's own work in it, from a trace (its wall-clock length is
// printed beside). The numbers are printed either way.

import type { CDPSession } from 'playwright-core';
import type { Browser } from 'wxt/browser';
import { describe, expect, it } from 'vitest';
import { largePage } from '../fixtures/pages/large-page.mjs';
import { useBrowserSuite } from './harness';
import {
  domReadyMarked,
  expectInViewAfterJump,
  expectInViewAtEveryScroll,
  FIRST_SCREEN_TIMEOUT_MS,
  JUMP_PATH,
  LARGE_PAGE_PATH,
  loadFactor,
  readFullScan,
  waitForFullScan,
} from './shared-large-page';

const suite = useBrowserSuite({ timings: true });

/** Records every Long Animation Frame from the start of the page, before any other script. */
const LOAF_RECORDER = `<script>
window.__loaf = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__loaf.push({ start: e.startTime, duration: e.duration, blocking: e.blockingDuration, render: e.renderStart ? e.startTime + e.duration - e.renderStart : 0 });
}).observe({ type: 'long-animation-frame', buffered: true });
</script>`;

interface Frame {
  start: number;
  duration: number;
  blocking: number;
  render: number;
}

/** Turns TermLens off on `localhost` (the same server, another host name) for the bare page. */
async function excludeLocalhost() {
  const worker = await suite.browser.serviceWorker();
  await worker.evaluate(async () => {
    const chrome = (globalThis as unknown as { chrome: typeof Browser }).chrome;
    await chrome.storage.local.set({
      settings: { enabled: true, siteMode: 'everywhere-except', excludedSites: ['localhost'], includedSites: [], updatedAt: Date.now() },
    });
  });
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; chrome_mojo_event_info?: { mojo_interface_tag?: string } };
}

async function readTrace(cdp: CDPSession): Promise<TraceEvent[]> {
  const complete = new Promise<{ stream?: string }>((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  const { stream } = await complete;
  let data = '';
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle: stream! });
    data += chunk.data;
    if (chunk.eof) break;
  }
  const parsed = JSON.parse(data) as TraceEvent[] | { traceEvents: TraceEvent[] };
  return Array.isArray(parsed) ? parsed : parsed.traceEvents;
}

/**
 * The main thread's own time (ms) in each frame: the thread time of the renderer main thread's
 * top-level tasks within the frame's span, less the tasks that carried a DevTools message (the
 * test driver's own work in the page, printed beside). The page clock and the trace clock are
 * tied by the `termlens:start` mark, which both record.
 */
function frameThreadTimes(events: TraceEvent[], startMark: number, frames: Frame[]): { page: number; devtools: number }[] {
  const mark = events.find((e) => e.name === 'termlens:start');
  if (!mark) return [];
  const main = events.find((e) => e.name === 'thread_name' && e.pid === mark.pid && e.args?.name === 'CrRendererMain');
  if (!main) return [];
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
  const tasks = onMain.filter((e) => e.name === 'ThreadControllerImpl::RunTask');
  const devtoolsMessages = onMain.filter((e) => e.name === 'Receive mojo message' && e.args?.chrome_mojo_event_info?.mojo_interface_tag === 'blink.mojom.DevToolsSession');
  const fromDevtools = (task: TraceEvent) => devtoolsMessages.some((m) => m.ts >= task.ts && m.ts < task.ts + (task.dur ?? 0));
  const toTrace = (ms: number) => mark.ts + (ms - startMark) * 1000;
  return frames.map((frame) => {
    const a = toTrace(frame.start);
    const b = toTrace(frame.start + frame.duration);
    const time = { page: 0, devtools: 0 };
    for (const task of tasks) {
      const end = task.ts + (task.dur ?? 0);
      const overlap = Math.min(end, b) - Math.max(task.ts, a);
      if (overlap <= 0 || !task.dur) continue;
      time[fromDevtools(task) ? 'devtools' : 'page'] += ((task.tdur ?? 0) * (overlap / task.dur)) / 1000;
    }
    return time;
  });
}

describe('a page of a million characters', () => {
  it('shows every occurrence in view within a second at the top, 25 %, 50 %, 75 % and 100 %, registering only what is near the viewport', async () => {
    const url = suite.server.page(LARGE_PAGE_PATH, largePage());
    const { page, errors } = await suite.newPage();
    await page.goto(url);
    await expectInViewAtEveryScroll(page, '');
    expect(errors.pageErrors).toEqual([]);
  });

  it('shows what is in view within a second after a jump to the middle while the first walk is still under way', async () => {
    const url = suite.server.page(JUMP_PATH, largePage());
    const { page } = await suite.newPage();
    await page.goto(url, { waitUntil: 'commit' });
    // As soon as TermLens starts on the complete DOM (it starts at document_start and waits for
    // it), before its walk can have reached the middle of the page.
    await page.waitForFunction(domReadyMarked, null, { timeout: FIRST_SCREEN_TIMEOUT_MS, polling: 20 });
    await expectInViewAfterJump(page, '');
  });

  // The goal: no frame after load over 50 ms. Judged by the main thread's own work in each
  // Long Animation Frame (from a trace), because the test machines are shared and a frame's
  // wall-clock length also holds time the renderer waited for a core; both are printed. Tasks
  // that carried a DevTools message are the test driver's, not the page's, and are left out (and
  // printed): in session 2 Playwright's `waitForFunction` injected its 330 KB script into the
  // first frame after load, 20–30 ms that were counted as TermLens's.
  it('runs no Long Animation Frame after load over 50 ms of main-thread work', async () => {
    // The bare page first (TermLens off on localhost): how long its own frames are after load.
    await excludeLocalhost();
    const path = '/large/loaf.html';
    suite.server.page(path, largePage({ head: LOAF_RECORDER }));
    const bare = await suite.newPage();
    await bare.page.goto(`http://localhost:${suite.server.port}${path}`);
    await bare.page.waitForTimeout(3000);
    const bareFrames = await bare.page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return (window as unknown as { __loaf: Frame[] }).__loaf.filter((f) => f.start >= nav.loadEventEnd);
    });
    await bare.page.close();

    const { page, errors } = await suite.newPage();
    // A trace beside the frames: the test machines are shared, so a frame's wall-clock length
    // also holds time the renderer waited for a core. The trace's thread time says how much of
    // each frame was the main thread's own work.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['toplevel', 'mojom', 'blink.user_timing'] }, transferMode: 'ReturnAsStream' });
    await page.goto(suite.server.url(path));
    const scan = await waitForFullScan(() => page.evaluate(readFullScan));
    await page.waitForTimeout(1000);
    const measured = await page.evaluate((scanStart) => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      // After load, and after TermLens began: the page's own load frames are not TermLens's.
      const from = Math.max(nav.loadEventEnd, scanStart);
      return { from, frames: (window as unknown as { __loaf: Frame[] }).__loaf.filter((f) => f.start >= from) };
    }, scan.start);
    const trace = await readTrace(cdp);
    const times = frameThreadTimes(trace, scan.start, measured.frames);
    const cpu = times.map((t) => t.page);

    const worst = Math.max(0, ...measured.frames.map((f) => f.duration));
    const worstCpu = Math.max(0, ...cpu);
    console.log(
      'large page, long animation frames after load (ms after TermLens started + wall ms, render ms):',
      JSON.stringify(measured.frames.map((f) => `${Math.round(f.start - scan.start)}+${Math.round(f.duration)} (${Math.round(f.render)})`)),
      '; main-thread time in each (ms):',
      JSON.stringify(cpu.map((t) => Math.round(t))),
      '; the test driver\'s DevTools tasks in each, not counted (ms):',
      JSON.stringify(times.map((t) => Math.round(t.devtools))),
      `; worst ${Math.round(worst)} ms wall, ${Math.round(worstCpu)} ms thread; scan ${Math.round(scan.end - scan.start)} ms,`,
      JSON.stringify(scan.detail),
      '; bare page after load:',
      JSON.stringify(bareFrames.map((f) => Math.round(f.duration))),
      `; load factor ${loadFactor().toFixed(2)}`,
    );
    expect(bareFrames.filter((f) => f.duration > 50)).toEqual([]);
    expect(cpu.length).toBe(measured.frames.length);
    expect(cpu.filter((t) => t > 50), `frames over 50 ms of main-thread work (${Math.round(worst)} ms wall at worst)`).toEqual([]);
    expect(errors.pageErrors).toEqual([]);
  });
});
