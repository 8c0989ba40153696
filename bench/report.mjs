// Turns the benchmark's results into the printed table, docs/benchmarks.md and docs/benchmarks.json,
// and checks them against the budgets of issue 7 (reported, not asserted).
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DOCS = fileURLToPath(new URL('../docs/', import.meta.url));

export function median(values) {
  const v = values.filter((x) => typeof x === 'number' && !Number.isNaN(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

const ms = (v) => (v === null || v === undefined || Number.isNaN(v) ? '–' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const ratio = (a, b) => (a === null || b === null || a === undefined || b === undefined || b === 0 ? '–' : `${(a / b).toFixed(a / b >= 10 ? 0 : 1)}×`);
/** A difference in ms with its sign. */
const signedMs = (v) => (v === null || v === undefined || Number.isNaN(v) ? '–' : `${v >= 0 ? '+' : '−'}${ms(Math.abs(v))}`);
/**
 * TermLens's share of the page's own text update: the median with TermLens less the median of the
 * loads without it in between (run.mjs, pairedOffRun); null without those loads.
 */
export const updateShareMs = (updates, pairedOff) =>
  updates && pairedOff ? updates.changeToRenderedMedianMs - pairedOff.changeToRenderedMedianMs : null;
/** ", without TermLens in loads in between X ms", for a glossary's text updates. */
const pairedShare = (t) => {
  const p = t.pairedOffUpdates;
  if (!p) return '';
  return `; without TermLens, in loads in between: ${ms(p.changeToRenderedMedianMs)}, so TermLens's share ${signedMs(updateShareMs(t.updates, p))}`;
};
const int = (v) => (v === null || v === undefined ? '–' : v.toLocaleString('en-US'));

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** The machine, and the code as git sees it now (run.mjs reads it before the run, when its build was made). */
export function machine() {
  const run = (cmd) => {
    try {
      return execSync(cmd, { encoding: 'utf8' }).trim();
    } catch {
      return '?';
    }
  };
  return {
    nproc: run('nproc'),
    cpu: run("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").trim(),
    free: run('free -h'),
    chromium: run('/usr/bin/chromium --version 2>/dev/null || echo ?'),
    node: process.version,
    commit: run('git rev-parse --short HEAD'),
    uncommitted: run('git status --short -- lib entrypoints components').split('\n').filter(Boolean).map((l) => l.trim()),
    date: new Date().toISOString(),
  };
}

/**
 * Main-thread time of TermLens's work on a page: decoding the matcher, and its slices and block
 * collection. Like the floor (a walk) and mark.js (its `mark` call), it leaves out evaluating the
 * script itself, a cost of every page whatever its size, shown apart as *script eval*.
 */
export const mainThread = (t) => (t.busyMs ?? 0) + (t.decodeMs ?? 0);

/** mainThread of each of a summary's page loads (its `runs`). */
const loadsMainThread = (t) => t.runs.map((x) => mainThread({ busyMs: x.scan?.busyMs, decodeMs: x.decodeMs }));

/** mainThread of each load of the framed page (summariseFramed's `loads`): the sum over its frames. */
export const framedLoadsMainThread = (loads) => loads.map((frames) => frames.reduce((total, frame) => total + mainThread(frame), 0));

/** The summary of TermLens's loads of glossary `name` on `copies` copies, if the run has one. */
const termlensOf = (results, name, copies) => results.termlens.find((t) => t.glossary === name && t.copies === copies);

/** Per-load times as the report lists them. */
const loadsText = (values) => values.map((v) => v.toFixed(0)).join(' ');

/** TermLens's array buffer stores on a page (`t`'s minus those without TermLens, `off`), or null where either run did not measure them. */
const termlensStoresMB = (t, off) => (t.storesMB != null && off.storesMB != null ? t.storesMB - off.storesMB : null);

/** The floor: the first walk on a freshly loaded page, as a content script's walk always is (no JS wrappers exist yet). */
const floorMs = (results, r) => results.floor[r]?.firstMs ?? null;

function budgets(results) {
  const tl = (name, copies) => termlensOf(results, name, copies);
  const mark = (name, copies) => results.markjs.find((m) => m.glossary === name && m.copies === copies);
  const out = [];
  const add = (budget, value, limit, met, note) => out.push({ budget, value, limit, met, note });

  const d100 = tl('dense-100', 20);
  const m100 = mark('dense-100', 20);
  if (d100 && m100) {
    const markMs = m100.timedOut ? m100.ms : m100.ms;
    const r = markMs / mainThread(d100);
    add('≥ 50× faster than mark.js, K = 100, 100k chars', `${r.toFixed(0)}× (mark.js ${ms(markMs)} ms${m100.timedOut ? ' (cap)' : ''} vs TermLens ${ms(mainThread(d100))} ms main thread)`, '≥ 50×', r >= 50);
  }
  const real = tl('realistic-10000', 200);
  const floor200 = results.floor[200];
  if (real && floor200) {
    // Judged on the floor of the fresh loads between TermLens's (since session 12), when there are
    // any: the floor measured once, minutes before, moved with the machine's speed.
    const f = real.pairedFloor ?? floor200;
    const r = mainThread(real) / f.firstMs;
    const first = real.pairedFloor ? `; the floor measured first, ${ms(floor200.firstMs)} ms, gives ${(mainThread(real) / floor200.firstMs).toFixed(1)}×` : '';
    const iso = results.isolatedFloor?.[200];
    const isolated = iso ? `; the same walk in an isolated world, as a content script's, ${ms(iso.firstMs)} ms, gives ${(mainThread(real) / iso.firstMs).toFixed(1)}× (not what the budget is judged on)` : '';
    add(
      'Full page at K = 10,000 realistic, 1M chars ≤ 4× floor',
      `${r.toFixed(1)}× (${ms(mainThread(real))} ms vs floor ${ms(f.firstMs)} ms on a fresh page${real.pairedFloor ? `, loads in between (${real.pairedFloor.firsts.map((v) => v.toFixed(1)).join(' ')})` : ''}${first}${isolated}; ${(mainThread(real) / f.medianMs).toFixed(0)}× the warm floor, ${ms(f.medianMs)} ms; besides, script evaluation ${ms(real.evaluationMs)} ms)`,
      '≤ 4×',
      r <= 4,
    );
  }
  const worst = results.termlens.reduce((a, b) => ((b.termlensFrameMs ?? 0) > (a?.termlensFrameMs ?? -1) ? b : a), null);
  const slice = results.termlens.reduce((a, b) => ((b.longestSliceMs ?? 0) > (a?.longestSliceMs ?? -1) ? b : a), null);
  if (worst) {
    const v = Math.max(worst.termlensFrameMs ?? 0, slice?.longestSliceMs ?? 0);
    add(
      'No frame > 50 ms caused by TermLens',
      `longest slice (TermLens's longest task) ${ms(slice?.longestSliceMs)} ms (${slice?.glossary}, R = ${slice?.copies}); ` +
        (worst.termlensFrameMs > 0
          ? `worst rendering of a Long Animation Frame after a registration ${ms(worst.termlensFrameMs)} ms (${worst.glossary}, R = ${worst.copies})`
          : 'no Long Animation Frame (over 50 ms) followed a registration') +
        ` (Long Animation Frames do not name a content script's tasks: see How it measures)`,
      '≤ 50 ms',
      v <= 50,
    );
  }
  const fv = results.termlens.filter((t) => t.firstVisibleMs !== null);
  if (fv.length) {
    const w = fv.reduce((a, b) => (b.firstVisibleMs > a.firstVisibleMs ? b : a));
    add('First highlight in view ≤ 100 ms after first laid-out frame', `worst ${ms(w.firstVisibleMs)} ms (${w.glossary}, R = ${w.copies})`, '≤ 100 ms', w.firstVisibleMs <= 100);
  }
  const upd = results.termlens.filter((t) => t.copies === 200 && t.updates);
  if (upd.length) {
    // Judged on the median cost of an update (change → its frame rendered, untraced), as the issue's
    // budgets are medians; until session 6 it was judged on the longest traced frame, which the
    // page alone exceeds (the trace adds 5–10 ms to each of these frames).
    const w = upd.reduce((a, b) => (b.updates.changeToRenderedMedianMs > a.updates.changeToRenderedMedianMs ? b : a));
    add(
      'Page text update frame ≤ 25 ms on 1M chars after highlighting',
      upd.map((t) => `${t.glossary}: change→rendered median ${ms(t.updates.changeToRenderedMedianMs)} ms (max ${ms(t.updates.changeToRenderedMaxMs)}; longest traced frame ${ms(t.updates.frameMax)}${pairedShare(t)})`).join('; ') +
        ` (without TermLens: median ${ms(results.off.updates?.changeToRenderedMedianMs)} ms, longest traced frame ${ms(results.off.updates?.frameMax)} ms)`,
      '≤ 25 ms',
      w.updates.changeToRenderedMedianMs <= 25,
    );
  }
  const b10 = results.build.filter((b) => b.glossary.endsWith('10000'));
  if (b10.length) {
    const w = Math.max(...b10.map((b) => b.compileMs));
    add(
      'Matcher build, 10,000 terms ≤ 50 ms',
      b10.map((b) => `${b.glossary} ${ms(b.compileMs)} ms`).join(', ') +
        // Shown beside it, not judged: the background's own compile per change (from the entries read to the matcher).
        (b10.some((b) => b.backgroundCompileMs !== undefined)
          ? ` (the background's own compile per change: ${b10.map((b) => `${b.glossary} ${ms(b.backgroundCompileMs)} ms`).join(', ')})`
          : ''),
      '≤ 50 ms',
      w <= 50,
    );
  }
  const s10 = results.termlens.filter((t) => t.k === 10_000);
  if (s10.length) {
    // The issue's stage "content-script start-up (receiving the matcher)": the main-thread time of
    // taking the matcher in (unpackMatcherFromWire and Matcher.from). The script's evaluation does not depend
    // on the matcher; it is shown here, apart, as it is beside the full-page main-thread time.
    const w = Math.max(...s10.map((t) => t.decodeMs ?? Infinity));
    add(
      'Content-script start-up with 10,000 terms ≤ 20 ms',
      s10.map((t) => `${t.glossary} R = ${t.copies}: decode ${ms(t.decodeMs)} ms main thread (besides: script evaluation ${ms(t.evaluationMs)}; ${ms(t.startupMs)} ms wall overlapping the page's loading, get-matcher ${ms(t.getMatcherMs)})`).join('; '),
      '≤ 20 ms',
      w <= 20,
    );
  }
  // Every 10,000-term glossary on the 1M page (until session 6 only the realistic one was judged;
  // the dense one, with 187,000 occurrences, holds more).
  const heaps = results.termlens.filter((t) => t.k === 10_000 && t.heapMB !== null && t.heapMB !== undefined);
  if (heaps.length && results.off.heapMB !== null) {
    // Since session 16 the occurrences are numbers in a typed array, whose store is outside the V8
    // heap: the budget is judged on the heap and the stores together, where the runs measured them.
    const stores = (t) => termlensStoresMB(t, results.off);
    const worst = Math.max(...heaps.map((t) => t.heapMB - results.off.heapMB + (stores(t) ?? 0)));
    const withStores = heaps.some((t) => stores(t) !== null);
    add(
      'Content-script heap ≤ 10 MB with 10,000 terms',
      heaps
        .map((t) => {
          const s = stores(t);
          const h = t.heapMB - results.off.heapMB;
          return `${t.glossary} ${h.toFixed(1)} MB${s === null ? '' : ` + ${s.toFixed(1)} MB of array buffer stores = ${(h + s).toFixed(1)} MB`} (${int(t.occurrences)} occurrences)`;
        })
        .join(', ') +
        ` (V8 heap with TermLens minus without it, which is ${results.off.heapMB.toFixed(1)} MB${withStores ? '; the stores of array buffers outside that heap, the occurrence pool and the trie, likewise' : ''}; 1M chars)`,
      '≤ 10 MB',
      worst <= 10,
    );
  }
  if (results.options) {
    add('Options search, 10,000 entries ≤ 50 ms a keystroke', `keystroke→frame median ${ms(results.options.keystrokeMedianMs)} ms, max ${ms(results.options.keystrokeMaxMs)} ms; search+filter median ${ms(results.options.searchMedianMs)} ms`, '≤ 50 ms', results.options.keystrokeMaxMs <= 50);
  }
  if (results.import) {
    add('Import of 10,000 entries ≤ 3 s', `${ms(results.import.totalMs)} ms (parse ${ms(results.import.parseMs)}, plan ${ms(results.import.planMs)}, write ${ms(results.import.writeMs)})`, '≤ 3,000 ms', results.import.totalMs <= 3000);
  }
  return out;
}

/** The hand-written findings (bench/analysis.md), kept across runs. */
function analysis() {
  const path = fileURLToPath(new URL('./analysis.md', import.meta.url));
  return existsSync(path) ? `\n${readFileSync(path, 'utf8')}` : '';
}

export function writeReport(results) {
  // A report rewritten from benchmarks.json keeps the machine and date of its run.
  const m = results.machine ?? machine();
  const floor = (r) => floorMs(results, r);
  const markOf = (t) => results.markjs.find((x) => x.glossary === t.glossary && x.copies === t.copies);
  const markCell = (x) =>
    !x
      ? '–'
      : x.skipped
        ? x.predictedMs
          ? `${x.predictedLowerBound ? '> ' : '≈ '}${ms(x.predictedMs)} (predicted)`
          : 'fails (stack)'
        : x.timedOut
          ? `> ${ms(x.ms)} (cap)`
          : x.error
            ? `failed ${ms(x.ms)}`
            : ms(x.ms);
  const markRatio = (mk, tlMs) => {
    if (!mk || mk.error) return '–';
    if (mk.skipped) return mk.predictedMs ? `${mk.predictedLowerBound ? '> ' : '≈ '}${ratio(mk.predictedMs, tlMs)}` : '–';
    return `${mk.timedOut ? '> ' : ''}${ratio(mk.ms, tlMs)}`;
  };

  const sideBySide = table(
    ['glossary', 'R', 'chars', 'occurrences', 'floor', 'warm floor', 'floor, loads in between', 'floor, isolated world', 'mark.js', 'mark.js matches', 'TermLens main thread', 'TermLens ÷ floor', 'TermLens ÷ isolated floor', 'mark.js ÷ TermLens'],
    results.termlens.map((t) => {
      const mk = markOf(t);
      const tlMs = mainThread(t);
      return [
        t.glossary,
        t.copies,
        int(results.floor[t.copies]?.chars),
        int(t.occurrences),
        ms(floor(t.copies)),
        ms(results.floor[t.copies]?.medianMs),
        ms(t.pairedFloor?.firstMs),
        ms(results.isolatedFloor?.[t.copies]?.firstMs),
        markCell(mk),
        mk?.matches !== undefined ? int(mk.matches) : '–',
        ms(tlMs),
        ratio(tlMs, t.pairedFloor?.firstMs ?? floor(t.copies)),
        results.isolatedFloor?.[t.copies] ? ratio(tlMs, results.isolatedFloor[t.copies].firstMs) : '–',
        markRatio(mk, tlMs),
      ];
    }),
  );

  // The budget's glossary on the largest page, and on the same page with a long first block (since session 18).
  const budgetPage = results.longFirst ? termlensOf(results, results.longFirst.glossary, results.longFirst.copies) : null;
  const longFirst = results.longFirst
    ? table(
        ['page', 'TermLens main thread', 'its loads (busy + decode)', 'collect', 'scan', 'occurrences'],
        [
          ['the benchmark\'s page', budgetPage],
          ['with a whole copy as its first paragraph', results.longFirst],
        ].map(([label, t]) => [
          label,
          ms(t ? mainThread(t) : null),
          t ? loadsText(loadsMainThread(t)) : '–',
          ms(t?.collectMs),
          ms(t?.matchMs),
          int(t?.occurrences),
        ]),
      )
    : null;

  // The smallest page's text set in frames (since session 18): every frame decodes the matcher and scans.
  const onePage = results.framed ? termlensOf(results, results.framed.glossary, results.framed.copies) : null;
  const framed = results.framed
    ? table(
        ['page', 'TermLens main thread (all frames)', 'decode (all frames)', 'its loads', 'occurrences'],
        [
          [`one page, R = ${results.framed.copies}`, onePage ? mainThread(onePage) : null, onePage?.decodeMs, onePage ? loadsText(loadsMainThread(onePage)) : '–', onePage?.occurrences],
          [
            `the same text in ${results.framed.frames} frames`,
            results.framed.mainThreadMs,
            results.framed.decodeMs,
            loadsText(framedLoadsMainThread(results.framed.loads)),
            results.framed.occurrences,
          ],
        ].map(([label, main, decode, loads, occurrences]) => [label, ms(main), ms(decode), loads, int(occurrences)]),
      )
    : null;

  const stages = table(
    ['glossary', 'R', 'start-up', 'get-matcher', 'unwire (wall)', 'decode', 'script eval', 'collect', 'first in view block', 'scan', 'ranges', 'register', 'slices', 'longest slice', 'first paint', 'final paint', 'scan wall', 'first in view', 'longest frame', 'TermLens in frame'],
    results.termlens.map((t) => [
      t.glossary,
      t.copies,
      ms(t.startupMs),
      ms(t.getMatcherMs),
      ms(t.unwireMs),
      ms(t.decodeMs),
      ms(t.evaluationMs),
      ms(t.collectMs),
      ms(t.inViewMs),
      ms(t.matchMs),
      ms(t.rangesMs),
      ms(t.registerMs),
      t.slices ?? '–',
      ms(t.longestSliceMs),
      ms(t.firstPaintRenderMs),
      ms(t.finalPaintRenderMs),
      ms(t.scanWallMs),
      ms(t.firstVisibleMs),
      ms(t.longestFrameMs),
      ms(t.termlensFrameMs),
    ]),
  );

  const markTable = table(
    ['glossary', 'K', 'R', 'mark.js', 'matches / error'],
    results.markjs.map((x) => [x.glossary, int(x.k), x.copies, markCell(x), x.skipped ?? x.error ?? (x.timedOut ? 'timed out' : int(x.matches))]),
  );

  const updRows = [['without TermLens (measured first)', results.off.updates, null]];
  for (const t of results.termlens) if (t.updates) updRows.push([`${t.glossary} (${int(t.registered)} of ${int(t.occurrences)} ranges registered)`, t.updates, t.pairedOffUpdates ?? null]);
  const updates = table(
    ['R = 200, page rewrites a heading every 100 ms', 'change→rendered median', 'without TermLens, loads in between', 'TermLens’s share', 'per load', 'max', 'traced: change→rendered median', 'frames', 'frame median', 'longest frame', 'its render', 'frames > 25 ms', 'TermLens rescans', 'longest rescan'],
    updRows.map(([label, u, paired]) => [
      label,
      ms(u?.changeToRenderedMedianMs),
      paired ? `${ms(paired.changeToRenderedMedianMs)} (${paired.changeToRenderedLoadMediansMs.map((v) => v.toFixed(1)).join(' ')})` : '–',
      signedMs(updateShareMs(u, paired)),
      u?.changeToRenderedLoadMediansMs ? u.changeToRenderedLoadMediansMs.map((v) => v.toFixed(1)).join(' ') : '–',
      ms(u?.changeToRenderedMaxMs),
      ms(u?.tracedChangeToRenderedMedianMs),
      u?.frames ?? '–',
      ms(u?.frameMedianMs),
      ms(u?.frameMax),
      ms(u?.renderMax),
      u?.framesOver25 ?? '–',
      u?.rescans ?? '–',
      ms(u?.rescanBusyMaxMs),
    ]),
  );

  const breakdownLines = updRows
    .filter(([, u]) => u?.worstFrameBreakdown)
    .map(([label, u]) => `- ${label}: ${ms(u.frameMax)} ms — ${u.worstFrameBreakdown.map((b) => `${b.name} ${ms(b.ms)}`).join(', ')}`)
    .join('\n');
  const heapRows = [['without TermLens', results.off.heapMB, null, results.off.storesMB, null]];
  for (const t of results.termlens) {
    if (t.heapMB === null) continue;
    heapRows.push([t.glossary, t.heapMB, t.heapMB - results.off.heapMB, t.storesMB, termlensStoresMB(t, results.off)]);
  }
  const mb = (v) => (v === null || v === undefined ? '–' : v.toFixed(1));
  const heap = table(
    ['R = 200', 'V8 heap used (MB)', 'TermLens (MB)', 'array buffer stores (MB)', 'TermLens’s stores (MB)'],
    heapRows.map(([l, h, d, st, sd]) => [l, mb(h), mb(d), mb(st), mb(sd)]),
  );

  const build = table(
    ['glossary', 'forms', 'trie nodes', 'compile (SW)', 'first compile', 'background compile per change', 'decode (SW)', 'save → matcher (background)', 'get-matcher from a stopped worker', 'matcher size'],
    results.build.map((b) => [
      b.glossary,
      int(b.forms),
      int(b.nodes),
      ms(b.compileMs),
      ms(b.compileFirstMs),
      b.backgroundCompileTimesMs ? `${ms(b.backgroundCompileMs)} (${b.backgroundCompileTimesMs.map((t) => t.toFixed(0)).join(' ')})` : '–',
      ms(b.decodeInWorkerMs),
      ms(b.backgroundGetMatcherMs),
      b.restartGetMatcherMs === undefined ? '–' : `${ms(b.restartGetMatcherMs)}${b.restartKept ? '' : ' (compiled again)'}`,
      `${(b.matcherBytes / 1024).toFixed(0)} KB`,
    ]),
  );

  const budgetList = budgets(results);
  const budgetTable = table(
    ['budget', 'limit', 'measured', 'met'],
    budgetList.map((b) => [b.budget, b.limit, b.value, b.met ? 'yes' : '**no**']),
  );

  const printed = [
    'Side by side (main-thread ms, medians):',
    sideBySide,
    '',
    'TermLens stages (ms, medians):',
    stages,
    '',
    ...(longFirst ? ['The realistic glossary with a long first block:', longFirst, ''] : []),
    ...(framed ? ['The realistic glossary in frames:', framed, ''] : []),
    'Page text updates after highlighting:',
    updates,
    '',
    'Heap:',
    heap,
    '',
    'Matcher build:',
    build,
    '',
    `Options search: keystroke→frame median ${ms(results.options?.keystrokeMedianMs)} ms, max ${ms(results.options?.keystrokeMaxMs)} ms; search+filter median ${ms(results.options?.searchMedianMs)} ms, max ${ms(results.options?.searchMaxMs)} ms`,
    `Import 10,000: ${ms(results.import?.totalMs)} ms (parse ${ms(results.import?.parseMs)}, plan ${ms(results.import?.planMs)}, write ${ms(results.import?.writeMs)})`,
    '',
    'Budgets:',
    budgetTable,
  ].join('\n');

  const md = `# TermLens benchmarks

Produced by \`npm run bench\` (bench/run.mjs) on ${m.date.slice(0, 10)}; the run took ${results.meta.durationS?.toFixed(0)} s.
Raw results: [benchmarks.json](benchmarks.json). Issue 7 defines the budgets; see "What stands in the way" below for
those that are missed.

## Machine

- CPUs: ${m.nproc} (${m.cpu})
- ${m.chromium}, headless (\`--headless=new\`), via playwright-core, with the built extension (a copy of \`.output/chrome-mv3\`)
- Node ${m.node}
- Code: commit ${m.commit}${m.uncommitted.length ? `, built with uncommitted changes by other sessions in ${m.uncommitted.map((l) => `\`${l.split(/\s+/).pop()}\``).join(', ')}` : ''}
- Memory (\`free -h\`):

\`\`\`
${m.free}
\`\`\`

Other sessions shared this machine during the run (load average ${results.meta.loadAverageAtStart?.map((x) => x.toFixed(1)).join(' / ')} at the
start, ${results.meta.loadAverageAtEnd?.map((x) => x.toFixed(1)).join(' / ')} at the end, on ${m.nproc} CPUs), so every figure carries that contention;
each TermLens figure is the median of ${results.meta.reps} page loads (${results.meta.repsAt200} on the 1M page${results.meta.repsBudget ? `, ${results.meta.repsBudget} for realistic 10,000 there, with as many floor loads between them: the full page's budget` : ''}).

## How it measures

- **Pages**: the reference text (tests/fixtures/jinzhong-daily-2024-04-24-p1.txt, ${int(results.meta.charsPerCopy)} characters a copy without
  whitespace) repeated R = 20 and R = 200 times (bench/pages.mjs): a \`<p>\` per paragraph, a \`<span>\` per printed
  line, \`<br>\` and a newline between lines, as in tests/fixtures/pages. Served from 127.0.0.1 with COOP/COEP, so that
  \`performance.now()\` has 5 µs resolution (cross-origin isolated: ${results.termlens[0]?.runs?.[0]?.crossOriginIsolated ?? '?'}).
- **Glossaries** (bench/glossaries.mjs, seeded): *dense* — the three reference terms, then random 2–6 character
  substrings of the page text (so matches cover most of the page); *realistic* — 10,000 policy-like terms, each with an
  English rendering and a definition, of which 50 occur on the page.
- **Floor**: a TreeWalker that reads every text node of the body, in the page, TermLens switched off. *floor* is its
  first walk on the freshly loaded page — the conditions of a content script, whose world never has JS wrappers for
  the page's nodes before it walks them; *warm floor* is the median of 6 more walks, once the wrappers exist. Both
  are medians over 3 fresh page loads (since session 7; before, one load gave the floor, and it swung between 43
  and 75 ms on the 1M page from run to run). On the R = 200 page, a fresh floor load also follows each of a
  glossary's TermLens loads (*floor, loads in between*), and *TermLens ÷ floor* and the full-page budget use the median
  of those (since session 12): the machine's speed moved by up to 2× within minutes, and the floor measured first
  moved the full page's ratio between 3.4× and 6.0× with nearly the same code (session 11).
  *floor, isolated world* (since session 18) is the same first walk over 3 more fresh loads, run in an isolated world
  made with CDP (\`Page.createIsolatedWorld\`): the kind of world a content script runs in, where each node walked gets
  a wrapper of that world's own, kept apart from the page's. It is shown beside the floor, for what a content script
  that reads every text node pays at least; the budgets are judged on the floor in the page's main world, as before.
- **mark.js** 8.11.1 (\`new Mark(document.body).mark(forms, { acrossElements: true, separateWordSearch: false })\`),
  injected into a fresh page with TermLens switched off; stopped with CDP \`Runtime.terminateExecution\` after
  ${results.meta.markCapMs / 1000} s. It gets every form (terms and English renderings).
- **TermLens**: each page is loaded in a new tab; the content script's performance entries (\`termlens:*\`, added for
  this benchmark in lib/content/termlens-page.ts and lib/page/page-highlighter.ts) are read from the page's main
  world, which shares the document's performance timeline with the content script's isolated world (checked in
  Chromium 156: both \`getEntriesByType\` and a \`PerformanceObserver\` in the main world see them). Because a page
  can read them, the content script writes them only when \`storage.local\` holds \`timings: true\`, which the benchmark
  sets first (lib/page/timings.ts).
  - *start-up*: the content script runs at \`document_start\`; start-up is from its \`start()\` to the matcher
    decoded (settings, the \`get-matcher\` round trip to the background, decoding), which overlaps the page's own
    loading (the \`termlens:startup\` measure). Its frames are counted from the complete DOM on. *get-matcher*: the round trip alone; the matcher is
    already compiled (the benchmark asks once after each glossary change, as the first tab would). *unwire*:
    from the answer to the matcher's strings cut out of the wire (since session 6 the wire is a JSON header and the
    strings after it, lib/match/wire.ts; sessions 3–5 sent the matcher's JSON text and this was its \`JSON.parse\`;
    before, it was deflated and inflated in the content script). *decode*: main-thread time of the unwire and
    \`Matcher.from\` (the labels map is made only when the popup asks). *script eval*: the content script's modules
    evaluating (the fold tables are built then), from its first module to its \`main()\` (the \`termlens:evaluate\`
    measure, since session 5; the trace's EvaluateScript never named content.js). The start-up budget is judged on
    *decode* (taking the matcher in, main thread); script evaluation, which does not depend on the matcher, is shown
    apart from it and from *main thread*. The wall time of start-up is mostly the background's round trip.
  - *collect*: the walk over the page's block structure; plain blocks (inline content only) are read from their
    markup (\`innerHTML\`), not walked node by node. *first in view block*: the binary search for the first block in the viewport,
    whose \`getBoundingClientRect\` forces the page's layout if it is not done yet. *scan*: \`Matcher.findMatches\` (fold included) over every block, and keeping the occurrences
    as offsets. *ranges*: making \`Range\`s for the occurrences registered (until session 5, *ranges* also held keeping the
    occurrences, and the per-block timing itself). *register*: \`HighlightPainter.flush\` (and viewport updates). *main thread* = decode + collect + first in view
    block + all slices (script evaluation apart, like the floor and mark.js). *slices* / *longest slice*: the work queue's tasks.
  - *first paint* / *final paint*: the rendering phase (style, layout, paint) of the frame that paints the first and
    the last registration, from a CDP trace (devtools.timeline \`AnimationFrame::Render\`). TermLens registers in a
    frame callback, inside that frame's rendering phase. Until session 12 the figure was taken from the frame after
    it, whose rendering is the page's usual 0.2–1 ms: every figure from session 3 to session 11 showed that, and not
    the repaint a registration costs (about 20 ms on the 1M page).
  - *first in view*: from the end of the page's first rendered frame after DOMContentLoaded to the end of the first
    frame in which a TermLens range lies in the viewport (both by requestAnimationFrame + a task, in the main world).
    The registry is looked at in each frame's callback and again in a task right after that frame rendered (since
    session 7): TermLens registers in a frame callback of its own, which may run after the probe's, and the frame
    paints what it registered; looked at only in the callback, such a frame counted one frame late.
  - *longest frame*: the longest Long Animation Frame entry while TermLens works (from its start to 300 ms after its
    scan); *TermLens in frame*: the worst such frame's TermLens share — content-script time (without the page layout
    it forced early) plus the frame's rendering when it follows a registration. A Long Animation Frame does not name
    a content script's tasks (checked in Chromium 156, session 12: an 80 ms task of a test extension's content script
    made an 80 ms entry with no scripts), so the share counts only renderings after a registration, and TermLens's own
    tasks are measured by the pipeline itself (*longest slice*).
- **Text updates**: on the 1M page, after highlighting, the page rewrites its top heading's text 20 times, 100 ms
  apart, inside an animation frame; *change→rendered* times the change to the end of that frame's rendering. The
  20 updates run twice: untraced, for *change→rendered* (the budget is judged on its median), then with the trace
  running, for *traced: change→rendered* and the frames (all frames in that window, and where the longest went).
  The trace's own instrumentation makes these frames 5–10 ms longer (since session 7; before, only the traced run
  existed, and the budget was judged on its longest frame). Since session 9 the untraced updates run on
  three loads of the page, with TermLens and without it: *change→rendered* is the median (and *max* the
  longest) of all their updates, and *per load* gives each load's own median. One load's median had moved by 4–5 ms
  from one load of the same page to the next, with TermLens and without it. Since session 11 each glossary's
  loads alternate with loads of the same page without TermLens (*without TermLens, loads in between*), and
  *TermLens’s share* is the difference of the two medians: the row measured first, before any glossary, is
  minutes away from the later ones, and a change of the machine's load in between showed as TermLens's.
- **Heap**: V8 \`Runtime.getHeapUsage\` after two forced garbage collections, on the 1M page, with TermLens minus
  without. The content script shares the page's V8 isolate, so the difference is TermLens's JS heap (Blink-side
  objects such as the native part of each \`Range\` are not in it).
- **Matcher build**: \`compileGlossary\` in the extension's service worker, from the same source (bench/bench-entry.ts
  bundled with rolldown and evaluated there once per worker, so that its code warms as the background's does over
  glossary changes), median of 5; *first compile* is the first of the five. *background compile per change* (since
  session 8): the background's own compile (lib/glossary/active-glossary.ts, its \`termlens:compile\` measure: from the
  entries read to the matcher compiled, \`matchableFromEntry\` included) for the glossary's write and for 4 edits of one
  entry after it, each followed by the options page's notice: the median, and the five in order (the first is the
  worker's first compile of this glossary). *save → matcher* (since session 8; before,
  the background's get-matcher was timed 600 ms after the write, after a plain \`glossary-changed\` that made it compile
  again): from the end of the write's transaction on an extension page to the background's answer to get-matcher,
  with the notice an options page sends (\`glossary-changed\` with the generation it read, lib/glossary/change-notice.ts):
  the database read, the compile and the message, what an editor's save costs before tabs can update. *get-matcher from a stopped worker*
  (since session 7): the worker is stopped (CDP \`Target.closeTarget\`, as Chrome's idle timer stops it) once it has
  kept the matcher (lib/background/matcher-cache.ts), then get-matcher is timed from an extension page: the new
  worker starting, and its answer, what a page opened after a pause waits for.
- **Options search**: the options page with the realistic 10,000 entries; each character of three queries is sent as
  an \`input\` event on the search field and timed to the end of the next rendered frame; the page's own
  \`termlens-search\` measure gives search + filter alone.
- **Import**: a 10,000-entry native JSON file (exportJson of the realistic glossary) parsed with \`parseJson\`, planned
  with \`planImport\` and written in one Dexie transaction, on an extension page, into a scratch database with the same
  schema. lib/exchange has no database import function yet, so the write is the benchmark's own \`bulkAdd\` of the
  plan's records.

## Side by side

${sideBySide}

## mark.js

${markTable}

## TermLens stages

All in ms, medians of ${results.meta.reps} page loads (${results.meta.repsAt200} at R = 200).

${stages}
${
  longFirst
    ? `
The realistic glossary on the largest page with one more paragraph at its top that holds a whole copy's printed lines
(bench/pages.mjs, \`longFirst\`), so that the first block matched is long: ms, medians of ${results.longFirst.reps} loads.

${longFirst}
`
    : ''
}${
  framed
    ? `
The realistic glossary on the R = ${results.framed.copies} text set in ${results.framed.frames} same-origin frames of ${results.framed.copies / results.framed.frames} copies each (bench/pages.mjs,
\`framedPage\`), where each frame's content script decodes the matcher and scans its own document: ms, medians of
${results.framed.reps} loads, each the sum over the frames.

${framed}
`
    : ''
}
## The page's own text updates after highlighting

${updates}

Where the longest frame of each update window went (trace events by name, ms):

${breakdownLines}

## Heap

${heap}

## Matcher build

${build}

## Options page and import

- Search over 10,000 entries: keystroke→rendered frame median ${ms(results.options?.keystrokeMedianMs)} ms, max ${ms(results.options?.keystrokeMaxMs)} ms; search + filter (\`termlens-search\`) median ${ms(results.options?.searchMedianMs)} ms, max ${ms(results.options?.searchMaxMs)} ms.
- Import of 10,000 entries (${int(results.import?.bytes)} characters of JSON): ${ms(results.import?.totalMs)} ms — parse ${ms(results.import?.parseMs)}, plan ${ms(results.import?.planMs)}, write ${ms(results.import?.writeMs)}.

## Budgets

${budgetTable}

${analysis()}`;
  writeFileSync(`${DOCS}benchmarks.md`, md);
  const json = { ...results, machine: m, budgets: budgetList };
  writeFileSync(`${DOCS}benchmarks.json`, `${JSON.stringify(json, null, 1)}\n`);
  return printed;
}

// `node bench/report.mjs`: rewrites docs/benchmarks.md from docs/benchmarks.json (e.g. after editing
// bench/analysis.md), without running the benchmark again.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const results = JSON.parse(readFileSync(`${DOCS}benchmarks.json`, 'utf8'));
  console.log(writeReport(results));
}
