/**
 * The wait of a frame for its first text. The page's own script runs in the top frame, and goes into
 * a frame only once that frame holds text a scan would read (docs/architecture.md, "Frames get the
 * page script once they hold text"): most frames of a news page are ads and trackers without any.
 */
import { hasReadableText } from '../page/blocks';

/** How often, at most, a frame without text looks again after its document changed (ms). */
export const TEXT_CHECK_MS = 250;

/**
 * Calls `then` once `doc` holds text that a scan would read (`hasReadableText`): soon after its DOM
 * is parsed if it holds some by then, else within TEXT_CHECK_MS of the change that brought it
 * (a MutationObserver on the document). Never at once, from within this call. Returns a function
 * that ends the wait.
 */
export function whenDocumentHoldsText(doc: Document, then: () => void): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let watch: MutationObserver | undefined;
  const stop = () => {
    stopped = true;
    watch?.disconnect();
    clearTimeout(timer);
    doc.removeEventListener('DOMContentLoaded', look);
  };
  const readable = () => doc.body !== null && hasReadableText(doc.body);
  const found = () => {
    stop();
    then();
  };
  function look() {
    if (stopped) return;
    if (readable()) return found();
    // The document itself: a script may replace the frame's <html> or <body> outright.
    watch = new MutationObserver(() => {
      timer ??= setTimeout(() => {
        timer = undefined;
        if (!stopped && readable()) found();
      }, TEXT_CHECK_MS);
    });
    watch.observe(doc, { subtree: true, childList: true, characterData: true });
  }
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', look, { once: true });
  else queueMicrotask(look);
  return stop;
}
