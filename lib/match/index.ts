/**
 * The matching engine (design: "Matching: one fold, one automaton"): fold text, compile a glossary
 * in the background, decode and match in a content script. No DOM; runs in Node as it is.
 */
export { foldForMatching, type Folded, type FoldOptions } from './fold';
export { compileGlossary, foldForm, type CompiledMatcher, type MatchableEntry } from './compile';
export { Matcher, type Match } from './matcher';
export { matchableFromEntry, foldedFormsOf, formsOf, type FoldedForm } from './matchable';
export { MATCHER_WIRE_FORMAT, packMatcherForWire, unpackMatcherFromWire } from './wire';
