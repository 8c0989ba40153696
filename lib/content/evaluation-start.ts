/**
 * When the content script's modules began to evaluate: imported first by the content script's
 * entry, so that everything evaluated after it (the fold tables above all) counts in the
 * `termlens:evaluate` measure that TermLensPage.start takes (read by bench/, as part of start-up).
 */
export const evaluationStart = performance.now();
