/**
 * Compiles a glossary into the Aho–Corasick automaton that content scripts match with (design:
 * "Matching: one fold, one automaton"). Compiling runs in the background once per glossary change;
 * the result is plain JSON-safe data that Matcher.from decodes in a content script.
 */
import { foldForMatching } from './fold';
import { WORD } from './fold-tables';
import { packCodeUnits, packUints } from './packing';

/** What the matcher needs to know about one glossary entry. */
export interface MatchableEntry {
  id: string;
  /** Highlight colour slot, 0–7. */
  slot: number;
  /** The list's priority: when two entries claim the same text, the higher wins. */
  priority: number;
  /** Term, variants and translations, as written; compileGlossary folds them. */
  forms: string[];
  caseSensitive: boolean;
  wholeWord: boolean;
  /** Contexts in which the entry must not match, e.g. `大开发区` for `大开发`. */
  exclusions: string[];
}

/**
 * The compiled glossary: plain data that survives `JSON.parse(JSON.stringify(x))` with its meaning
 * unchanged (its strings contain no surrogates). Decode it with `Matcher.from`.
 *
 * Layout (format version 1): the trie's nodes are numbered breadth-first, so that the children of
 * each node are consecutive and edge k (in node order, children in code-unit order) leads to node
 * k + 1. Integer arrays are packed with packUints, code units with packCodeUnits.
 */
export interface CompiledMatcher {
  version: 1;
  /** Entry ids and colour slots, by entry index. */
  entryIds: string[];
  entrySlots: number[];
  nodeCount: number;
  /** Per node: how many children it has. */
  childCounts: string;
  /** Per edge: the code unit it consumes. */
  edgeChars: string;
  /** Per node: its failure link. */
  fail: string;
  /** How many nodes end a pattern. */
  terminalCount: number;
  /** Per such node, in node order: (its id minus the previous one's, its record count). */
  terminals: string;
  recordCount: number;
  /** Per record, grouped by terminal node: entry index. */
  recordEntries: string;
  /** Per record: RECORD_* flags. */
  recordFlags: string;
  /** For each record with RECORD_CASE_SENSITIVE, in record order: its form folded with case kept. */
  caseForms: string[];
}

/** The record is an exclusion of its entry, not a form. */
export const RECORD_EXCLUSION = 1;
/** The record's form must match letter case. */
export const RECORD_CASE_SENSITIVE = 2;
/** The record's form starts with a word character and must start on a word boundary. */
export const RECORD_BOUNDARY_START = 4;
/** The record's form ends with a word character and must end on a word boundary. */
export const RECORD_BOUNDARY_END = 8;

interface PatternRecord {
  entry: number;
  flags: number;
  caseForm: string;
}

/**
 * Folds a form for the automaton: the key, trimmed of the one space that the fold keeps for
 * leading or trailing whitespace. Returns '' for a form that is only whitespace or invisible.
 */
export function foldForm(form: string, keepCase = false): string {
  const key = foldForMatching(form, { keepCase }).key;
  const start = key.charCodeAt(0) === 0x20 ? 1 : 0;
  const end = key.length > start && key.charCodeAt(key.length - 1) === 0x20 ? key.length - 1 : key.length;
  return key.slice(start, end);
}

/**
 * Compiles entries into a CompiledMatcher.
 *
 * Promises:
 * - every non-empty form and exclusion is folded with foldForMatching (empty ones are ignored);
 * - when several entries have the same folded form, the one with the higher priority is tried
 *   first, and on a tie the one given first; a lower one still matches where the higher one's
 *   checks (case, word boundary, exclusions) reject the text;
 * - a side of a form that is a word character (letter or digit) must meet a word boundary in the
 *   text when the entry's `wholeWord` is set;
 * - linear time in the total length of the forms, apart from sorting them.
 */
export function compileGlossary(entries: readonly MatchableEntry[]): CompiledMatcher {
  const byKey = new Map<string, PatternRecord[]>();
  const seen = new Set<string>();
  const add = (key: string, record: PatternRecord): void => {
    if (key === '') return;
    const identity = `${key}\u0000${record.entry}\u0000${record.flags}\u0000${record.caseForm}`;
    if (seen.has(identity)) return;
    seen.add(identity);
    const list = byKey.get(key);
    if (list) list.push(record);
    else byKey.set(key, [record]);
  };

  entries.forEach((entry, index) => {
    for (const form of entry.forms) {
      const key = foldForm(form);
      if (key === '') continue;
      let flags = 0;
      let caseForm = '';
      if (entry.caseSensitive) {
        const withCase = foldForm(form, true);
        // A form without cased letters (all of Chinese) has nothing to compare.
        if (withCase.toLowerCase() !== withCase.toUpperCase()) {
          flags |= RECORD_CASE_SENSITIVE;
          caseForm = withCase;
        }
      }
      if (entry.wholeWord) {
        if (WORD[key.charCodeAt(0)]) flags |= RECORD_BOUNDARY_START;
        if (WORD[key.charCodeAt(key.length - 1)]) flags |= RECORD_BOUNDARY_END;
      }
      add(key, { entry: index, flags, caseForm });
    }
    for (const exclusion of entry.exclusions) {
      add(foldForm(exclusion), { entry: index, flags: RECORD_EXCLUSION, caseForm: '' });
    }
  });

  const priorityOf = (record: PatternRecord): number => entries[record.entry]!.priority;
  // Forms in the order they are tried (priority, then the order given); exclusions after them.
  const recordOrder = (a: PatternRecord, b: PatternRecord): number =>
    (a.flags & RECORD_EXCLUSION) - (b.flags & RECORD_EXCLUSION) ||
    priorityOf(b) - priorityOf(a) ||
    a.entry - b.entry;

  // Code-unit order, which is what the trie's edges are sorted by.
  const keys = [...byKey.keys()].sort();
  const trie = buildTrie(keys);

  const terminals: number[] = [];
  const recordEntries: number[] = [];
  const recordFlags: number[] = [];
  const caseForms: string[] = [];
  let previousTerminal = 0;
  for (let node = 0; node < trie.nodeCount; node++) {
    const keyIndex = trie.keyOfNode[node]!;
    if (keyIndex < 0) continue;
    const records = byKey.get(keys[keyIndex]!)!.sort(recordOrder);
    terminals.push(node - previousTerminal, records.length);
    previousTerminal = node;
    for (const record of records) {
      recordEntries.push(record.entry);
      recordFlags.push(record.flags);
      if (record.flags & RECORD_CASE_SENSITIVE) caseForms.push(record.caseForm);
    }
  }

  return {
    version: 1,
    entryIds: entries.map((e) => e.id),
    entrySlots: entries.map((e) => e.slot),
    nodeCount: trie.nodeCount,
    childCounts: packUints(trie.childCounts),
    edgeChars: packCodeUnits(trie.edgeChars),
    fail: packUints(trie.fail),
    terminalCount: terminals.length / 2,
    terminals: packUints(terminals),
    recordCount: recordEntries.length,
    recordEntries: packUints(recordEntries),
    recordFlags: packUints(recordFlags),
    caseForms,
  };
}

