import './style.css';
import { TermLensPage } from '@/lib/content/termlens-page';

// Wiring only: the page pipeline lives in lib/. `ctx` is invalidated when the
// extension is reloaded or updated; everything this script added goes with it.
export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_idle',
  allFrames: true,
  matchAboutBlank: true,
  main(ctx) {
    const page = new TermLensPage(window);
    ctx.onInvalidated(() => page.detach());
    void page.start();
  },
});
