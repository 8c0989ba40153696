import { whenDocumentHoldsText } from '@/lib/content/frame-text';
import { sendToBackground } from '@/lib/browser/send';

// Wiring only. The page script (entrypoints/content/) runs in the top frame; this small script
// runs in every frame, and asks the background to put the page script into its frame once the
// frame holds text a scan would read. Most frames of a news page are ads and trackers without
// text, where the page script cost its evaluation (about 10 ms), an isolated world, and until
// session 14 the whole matcher (docs/architecture.md, "Frames get the page script once they hold text").
export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_end',
  allFrames: true,
  matchAboutBlank: true,
  main(ctx) {
    if (window.top === window) return;
    const stop = whenDocumentHoldsText(document, () => {
      // The extension reloaded meanwhile: its APIs throw, and the new version's handover looks after the frame.
      sendToBackground({ type: 'frame-has-text' }).catch(() => undefined);
    });
    ctx.onInvalidated(stop);
  },
});