interface BuiltTrie {
  nodeCount: number;
  /** By breadth-first node id. */
  childCounts: Int32Array;
  /** Edge k leads to node k + 1. */
  edgeChars: Uint16Array;
  fail: Int32Array;
  /** Index into the sorted keys of the key that ends at a node, or -1. */
  keyOfNode: Int32Array;
}

/** Builds the trie of sorted, distinct, non-empty keys, numbered breadth-first, with failure links. */
function buildTrie(sortedKeys: readonly string[]): BuiltTrie {
  let capacity = 1;
  for (const key of sortedKeys) capacity += key.length;

  // 1. Depth-first: sorted keys give each node's children in code-unit order.
  const parent = new Int32Array(capacity);
  const unit = new Uint16Array(capacity);
  const keyOfDfsNode = new Int32Array(capacity).fill(-1);
  const path: number[] = [0];
  let count = 1;
  let previous = '';
  sortedKeys.forEach((key, keyIndex) => {
    let common = 0;
    const limit = Math.min(previous.length, key.length);
    while (common < limit && previous.charCodeAt(common) === key.charCodeAt(common)) common++;
    for (let d = common; d < key.length; d++) {
      const node = count++;
      parent[node] = path[d]!;
      unit[node] = key.charCodeAt(d);
      path[d + 1] = node;
    }
    keyOfDfsNode[path[key.length]!] = keyIndex;
    previous = key;
  });

  // Children lists of the depth-first trie (counting sort by parent keeps code-unit order).
  const firstChild = new Int32Array(count + 1);
  for (let node = 1; node < count; node++) firstChild[parent[node]! + 1]!++;
  for (let node = 0; node < count; node++) firstChild[node + 1]! += firstChild[node]!;
  const children = new Int32Array(Math.max(0, count - 1));
  const fill = firstChild.slice(0, count);
  for (let node = 1; node < count; node++) children[fill[parent[node]!]!++] = node;

  // 2. Renumber breadth-first.
  const bfsOrder = new Int32Array(count);
  const childCounts = new Int32Array(count);
  const edgeChars = new Uint16Array(Math.max(0, count - 1));
  const keyOfNode = new Int32Array(count);
  let tail = 1;
  for (let id = 0; id < count; id++) {
    const dfs = bfsOrder[id]!;
    keyOfNode[id] = keyOfDfsNode[dfs]!;
    const from = firstChild[dfs]!;
    const to = firstChild[dfs + 1]!;
    childCounts[id] = to - from;
    for (let k = from; k < to; k++) {
      const child = children[k]!;
      edgeChars[tail - 1] = unit[child]!;
      bfsOrder[tail++] = child;
    }
  }

  // 3. Failure links, in breadth-first order so that every shallower node is done first.
  const edgeStart = new Int32Array(count + 1);
  for (let id = 0; id < count; id++) edgeStart[id + 1] = edgeStart[id]! + childCounts[id]!;
  const rootNext = new Int32Array(0x10000);
  for (let k = edgeStart[0]!; k < edgeStart[1]!; k++) rootNext[edgeChars[k]!] = k + 1;
  const fail = new Int32Array(count);
  for (let id = 1; id < count; id++) {
    const from = edgeStart[id]!;
    const to = edgeStart[id + 1]!;
    for (let k = from; k < to; k++) {
      const c = edgeChars[k]!;
      let f = fail[id]!;
      let target = 0;
      for (;;) {
        target = f === 0 ? rootNext[c]! : childOf(edgeStart, edgeChars, f, c);
        if (target !== 0 || f === 0) break;
        f = fail[f]!;
      }
      fail[k + 1] = target;
    }
  }

  return { nodeCount: count, childCounts, edgeChars, fail, keyOfNode };
}

/** The child of `node` along code unit `c`, or 0 (the root is nobody's child). */
export function childOf(edgeStart: Int32Array, edgeChars: Uint16Array, node: number, c: number): number {
  let lo = edgeStart[node]!;
  let hi = edgeStart[node + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const m = edgeChars[mid]!;
    if (m === c) return mid + 1;
    if (m < c) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}
