/**
 * Compiles a glossary into the Aho–Corasick automaton that content scripts match with (design:
 * "Matching: one fold, one automaton"). Compiling runs in the background once per glossary change;
 * the result is plain JSON-safe data that Matcher.from decodes in a content script.
 */
import { foldKey } from './fold';
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
 * unchanged (its strings hold no surrogates). Decode it with `Matcher.from`.
 *
 * Layout (format version 1): the trie's nodes are numbered breadth-first, so the children of a
 * node are consecutive and edge k (edges in node order, each node's in code-unit order) leads to
 * node k + 1. Integer arrays are packed with packUints, code units with packCodeUnits.
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
  /** Per such node, in node order: its id minus the previous one's, its record count, its depth. */
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

/**
 * Folds a form for the automaton: foldForMatching's key, without the one space that the fold keeps
 * for leading or trailing whitespace. '' for a form that is only whitespace or invisible characters.
 */
export function foldForm(form: string, keepCase = false): string {
  const key = foldKey(form, keepCase);
  const start = key.charCodeAt(0) === 0x20 ? 1 : 0;
  const end = key.length > start && key.charCodeAt(key.length - 1) === 0x20 ? key.length - 1 : key.length;
  return start === 0 && end === key.length ? key : key.slice(start, end);
}

/**
 * Compiles entries into a CompiledMatcher.
 *
 * Promises:
 * - every form and exclusion is folded with foldForMatching; empty ones are ignored;
 * - when several entries have the same folded form, the one with the higher priority is tried
 *   first, and on a tie the one given first; a lower one still matches where the higher one's
 *   checks (case, word boundary, exclusions) reject the text;
 * - a side of a form that is a word character (letter or digit) must meet a word boundary in the
 *   text when the entry's `wholeWord` is set;
 * - for a case-sensitive entry, a form with cased letters must match their case;
 * - linear time in the total length of the forms, apart from sorting them.
 */
export function compileGlossary(entries: readonly MatchableEntry[]): CompiledMatcher {
  // 1. Every form and exclusion, folded, as a record of a distinct key.
  const keyIndex = new Map<string, number>();
  const keys: string[] = [];
  const recordKey: number[] = [];
  const recordEntry: number[] = [];
  const recordFlag: number[] = [];
  const recordCase: string[] = [];
  const addRecord = (key: string, entry: number, flags: number, caseForm: string): void => {
    let k = keyIndex.get(key);
    if (k === undefined) {
      k = keys.length;
      keys.push(key);
      keyIndex.set(key, k);
    }
    recordKey.push(k);
    recordEntry.push(entry);
    recordFlag.push(flags);
    recordCase.push(caseForm);
  };
  for (let e = 0; e < entries.length; e++) {
    const entry = entries[e]!;
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
      addRecord(key, e, flags, caseForm);
    }
    for (const exclusion of entry.exclusions) {
      const key = foldForm(exclusion);
      if (key !== '') addRecord(key, e, RECORD_EXCLUSION, '');
    }
  }

  // 2. Distinct keys in code-unit order (the order of the trie's edges), and each key's records.
  const sortedKeys = keys.slice().sort();
  const rankOf = new Int32Array(keys.length);
  for (let r = 0; r < sortedKeys.length; r++) rankOf[keyIndex.get(sortedKeys[r]!)!] = r;
  const bucketStart = new Int32Array(sortedKeys.length + 1);
  for (const k of recordKey) bucketStart[rankOf[k]! + 1]!++;
  for (let r = 0; r < sortedKeys.length; r++) bucketStart[r + 1]! += bucketStart[r]!;
  const bucketed = new Int32Array(recordKey.length);
  {
    const fill = bucketStart.slice(0, sortedKeys.length);
    for (let i = 0; i < recordKey.length; i++) bucketed[fill[rankOf[recordKey[i]!]!]!++] = i;
  }
  // Forms in the order they are tried (priority, then the order given); exclusions after them.
  const recordOrder = (a: number, b: number): number =>
    (recordFlag[a]! & RECORD_EXCLUSION) - (recordFlag[b]! & RECORD_EXCLUSION) ||
    entries[recordEntry[b]!]!.priority - entries[recordEntry[a]!]!.priority ||
    a - b;

  const trie = buildTrie(sortedKeys);

  // 3. Terminal nodes and their records, in node order.
  const terminals: number[] = [];
  const recordEntries: number[] = [];
  const recordFlags: number[] = [];
  const caseForms: string[] = [];
  let previousTerminal = 0;
  for (let node = 0; node < trie.nodeCount; node++) {
    const rank = trie.keyOfNode[node]!;
    if (rank < 0) continue;
    const from = bucketStart[rank]!;
    const to = bucketStart[rank + 1]!;
    let kept = 0;
    if (to - from === 1) {
      // The common case: one form of one entry.
      const r = bucketed[from]!;
      recordEntries.push(recordEntry[r]!);
      recordFlags.push(recordFlag[r]!);
      if (recordFlag[r]! & RECORD_CASE_SENSITIVE) caseForms.push(recordCase[r]!);
      kept = 1;
    } else {
      const records = Array.from(bucketed.subarray(from, to)).sort(recordOrder);
      for (let i = 0; i < records.length; i++) {
        const r = records[i]!;
        const p = i > 0 ? records[i - 1]! : -1;
        // The same entry giving the same form twice (a term and a variant that fold alike).
        if (p >= 0 && recordEntry[p] === recordEntry[r] && recordFlag[p] === recordFlag[r] && recordCase[p] === recordCase[r]) continue;
        recordEntries.push(recordEntry[r]!);
        recordFlags.push(recordFlag[r]!);
        if (recordFlag[r]! & RECORD_CASE_SENSITIVE) caseForms.push(recordCase[r]!);
        kept++;
      }
    }
    terminals.push(node - previousTerminal, kept, sortedKeys[rank]!.length);
    previousTerminal = node;
  }

  return {
    version: 1,
    entryIds: entries.map((e) => e.id),
    entrySlots: entries.map((e) => e.slot),
    nodeCount: trie.nodeCount,
    childCounts: packUints(trie.childCounts),
    edgeChars: packCodeUnits(trie.edgeChars),
    fail: packUints(trie.fail),
    terminalCount: terminals.length / 3,
    terminals: packUints(terminals),
    recordCount: recordEntries.length,
    recordEntries: packUints(recordEntries),
    recordFlags: packUints(recordFlags),
    caseForms,
  };
}

