/**
 * What the benchmark runs of TermLens's own library code outside the content script: bundled by
 * build-bundle.mjs into one script (global `TermLensBench`) that run.mjs evaluates in the
 * extension's service worker (matcher build) and on extension pages (database writes, import), and
 * that profile.mjs runs unminified in a page's main world. The extension never loads this file.
 */
export { compileGlossary, Matcher, matchableFromEntry, packMatcherForWire, unpackMatcherFromWire } from '../lib/match';
export { GlossaryDb, glossaryGeneration } from '../lib/glossary/db';
export { collectBlocks, positionInBlock } from '../lib/page/blocks';
export { EntrySearch } from '../lib/glossary/search';
export { exportJson, parseJson, planImport, bundleFromGlossary } from '../lib/exchange';
