/**
 * The automaton that finds glossary terms in page text (design: "Matching: one fold, one
 * automaton"). A content script decodes the background's CompiledMatcher once with Matcher.from and
 * then calls findMatches per block of text.
 */
import {
  RECORD_BOUNDARY_END,
  RECORD_BOUNDARY_START,
  RECORD_CASE_SENSITIVE,
  RECORD_EXCLUSION,
  RECORD_LABEL,
  type CompiledMatcher,
} from './compile';
import { foldIntoScratch } from './fold';
import { FOLD_KEEP_CASE, FOLD_LOWER, WORD } from './fold-tables';
import { unpackUints } from './packing';

/** One occurrence of an entry, in offsets of the raw text given to findMatches. */
export interface Match {
  start: number;
  end: number;
  entryId: string;
  slot: number;
}

/** Bits of a terminal's `has`: it ends a form of some entry, an exclusion of some entry. */
const HAS_FORM = 1;
const HAS_EXCLUSION = 2;

/**
 * An Aho–Corasick automaton over a glossary's folded forms: breadth-first trie in compressed rows
 * (sorted edge arrays searched by binary search, a direct table for the root), failure and
 * dictionary-suffix links. Made once per content script with Matcher.from; holds no DOM.
 */
/** Trie nodes made room for at first (Matcher grows its arrays by doubling). */
const INITIAL_NODES = 4096;

export class Matcher {
  readonly #entryIds: string[];
  readonly #entrySlots: Int32Array;
  /** Labels as sent: '' where a RECORD_LABEL record's key is the label. */
  readonly #sentLabels: string[];
  /** The distinct folded keys in code-unit order; key k is terminal k. */
  readonly #keys: string[];
  // The trie, made lazily: a node is the range of keys that share its path, and its children are
  // made (all at once, so that they take consecutive ids) the first time something asks for them.
  // A content script decodes once per page, in code the engine has not optimised yet, and a page
  // reaches few of the nodes (a Chinese page hardly any of the English renderings').
  /** Nodes made so far; room made for them (grown by doubling); how many the keys can make at most. */
  #size = 1;
  #allocated: number;
  readonly #capacity: number;
  #rangeFrom: Int32Array;
  #rangeTo: Int32Array;
  #depth: Int32Array;
  #parent: Int32Array;
  /** Per node: 1 once its children are made. */
  #expanded: Uint8Array;
  /** Per node: its edges are [edgeStart, edgeEnd); edge k leads to node k + 1. */
  #edgeStart: Int32Array;
  #edgeEnd: Int32Array;
  #edgeChars: Uint16Array;
  /** Failure link + 1 per node; 0 until #resolve computes it. */
  #fail: Int32Array;
  /** Nearest proper suffix (along failure links) that ends a pattern, or 0; valid once fail is. */
  #dict: Int32Array;
  /** Per node: 1 + the rank of the key that ends there, or 0. */
  #nodeTerminal: Int32Array;
  /** Per key (terminal): its length, its first record (and one past the last), HAS_* bits. */
  readonly #terminalDepth: Int32Array;
  readonly #terminalRecords: Int32Array;
  readonly #terminalHas: Uint8Array;
  /** Child of the root per code unit, or 0: most positions of a page start at the root. */
  readonly #rootNext: Int32Array;
  readonly #recordEntries: Int32Array;
  readonly #recordFlags: Int32Array;
  /** Case-kept folded form per record, '' for records that ignore case (empty when none has one). */
  readonly #recordCaseForms: string[];
  readonly #hasExclusions: boolean;
  // Scratch space kept between calls, so that scanning allocates nothing in the steady state.
  #hits = new Int32Array(96);
  #bestEnd = new Int32Array(0);
  #bestRecord = new Int32Array(0);

