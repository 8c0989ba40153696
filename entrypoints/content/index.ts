import './style.css';
import { TermLensPage } from '@/lib/content/termlens-page';

// Wiring only: the page pipeline lives in lib/. `ctx` is invalidated when the
// extension is reloaded or updated; everything this script added goes with it.
// document_start: fetching and decoding the glossary overlap the page's loading, and the scan
// begins as soon as the DOM is complete (docs/architecture.md, "Start-up").
export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_start',
  allFrames: true,
  matchAboutBlank: true,
  main(ctx) {
    const page = new TermLensPage(window);
    ctx.onInvalidated(() => page.detach());
    void page.start();
  },
});
