import './style.css';
// First: the time the modules below take to evaluate counts in start-up (bench/).
import { evaluationStart } from '@/lib/content/evaluation-start';
import { TermLensPage } from '@/lib/content/termlens-page';
import { timingMeasure } from '@/lib/page/timings';
import { ensureFoldTables } from '@/lib/match/fold-tables';

// Wiring only: the page pipeline lives in lib/. `ctx` is invalidated when the
// extension is reloaded or updated; everything this script added goes with it.
// document_start: fetching and decoding the glossary overlap the page's loading, and the scan
// begins as soon as the DOM is complete (docs/architecture.md, "Start-up").
// The top frame only: a frame gets this script from the background once it holds text
// (entrypoints/frame.content.ts).
export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_start',
  allFrames: false,
  matchAboutBlank: true,
  main(ctx) {
    // This script runs only where there is text to fold (the top frame, or a frame that holds
    // text): its fold tables are filled now, within its evaluation (lib/match/fold-tables.ts).
    ensureFoldTables();
    timingMeasure('termlens:evaluate', { start: evaluationStart, end: performance.now() });
    const page = new TermLensPage(window);
    ctx.onInvalidated(() => page.detach());
    void page.start();
  },
});