  private constructor(c: CompiledMatcher, initialNodes: number) {
    if (!c || typeof c !== 'object') throw new Error('compiled matcher: not an object');
    if (c.version !== 2) throw new Error(`unknown compiled matcher version ${String(c.version)}`);
    for (const field of ['entryCount', 'recordCount'] as const) {
      if (!Number.isSafeInteger(c[field]) || c[field] < 0) throw new Error(`compiled matcher: bad ${field}`);
    }
    for (const field of ['entrySlots', 'keyRecordCounts', 'recordEntries', 'recordFlags'] as const) {
      if (typeof c[field] !== 'string') throw new Error(`compiled matcher: ${field} is not a string`);
    }
    // Keys are checked one by one in the loop below, which reads them anyway; ids and labels are
    // only handed on (a wrong one names a wrong entry, it cannot break the automaton).
    for (const field of ['entryIds', 'labels', 'keys'] as const) {
      if (!Array.isArray(c[field])) throw new Error(`compiled matcher: ${field} is not a list of strings`);
    }
    if (!isStringArray(c.caseForms)) throw new Error('compiled matcher: caseForms is not a list of strings');
    if (c.entryIds.length !== c.entryCount || c.labels.length !== c.entryCount) throw new Error('compiled matcher: bad entry count');
    const keys = c.keys;
    const keyCount = keys.length;
    const recordCount = c.recordCount;
    this.#entryIds = c.entryIds;
    this.#sentLabels = c.labels;
    this.#keys = keys;

    let recordEntries: Int32Array;
    let recordFlags: Int32Array;
    let keyRecordCounts: Int32Array;
    try {
      this.#entrySlots = unpackUints(c.entrySlots, c.entryCount);
      recordEntries = unpackUints(c.recordEntries, recordCount);
      recordFlags = unpackUints(c.recordFlags, recordCount);
      keyRecordCounts = unpackUints(c.keyRecordCounts, keyCount);
    } catch (error) {
      throw new Error(`compiled matcher: malformed entries or records (${String(error)})`);
    }

    // The keys must be distinct and sorted, or the ranges that stand for nodes would be wrong.
    const terminalDepth = new Int32Array(keyCount);
    let totalLength = 0;
    for (let k = 0; k < keyCount; k++) {
      const key = keys[k]!;
      if (typeof key !== 'string') throw new Error('compiled matcher: keys is not a list of strings');
      if (key.length === 0 || (k > 0 && !(keys[k - 1]! < key))) throw new Error('compiled matcher: keys out of order');
      terminalDepth[k] = key.length;
      totalLength += key.length;
    }

    // Records per key, and what kinds of record each key has.
    const terminalRecords = new Int32Array(keyCount + 1);
    const terminalHas = new Uint8Array(keyCount);
    let hasExclusions = false;
    let caseSensitiveRecords = 0;
    {
      let record = 0;
      for (let k = 0; k < keyCount; k++) {
        terminalRecords[k] = record;
        const end = record + keyRecordCounts[k]!;
        if (end > recordCount || end === record) throw new Error('compiled matcher: record counts do not add up');
        for (; record < end; record++) {
          const isExclusion = recordFlags[record]! & RECORD_EXCLUSION;
          if (recordFlags[record]! & RECORD_CASE_SENSITIVE) caseSensitiveRecords++;
          terminalHas[k]! |= isExclusion ? HAS_EXCLUSION : HAS_FORM;
          if (isExclusion) hasExclusions = true;
          if (recordEntries[record]! >= c.entryCount) throw new Error('compiled matcher: bad entry index');
        }
      }
      terminalRecords[keyCount] = record;
      if (record !== recordCount) throw new Error('compiled matcher: record counts do not add up');
    }

    // Only case-sensitive records read theirs; most glossaries have none.
    const recordCaseForms: string[] = [];
    if (c.caseForms.length > 0 || caseSensitiveRecords > 0) {
      if (c.caseForms.length !== caseSensitiveRecords) throw new Error('compiled matcher: case forms do not match the records');
      let caseIndex = 0;
      for (let r = 0; r < recordCount; r++) {
        recordCaseForms.push(recordFlags[r]! & RECORD_CASE_SENSITIVE ? c.caseForms[caseIndex++]! : '');
      }
    }

    // Room for the trie's nodes, which compileGlossary counted. Fresh typed arrays are zeroed
    // memory, so no more than that: #expand refuses to go past it.
    const capacity = c.nodeCount;
    if (!(Number.isSafeInteger(capacity) && capacity >= keyCount + 1 && capacity <= totalLength + 1)) {
      throw new Error('compiled matcher: bad nodeCount');
    }
    this.#capacity = capacity;
    // Room for a few thousand nodes, grown as scanning reaches more: a page reaches few of the
    // 190,000 nodes of a 10,000-entry glossary, and eleven arrays for all of them were 8 MB.
    const allocated = Math.max(1, Math.min(capacity, Math.floor(initialNodes)));
    this.#allocated = allocated;
    this.#rangeFrom = new Int32Array(allocated);
    this.#rangeTo = new Int32Array(allocated);
    this.#depth = new Int32Array(allocated);
    this.#parent = new Int32Array(allocated);
    this.#expanded = new Uint8Array(allocated);
    this.#edgeStart = new Int32Array(allocated);
    this.#edgeEnd = new Int32Array(allocated);
    this.#edgeChars = new Uint16Array(allocated);
    this.#fail = new Int32Array(allocated);
    this.#dict = new Int32Array(allocated);
    this.#nodeTerminal = new Int32Array(allocated);
    this.#rangeTo[0] = keyCount;
    this.#terminalDepth = terminalDepth;
    this.#terminalRecords = terminalRecords;
    this.#terminalHas = terminalHas;
    this.#recordEntries = recordEntries;
    this.#recordFlags = recordFlags;
    this.#recordCaseForms = recordCaseForms;
    this.#hasExclusions = hasExclusions;

    // The root's children now, for the direct table; their failure links are the root.
    this.#expand(0);
    this.#fail[0] = 1;
    const rootNext = new Int32Array(0x10000);
    for (let k = this.#edgeStart[0]!; k < this.#edgeEnd[0]!; k++) {
      rootNext[this.#edgeChars[k]!] = k + 1;
      this.#fail[k + 1] = 1;
    }
    this.#rootNext = rootNext;
  }

  /**
   * Decodes a compiled glossary (also after a JSON round trip). Throws on an unknown format
   * version or a malformed matcher. Linear in the number of keys: the trie's nodes and failure
   * links are made later, for the part of the trie that scanning reaches, in arrays that start
   * with room for `initialNodes` (4,096 by default) and double as needed (tests start them tiny,
   * so that growing is exercised on every case).
   */
  static from(compiled: CompiledMatcher, options: { initialNodes?: number } = {}): Matcher {
    return new Matcher(compiled, options.initialNodes ?? INITIAL_NODES);
  }

  /** The entries' ids, by entry index (the order given to compileGlossary). */
  get entryIds(): readonly string[] {
    return this.#entryIds;
  }

  /** The entries' labels (MatchableEntry.label), by entry index; '' for an entry without one. */
  labels(): string[] {
    const labels = this.#sentLabels.slice();
    for (let k = 0; k < this.#keys.length; k++) {
      for (let r = this.#terminalRecords[k]!; r < this.#terminalRecords[k + 1]!; r++) {
        if (this.#recordFlags[r]! & RECORD_LABEL) labels[this.#recordEntries[r]!] = this.#keys[k]!;
      }
    }
    return labels;
  }

  /**
   * Makes the children of `node`: one per distinct code unit at its depth among its keys, in
   * code-unit order, with consecutive ids. A key that ends at the node sorts first in its range.
   */
  #expand(node: number): void {
    const keys = this.#keys;
    const d = this.#depth[node]!;
    let from = this.#rangeFrom[node]!;
    const to = this.#rangeTo[node]!;
    if (from < to && keys[from]!.length === d) from++;
    let next = this.#size;
    this.#edgeStart[node] = next - 1;
    while (from < to) {
      const c = keys[from]!.charCodeAt(d);
      const start = from++;
      while (from < to && keys[from]!.charCodeAt(d) === c) from++;
      if (next >= this.#allocated) {
        // Only a wrong nodeCount gets past the capacity; writing past it would corrupt the automaton.
        if (next >= this.#capacity) throw new Error('compiled matcher: more trie nodes than its nodeCount');
        this.#grow(next + 1);
      }
      const child = next++;
      this.#rangeFrom[child] = start;
      this.#rangeTo[child] = from;
      this.#depth[child] = d + 1;
      this.#parent[child] = node;
      this.#edgeChars[child - 1] = c;
      if (keys[start]!.length === d + 1) this.#nodeTerminal[child] = start + 1;
    }
    this.#edgeEnd[node] = next - 1;
    this.#expanded[node] = 1;
    this.#size = next;
  }

  /**
   * Makes room for at least `min` nodes (at most the capacity), keeping what is made. The arrays
   * are replaced: code that holds one in a local must read it again after anything that may
   * make nodes (#expand, #childOf, #resolve).
   */
  #grow(min: number): void {
    let size = this.#allocated;
    while (size < min) size *= 2;
    size = Math.min(size, this.#capacity);
    const grown32 = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.#rangeFrom = grown32(this.#rangeFrom);
    this.#rangeTo = grown32(this.#rangeTo);
    this.#depth = grown32(this.#depth);
    this.#parent = grown32(this.#parent);
    this.#edgeStart = grown32(this.#edgeStart);
    this.#edgeEnd = grown32(this.#edgeEnd);
    this.#fail = grown32(this.#fail);
    this.#dict = grown32(this.#dict);
    this.#nodeTerminal = grown32(this.#nodeTerminal);
    const expanded = new Uint8Array(size);
    expanded.set(this.#expanded);
    this.#expanded = expanded;
    const edgeChars = new Uint16Array(size);
    edgeChars.set(this.#edgeChars);
    this.#edgeChars = edgeChars;
    this.#allocated = size;
  }

  /**
   * Computes the failure and dictionary links of node v (depth ≥ 2), and of the shallower nodes
   * they need. Every node it touches is shallower than v, so the recursion ends.
   */
  #resolve(v: number): void {
    // The arrays are read from their fields each time: the calls below may make nodes (#grow).
    const u = this.#parent[v]!;
    const c = this.#edgeChars[v - 1]!;
    if (this.#fail[u] === 0) this.#resolve(u);
    let f = this.#fail[u]! - 1;
    let target: number;
    for (;;) {
      target = f === 0 ? this.#rootNext[c]! : this.#childOf(f, c);
      if (target !== 0 || f === 0) break;
      if (this.#fail[f] === 0) this.#resolve(f);
      f = this.#fail[f]! - 1;
    }
    if (this.#fail[target] === 0) this.#resolve(target);
    this.#fail[v] = target + 1;
    this.#dict[v] = this.#nodeTerminal[target] ? target : this.#dict[target]!;
  }

  /** The child of `node` along code unit `c`, or 0; makes the node's children if need be. */
  #childOf(node: number, c: number): number {
    if (!this.#expanded[node]) this.#expand(node);
    const edgeChars = this.#edgeChars;
    let lo = this.#edgeStart[node]!;
    let hi = this.#edgeEnd[node]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const m = edgeChars[mid]!;
      if (m === c) return mid + 1;
      if (m < c) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  }

  /**
   * Finds the glossary's occurrences in raw (unfolded) text, as offsets into that text, sorted and
   * non-overlapping.
   *
   * Promises:
   * - the text is folded with foldForMatching, so whitespace and invisible characters inside a
   *   term, full-width forms, letter case and Traditional characters don't stop a match;
   * - a candidate counts only if it passes its entry's checks: word boundaries (a side of a form
   *   that is a letter or digit must not touch a letter or digit in the text), letter case for
   *   case-sensitive entries (the text, full-width-folded but not lower-cased, equals the form),
   *   and exclusions (it does not lie within an occurrence of one of its entry's exclusions);
   * - among the candidates that count, the output is leftmost-longest and non-overlapping: scanning
   *   from the left, the earliest start wins, then the longest; the next match starts at or after
   *   the previous end;
   * - when entries share a folded form, the first one whose checks pass in priority order wins.
   *
   * Linear in the length of the text (plus the number of candidates). Not re-entrant: it keeps
   * scratch space between calls, which single-threaded JavaScript makes safe.
   */
  findMatches(text: string): Match[] {
    const folded = foldIntoScratch(text);
    const key = folded.key;
    const map = folded.map;
    const len = folded.length;

    // Phase 1: every occurrence of every pattern, as (start, end, terminal) in key offsets.
    const rootNext = this.#rootNext;
    // Node arrays in locals, read again whenever the trie grew (#grow replaces them).
    let allocated = this.#allocated;
    let fail = this.#fail;
    let dict = this.#dict;
    let nodeTerminal = this.#nodeTerminal;
    const terminalDepth = this.#terminalDepth;
    let hits = this.#hits;
    let hitCount = 0;
    let state = 0;
    for (let i = 0; i < len; i++) {
      const c = key[i]!;
      for (;;) {
        if (state === 0) {
          state = rootNext[c]!;
          break;
        }
        const next = this.#childOf(state, c);
        if (next !== 0) {
          state = next;
          break;
        }
        if (allocated !== this.#allocated) fail = this.#fail;
        state = fail[state]! - 1;
      }
      if (this.#fail[state] === 0) this.#resolve(state);
      if (allocated !== this.#allocated) {
        allocated = this.#allocated;
        fail = this.#fail;
        dict = this.#dict;
        nodeTerminal = this.#nodeTerminal;
      }
      let out = nodeTerminal[state] ? state : dict[state]!;
      while (out !== 0) {
        const terminal = nodeTerminal[out]! - 1;
        if (hitCount * 3 + 3 > hits.length) {
          const grown = new Int32Array(hits.length * 2);
          grown.set(hits);
          this.#hits = hits = grown;
        }
        hits[hitCount * 3] = i + 1 - terminalDepth[terminal]!;
        hits[hitCount * 3 + 1] = i + 1;
        hits[hitCount * 3 + 2] = terminal;
        hitCount++;
        out = dict[out]!;
      }
    }
    if (hitCount === 0) return [];

    // Phase 2: where each entry's exclusions occur, as (start, end) pairs per entry index.
    const exclusionsOf = this.#hasExclusions ? this.#collectExclusions(hits, hitCount) : undefined;

    // Phase 3: the longest valid candidate per start.
    if (this.#bestEnd.length < len) {
      this.#bestEnd = new Int32Array(len + (len >> 2));
      this.#bestRecord = new Int32Array(len + (len >> 2));
    }
    const bestEnd = this.#bestEnd;
    const bestRecord = this.#bestRecord;
    let firstStart = len;
    let lastStart = -1;
    for (let h = 0; h < hitCount; h++) {
      const terminal = hits[h * 3 + 2]!;
      if (!(this.#terminalHas[terminal]! & HAS_FORM)) continue;
      const start = hits[h * 3]!;
      const end = hits[h * 3 + 1]!;
      if (end <= bestEnd[start]!) continue;
      const record = this.#firstValidRecord(terminal, start, end, text, key, map, len, exclusionsOf);
      if (record >= 0) {
        bestEnd[start] = end;
        bestRecord[start] = record;
        if (start < firstStart) firstStart = start;
        if (start > lastStart) lastStart = start;
      }
    }

    // Phase 4: leftmost-longest, non-overlapping; and clear the scratch for the next call.
    const matches: Match[] = [];
    let free = 0;
    for (let s = firstStart; s <= lastStart; s++) {
      const e = bestEnd[s]!;
      if (e === 0) continue;
      bestEnd[s] = 0;
      if (s < free) continue;
      const entry = this.#recordEntries[bestRecord[s]!]!;
      matches.push({ start: map[s]!, end: map[e - 1]! + 1, entryId: this.#entryIds[entry]!, slot: this.#entrySlots[entry]! });
      free = e;
    }
    return matches;
  }

  #collectExclusions(hits: Int32Array, hitCount: number): Map<number, number[]> {
    const exclusionsOf = new Map<number, number[]>();
    for (let h = 0; h < hitCount; h++) {
      const terminal = hits[h * 3 + 2]!;
      if (!(this.#terminalHas[terminal]! & HAS_EXCLUSION)) continue;
      for (let r = this.#terminalRecords[terminal]!; r < this.#terminalRecords[terminal + 1]!; r++) {
        if (!(this.#recordFlags[r]! & RECORD_EXCLUSION)) continue;
        const entry = this.#recordEntries[r]!;
        let spans = exclusionsOf.get(entry);
        if (!spans) exclusionsOf.set(entry, (spans = []));
        spans.push(hits[h * 3]!, hits[h * 3 + 1]!);
      }
    }
    return exclusionsOf;
  }

  /** The first of a terminal's form records (in priority order) whose checks pass here, or -1. */
  #firstValidRecord(
    terminal: number,
    start: number,
    end: number,
    text: string,
    key: Uint16Array,
    map: Uint32Array,
    len: number,
    exclusionsOf: Map<number, number[]> | undefined,
  ): number {
    for (let r = this.#terminalRecords[terminal]!; r < this.#terminalRecords[terminal + 1]!; r++) {
      const flags = this.#recordFlags[r]!;
      if (flags & RECORD_EXCLUSION) break; // exclusions are sorted after forms
      if (flags & RECORD_BOUNDARY_START && start > 0 && WORD[key[start - 1]!]) continue;
      if (flags & RECORD_BOUNDARY_END && end < len && WORD[key[end]!]) continue;
      if (flags & RECORD_CASE_SENSITIVE && !caseMatches(this.#recordCaseForms[r]!, start, end, text, key, map)) continue;
      if (exclusionsOf) {
        const spans = exclusionsOf.get(this.#recordEntries[r]!);
        if (spans && isInsideAny(spans, start, end)) continue;
      }
      return r;
    }
    return -1;
  }
}

/**
 * Whether the text under key[start..end) has the letter case of `caseForm`. Only positions whose key
 * unit came from a letter through lower-casing are compared with the original; every other unit
 * (spaces, Traditional characters, surrogates) already equals the form, since the automaton matched.
 */
function caseMatches(caseForm: string, start: number, end: number, text: string, key: Uint16Array, map: Uint32Array): boolean {
  for (let i = start; i < end; i++) {
    const original = FOLD_KEEP_CASE[text.charCodeAt(map[i]!)]!;
    if (FOLD_LOWER[original] === key[i] && original !== caseForm.charCodeAt(i - start)) return false;
  }
  return true;
}

function isInsideAny(spans: number[], start: number, end: number): boolean {
  for (let i = 0; i < spans.length; i += 2) {
    if (spans[i]! <= start && end <= spans[i + 1]!) return true;
  }
  return false;
}

function isStringArray(value: unknown): value is string[] {
  if (!Array.isArray(value)) return false;
  // An index loop: for…of's iterator is slow in code that has not been optimised yet.
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'string') return false;
  return true;
}
