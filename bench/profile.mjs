// `node bench/profile.mjs [copies] [dense-K|realistic]`: where TermLens's page pipeline spends its
// time, function by function. The built content script is minified, so this runs the same library
// code (lib/page/blocks.ts, lib/match) from an unminified bundle in the page's main world, under the
// CDP sampling profiler, on a freshly loaded benchmark page (no JS wrappers exist yet for its nodes,
// as for a content script). Prints self time by function and the stage totals, beside the floor.
import { launchChromiumWithExtension } from '../tests/browser/chromium.mjs';
import { startPageServer } from '../tests/browser/page-server.mjs';
import { repeatedPage } from './pages.mjs';
import { denseGlossary, realisticGlossary } from './glossaries.mjs';
import { buildBenchBundle } from './build-bundle.mjs';
import { floorWalk } from './in-page.mjs';

const copies = Number(process.argv[2] ?? 200);
const which = process.argv[3] ?? 'realistic';
const entries = which === 'realistic' ? realisticGlossary() : denseGlossary(Number(which.split('-')[1] ?? 10_000));

const bundle = await buildBenchBundle({ minify: false });
const server = await startPageServer();
const url = server.page('/p.html', repeatedPage(copies));
const browser = await launchChromiumWithExtension();
try {
  // TermLens itself stays off, so that only the code under the profiler runs.
  const worker = await browser.serviceWorker();
  await worker.evaluate(() =>
    chrome.storage.local.set({ settings: { enabled: false, siteMode: 'everywhere-except', excludedSites: [], includedSites: [], updatedAt: Date.now() } }),
  );
  const page = await browser.context.newPage();
  await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
  await page.evaluate(bundle);
  await page.evaluate((list) => {
    const B = window.TermLensBench;
    window.__matcher = B.Matcher.from(JSON.parse(JSON.stringify(B.compileGlossary(list.map((e) => B.matchableFromEntry(e, { priority: 0, color: 0 }))))));
  }, entries);
  await page.waitForTimeout(500);
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Profiler.start');
  const stages = await page.evaluate(() => {
    const B = window.TermLensBench;
    const t0 = performance.now();
    const blocks = B.collectBlocks(document.body);
    const t1 = performance.now();
    let occurrences = 0;
    const all = [];
    for (const block of blocks) {
      const matches = window.__matcher.findMatches(block.text);
      if (matches.length) all.push([block, matches]);
    }
    const t2 = performance.now();
    const ranges = [];
    for (const [block, matches] of all) {
      for (const m of matches) {
        const s = B.positionInBlock(block, m.start);
        const e = B.positionInBlock(block, m.end - 1);
        const r = new Range();
        r.setStart(s.node, s.offset);
        r.setEnd(e.node, e.offset + 1);
        ranges.push(r);
        occurrences++;
      }
    }
    const t3 = performance.now();
    const chars = blocks.reduce((n, b) => n + b.text.length, 0);
    return { blocks: blocks.length, chars, occurrences, collectMs: t1 - t0, matchMs: t2 - t1, rangesMs: t3 - t2 };
  });
  const { profile } = await cdp.send('Profiler.stop');
  const floor = await page.evaluate(floorWalk, 5);

  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const n = byId.get(profile.samples[i]);
    const key = `${n.callFrame.functionName || '(anonymous)'}${n.callFrame.url.includes('/p.html') ? '' : n.callFrame.url ? ' [other]' : ''}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`R = ${copies}, ${which}: ${stages.blocks} blocks, ${stages.chars} chars, ${stages.occurrences} occurrences`);
  console.log(`collect ${stages.collectMs.toFixed(1)} ms, match ${stages.matchMs.toFixed(1)} ms, ranges ${stages.rangesMs.toFixed(1)} ms; floor (TreeWalker, warm) ${floor.times.map((t) => t.toFixed(1)).join(' / ')} ms`);
  console.log('self time by function (ms):');
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
    if (k === '(idle)' || k === '(program)') continue;
    console.log(`  ${v.toFixed(1).padStart(8)}  ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
  }
} finally {
  await browser.close();
  await server.close();
}