interface BuiltTrie {
  nodeCount: number;
  childCounts: Int32Array;
  /** Edge k leads to node k + 1. */
  edgeChars: Uint16Array;
  fail: Int32Array;
  /** The rank (in the sorted keys) of the key that ends at a node, or -1. */
  keyOfNode: Int32Array;
}

/**
 * Builds the trie of sorted, distinct, non-empty keys breadth-first, with failure links. Each node
 * stands for the range of sorted keys that share its prefix; its children split that range by the
 * next code unit. Every key is read once per depth, so this is linear in the keys' total length.
 */
function buildTrie(sortedKeys: readonly string[]): BuiltTrie {
  // The exact node count: each key adds the nodes past its common prefix with the one before.
  let count = 1;
  for (let i = 0; i < sortedKeys.length; i++) {
    const key = sortedKeys[i]!;
    const previous = i > 0 ? sortedKeys[i - 1]! : '';
    let common = 0;
    const limit = Math.min(previous.length, key.length);
    while (common < limit && previous.charCodeAt(common) === key.charCodeAt(common)) common++;
    count += key.length - common;
  }

  const rangeFrom = new Int32Array(count);
  const rangeTo = new Int32Array(count);
  const keyOfNode = new Int32Array(count).fill(-1);
  const edgeChars = new Uint16Array(count - 1);
  // Edge k leads to node k + 1, so a node's edges start where the next node id stood when its
  // children were made.
  const edgeStart = new Int32Array(count + 1);
  rangeTo[0] = sortedKeys.length;
  let next = 1;
  // Breadth-first ids put each depth in one run of ids: [node, levelEnd) have depth d.
  let d = 0;
  let levelEnd = 1;
  for (let node = 0; node < count; node++) {
    if (node === levelEnd) {
      d++;
      levelEnd = next;
    }
    edgeStart[node] = next - 1;
    let from = rangeFrom[node]!;
    const to = rangeTo[node]!;
    // A key that ends here sorts before every longer key with its prefix.
    if (from < to && sortedKeys[from]!.length === d) keyOfNode[node] = from++;
    while (from < to) {
      const c = sortedKeys[from]!.charCodeAt(d);
      const start = from++;
      while (from < to && sortedKeys[from]!.charCodeAt(d) === c) from++;
      const child = next++;
      rangeFrom[child] = start;
      rangeTo[child] = from;
      edgeChars[child - 1] = c;
    }
  }
  edgeStart[count] = count - 1;
  const childCounts = new Int32Array(count);
  for (let node = 0; node < count; node++) childCounts[node] = edgeStart[node + 1]! - edgeStart[node]!;

  // Failure links, in breadth-first order so that every shallower node is done first.
  const rootNext = new Int32Array(0x10000);
  for (let k = 0; k < edgeStart[1]!; k++) rootNext[edgeChars[k]!] = k + 1;
  const fail = new Int32Array(count);
  for (let node = 1; node < count; node++) {
    const to = edgeStart[node + 1]!;
    for (let k = edgeStart[node]!; k < to; k++) {
      const c = edgeChars[k]!;
      let f = fail[node]!;
      let target: number;
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
