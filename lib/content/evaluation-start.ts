/**
 * When the content script's modules began to evaluate: imported first by the content script's
 * entry, so that everything evaluated after it (the fold tables above all) counts in the
 * `termlens:evaluate` measure that the entry's `main()` takes (read by bench/, which shows it apart
 * from TermLens's work on the page).
 */
export const evaluationStart = performance.now();
