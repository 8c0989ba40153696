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
  COMPILED_STRING_FIELDS,
  MATCHER_FORMAT_VERSION,
  type CompiledMatcher,
} from './compile';
import { foldIntoScratch, foldMarkupIntoScratch, type ScratchFold } from './fold';
import { ensureFoldTables, FOLD_KEEP_CASE, FOLD_LOWER, WORD } from './fold-tables';
import { isPackedBelow, isPackedInPairs, packedIncludesAny, pairAt, smallUintAt } from './packing';

/** One occurrence of an entry, in offsets of the raw text given to findMatches. */
export interface Match {
  start: number;
  end: number;
  entryId: string;
  /** The entry's index in the glossary compiled (the order given to compileGlossary). */
  entry: number;
  slot: number;
}

/** RECORD_* flags are five bits: every record's flags are below this. */
const FLAG_VALUES = 32;
/** Colour slots are 0–7. */
const SLOT_VALUES = 8;
/** The flag values with a given RECORD_* bit set. */
const valuesWith = (bit: number): number[] => Array.from({ length: FLAG_VALUES }, (_, f) => f).filter((f) => f & bit);
const EXCLUSION_FLAG_VALUES = valuesWith(RECORD_EXCLUSION);
const CASE_SENSITIVE_FLAG_VALUES = valuesWith(RECORD_CASE_SENSITIVE);

/** The last start #candidates found (module state, not a field: see #candidates and foldUnits in fold.ts). */
let candidatesLastStart = -1;

/** Trie nodes made room for at first (Matcher grows its arrays by doubling). */
const INITIAL_NODES = 4096;

/**
 * An Aho–Corasick automaton over a glossary's folded forms: breadth-first trie in compressed rows
 * (sorted edge arrays searched by binary search, a direct table for the root), failure and
 * dictionary-suffix links. Made once per content script with Matcher.from; holds no DOM.
 */
export class Matcher {
  /** The entry ids, concatenated: entry e's is [pairAt(#idOffsets, e), pairAt(#idOffsets, e + 1)). */
  readonly #ids: string;
  readonly #idOffsets: string;
  /** Ids cut out of #ids so far, by entry index: a page names few of the entries. */
  readonly #idCache: (string | undefined)[];
  #allIds: string[] | undefined;
  readonly #entryCount: number;
  /** Colour slot by entry index, one unit each (smallUintAt). */
  readonly #entrySlots: string;
  /**
   * Labels as sent, concatenated: entry e's is [pairAt(#labelOffsets, e), pairAt(#labelOffsets, e + 1)),
   * '' where a RECORD_LABEL record's key is the label.
   */
  readonly #sentLabels: string;
  readonly #labelOffsets: string;
  /**
   * The distinct folded keys in code-unit order, concatenated: key k (terminal k) is
   * [#keyStart[k], #keyStart[k + 1]). Read in place, code unit by code unit: no key becomes a
   * string of its own unless labels() needs it.
   */
  readonly #keys: string;
  readonly #keyStart: Int32Array;
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
  /**
   * Per key (terminal): its first record, and one past the last (pairAt: read in place, never
   * unpacked). A key's forms come before its exclusions, so its first record tells whether it has
   * forms, its last whether it has exclusions.
   */
  readonly #terminalRecords: string;
  /** Child of the root per code unit, or 0: most positions of a page start at the root. */
  readonly #rootNext: Int32Array;
  /** Per record: its entry's index (pairAt). */
  readonly #recordEntries: string;
  /** Per record: RECORD_* flags, packed one unit each (read with smallUintAt, never unpacked). */
  readonly #recordFlags: string;
  /**
   * The case-kept folded forms, concatenated; per record, where its form starts there (it is as
   * long as the record's key), or -1 for a record that ignores case (no array when none has a form).
   */
  readonly #caseForms: string;
  readonly #recordCaseStart: Int32Array;
  readonly #hasExclusions: boolean;
  // Scratch space kept between calls, so that scanning allocates nothing in the steady state.
  #hits = new Int32Array(96);
  #bestEnd = new Int32Array(0);
  #bestRecord = new Int32Array(0);

  private constructor(c: CompiledMatcher, initialNodes: number) {
    // The case and word checks read the fold tables: filled here if nothing has folded yet.
    ensureFoldTables();
    if (!c || typeof c !== 'object') throw new Error('compiled matcher: not an object');
    if (c.version !== MATCHER_FORMAT_VERSION) {
      // Version 2 sent its keys, ids and labels as lists of strings, version 3 its offsets as
      // lengths to add up, version 4 its keys' lengths (see CompiledMatcher).
      const version = c.version as unknown;
      throw new Error(
        version === 2 || version === 3 || version === 4
          ? `compiled matcher: format version ${version} is no longer read (this code reads version ${MATCHER_FORMAT_VERSION}); compile the glossary again`
          : `compiled matcher: unknown format version ${String(c.version)}`,
      );
    }
    for (const field of ['entryCount', 'keyCount', 'recordCount'] as const) {
      if (!Number.isSafeInteger(c[field]) || c[field] < 0) throw new Error(`compiled matcher: bad ${field}`);
    }
    for (const field of COMPILED_STRING_FIELDS) {
      if (typeof c[field] !== 'string') throw new Error(`compiled matcher: ${field} is not a string`);
    }
    const entryCount = c.entryCount;
    const keyCount = c.keyCount;
    const recordCount = c.recordCount;
    const keys = c.keys;

    // The keys' offsets are unpacked, because making the trie's nodes reads them over and over
    // (read in place, they made scanning a page slower than unpacking them costs). Every other
    // list of integers is read in place where a match needs a value (pairAt, smallUintAt):
    // unpacking the 70,000 record, id and label offsets of a 10,000-entry glossary cost 8–11 ms of
    // cold code per page (version 3). Their shapes are checked here with native scans; a value is
    // checked where it is read (an entry index past the entries throws from findMatches).
    const keyOffsets = c.keyOffsets;
    if (!isPackedInPairs(keyOffsets, keyCount + 1) || pairAt(keyOffsets, 0) !== 0 || pairAt(keyOffsets, keyCount) !== keys.length) {
      throw new Error('compiled matcher: keyOffsets are malformed or do not add up to keys');
    }
    const keyStart = new Int32Array(keyCount + 1);
    for (let k = 1; k <= keyCount; k++) {
      const start = pairAt(keyOffsets, k);
      if (!(start > keyStart[k - 1]!)) throw new Error('compiled matcher: an empty key, or key offsets that fall back');
      keyStart[k] = start;
    }
    const recordFlags = c.recordFlags;
    if (!isPackedBelow(recordFlags, recordCount, FLAG_VALUES)) throw new Error('compiled matcher: malformed recordFlags');
    if (!isPackedBelow(c.entrySlots, entryCount, SLOT_VALUES)) throw new Error('compiled matcher: malformed entrySlots');
    const terminalRecords = c.keyRecordOffsets;
    if (!isPackedInPairs(terminalRecords, keyCount + 1) || pairAt(terminalRecords, 0) !== 0 || pairAt(terminalRecords, keyCount) !== recordCount) {
      throw new Error('compiled matcher: keyRecordOffsets are malformed or do not add up to the records');
    }
    if (!isPackedInPairs(c.recordEntries, recordCount)) throw new Error('compiled matcher: malformed recordEntries');
    // Ids and labels are only handed on (a wrong one names a wrong entry, it cannot break the
    // automaton), but their offsets must span their strings exactly.
    if (!isPackedInPairs(c.entryIdOffsets, entryCount + 1) || pairAt(c.entryIdOffsets, entryCount) !== c.entryIds.length) {
      throw new Error('compiled matcher: entryIdOffsets are malformed or do not add up to entryIds');
    }
    if (!isPackedInPairs(c.labelOffsets, entryCount + 1) || pairAt(c.labelOffsets, entryCount) !== c.labels.length) {
      throw new Error('compiled matcher: labelOffsets are malformed or do not add up to labels');
    }
    this.#entryCount = entryCount;
    this.#entrySlots = c.entrySlots;
    this.#ids = c.entryIds;
    this.#idOffsets = c.entryIdOffsets;
    this.#idCache = new Array<string | undefined>(entryCount);
    this.#sentLabels = c.labels;
    this.#labelOffsets = c.labelOffsets;
    this.#keys = keys;
    this.#keyStart = keyStart;
    // That the keys are distinct and in code-unit order (else the ranges that stand for nodes would
    // be wrong) is checked where the trie is made of them, in #expand: here for the first code unit
    // of every key (the root's children), later for the deeper units of the nodes that scanning
    // reaches. Comparing every key with the one before, here, reads their common prefixes: 280,000
    // code units for the realistic 10,000-entry glossary, 6–9 ms of cold code in Node (version 2
    // compared whole strings natively, which one concatenated string does not allow without
    // cutting 20,000 strings out of it again).

    // Only case-sensitive records read theirs; most glossaries have none.
    let recordCaseStart = new Int32Array(0);
    if (c.caseForms.length > 0 || packedIncludesAny(recordFlags, CASE_SENSITIVE_FLAG_VALUES)) {
      recordCaseStart = new Int32Array(recordCount).fill(-1);
      let at = 0;
      for (let k = 0; k < keyCount; k++) {
        for (let r = pairAt(terminalRecords, k); r < pairAt(terminalRecords, k + 1); r++) {
          if (!(smallUintAt(recordFlags, r) & RECORD_CASE_SENSITIVE)) continue;
          recordCaseStart[r] = at;
          at += keyStart[k + 1]! - keyStart[k]!;
        }
      }
      if (at !== c.caseForms.length) throw new Error('compiled matcher: case forms do not match the records');
    }
    this.#caseForms = c.caseForms;
    this.#recordCaseStart = recordCaseStart;

    // Room for the trie's nodes, which compileGlossary counted. Fresh typed arrays are zeroed
    // memory, so no more than that: #expand refuses to go past it.
    const capacity = c.nodeCount;
    if (!(Number.isSafeInteger(capacity) && capacity >= keyCount + 1 && capacity <= keys.length + 1)) {
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
    this.#terminalRecords = terminalRecords;
    this.#recordEntries = c.recordEntries;
    this.#recordFlags = recordFlags;
    this.#hasExclusions = packedIncludesAny(recordFlags, EXCLUSION_FLAG_VALUES);

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
   * Decodes a compiled glossary (also after a JSON round trip). Throws an Error starting
   * "compiled matcher:" on another format version (version 2 included) or a malformed matcher,
   * except for keys out of code-unit order below their first unit: those throw the same Error from
   * findMatches, when scanning reaches them (as a nodeCount too small does). Linear in the number
   * of keys and entries: the trie's nodes and failure links are made later, for the part of the
   * trie that scanning reaches, in arrays that start with room for `initialNodes` (4,096 by
   * default) and double as needed (tests start them tiny, so that growing is exercised on every
   * case). Keys, ids and labels stay in the strings they came in; an id becomes a string of its own
   * when a match first names its entry.
   */
  static from(compiled: CompiledMatcher, options: { initialNodes?: number } = {}): Matcher {
    return new Matcher(compiled, options.initialNodes ?? INITIAL_NODES);
  }

  /**
   * The entries' ids, by entry index (the order given to compileGlossary). Made on first use (a
   * content script needs them only for the popup's list of a page's terms), then kept.
   */
  get entryIds(): readonly string[] {
    if (!this.#allIds) {
      const ids = new Array<string>(this.#entryCount);
      for (let e = 0; e < ids.length; e++) ids[e] = this.#entryId(e);
      this.#allIds = ids;
    }
    return this.#allIds;
  }

  /** The entry of record `r`, read in place; throws for one past the entries (a malformed matcher). */
  #entryOf(r: number): number {
    const entry = pairAt(this.#recordEntries, r);
    if (!(entry < this.#entryCount)) throw new Error('compiled matcher: a record names no entry');
    return entry;
  }

  /** The id of entry `e`, cut out of the concatenated ids the first time a match names the entry. */
  #entryId(e: number): string {
    let id = this.#idCache[e];
    if (id === undefined) this.#idCache[e] = id = this.#ids.slice(pairAt(this.#idOffsets, e), pairAt(this.#idOffsets, e + 1));
    return id;
  }

  /** The entries' labels (MatchableEntry.label), by entry index; '' for an entry without one. */
  labels(): string[] {
    const labels = new Array<string>(this.#entryCount);
    for (let e = 0; e < labels.length; e++) labels[e] = this.#sentLabels.slice(pairAt(this.#labelOffsets, e), pairAt(this.#labelOffsets, e + 1));
    for (let k = 0; k < this.#keyStart.length - 1; k++) {
      for (let r = pairAt(this.#terminalRecords, k); r < pairAt(this.#terminalRecords, k + 1); r++) {
        if (smallUintAt(this.#recordFlags, r) & RECORD_LABEL) labels[this.#entryOf(r)] = this.#keys.slice(this.#keyStart[k], this.#keyStart[k + 1]);
      }
    }
    return labels;
  }

  /**
   * Makes the children of `node`: one per distinct code unit at its depth among its keys, in
   * code-unit order, with consecutive ids. A key that ends at the node sorts first in its range.
   * Throws if the node's keys are not distinct and in code-unit order at its depth, which is where
   * Matcher checks the keys' order (see the constructor).
   */
  #expand(node: number): void {
    const d = this.#depth[node]!;
    let from = this.#rangeFrom[node]!;
    const to = this.#rangeTo[node]!;
    if (from < to && this.#keyStart[from + 1]! - this.#keyStart[from]! === d) from++;
    const first = this.#size;
    this.#edgeStart[node] = first - 1;
    const next = this.#makeChildren(node, d, from, to, first);
    this.#edgeEnd[node] = next - 1;
    this.#expanded[node] = 1;
    this.#size = next;
  }

  /**
   * #expand's loop: makes the children of `node` (at depth `d`, over keys [from, to)) from id
   * `next` on, and returns the id after the last. A function of its own, which ends with the loop:
   * V8 compiles a long loop while it runs (on-stack replacement), and in #expand's first call, the
   * root's first child with hundreds of keys, the statements after the loop had not yet run, so
   * the code compiled then gave up at the loop's end, and every later call entered that same code
   * again and gave up there again (205 times over the million-character page, V8's --trace-deopt;
   * docs/architecture.md, "Hot loops end their functions").
   */
  #makeChildren(node: number, d: number, from: number, to: number, next: number): number {
    const keys = this.#keys;
    const keyStart = this.#keyStart;
    // Each key's unit at d, -1 for a key that ends at d, which only the range's first key may do
    // (it was skipped by #expand). Units must rise from run to run, or the keys were out of order.
    let previous = -1;
    let child = 0;
    let at = keyStart[from]!;
    for (let k = from; k <= to; k++) {
      let c = -2;
      if (k < to) {
        const end = keyStart[k + 1]!;
        c = at + d < end ? keys.charCodeAt(at + d) : -1;
        at = end;
        if (c === previous) {
          if (c < 0) throw new Error('compiled matcher: keys out of order');
          continue;
        }
        if (c < previous) throw new Error('compiled matcher: keys out of order');
        previous = c;
      }
      if (child !== 0) {
        // The run of the child before ends here. Only its first key may end at the child (d + 1):
        // checked here for the second, so that a duplicate key is refused even if the child is
        // never expanded; #expand of the child checks the rest.
        const first = this.#rangeFrom[child]!;
        this.#rangeTo[child] = k;
        if (k - first > 1 && keyStart[first + 2]! - keyStart[first + 1]! === d + 1) throw new Error('compiled matcher: keys out of order');
      }
      if (k === to) break;
      if (next >= this.#allocated) {
        // Only a wrong nodeCount gets past the capacity; writing past it would corrupt the automaton.
        if (next >= this.#capacity) throw new Error('compiled matcher: more trie nodes than its nodeCount');
        this.#grow(next + 1);
      }
      child = next++;
      this.#rangeFrom[child] = k;
      this.#depth[child] = d + 1;
      this.#parent[child] = node;
      this.#edgeChars[child - 1] = c;
      if (keyStart[k + 1]! - keyStart[k]! === d + 1) this.#nodeTerminal[child] = k + 1;
    }
    return next;
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
    return this.#find(text, foldIntoScratch(text));
  }

  /**
   * findMatches of the text that `html[from, to)` stands for, read from that markup without
   * cutting the text out of it (see foldMarkupIntoScratch for the markup it takes): offsets in
   * that text, as findMatches gives for it.
   */
  findMatchesInMarkup(html: string, from: number, to: number): Match[] {
    return this.#find(html, foldMarkupIntoScratch(html, from, to));
  }

  /** The matches of a folded `source` (text, or markup whose `raw` offsets point into it). */
  #find(source: string, folded: ScratchFold): Match[] {
    const map = folded.map;
    const len = folded.length;
    const hitCount = this.#scan(folded.key, len);
    if (hitCount === 0) return [];
    const hits = this.#hits;

    // Phase 2: where each entry's exclusions occur, as (start, end) pairs per entry index.
    const exclusionsOf = this.#hasExclusions ? this.#collectExclusions(hits, hitCount) : undefined;

    // Phase 3: the longest valid candidate per start.
    if (this.#bestEnd.length < len) {
      this.#bestEnd = new Int32Array(len + (len >> 2));
      this.#bestRecord = new Int32Array(len + (len >> 2));
    }
    const bestEnd = this.#bestEnd;
    const bestRecord = this.#bestRecord;
    const firstStart = this.#candidates(hits, hitCount, source, folded, exclusionsOf);
    const lastStart = candidatesLastStart;

    // Phase 4: leftmost-longest, non-overlapping; and clear the scratch for the next call.
    const matches: Match[] = [];
    let free = 0;
    for (let s = firstStart; s <= lastStart; s++) {
      const e = bestEnd[s]!;
      if (e === 0) continue;
      bestEnd[s] = 0;
      if (s < free) continue;
      const entry = this.#entryOf(bestRecord[s]!);
      matches.push({ start: map[s]!, end: map[e - 1]! + 1, entryId: this.#entryId(entry), entry, slot: smallUintAt(this.#entrySlots, entry) });
      free = e;
    }
    return matches;
  }

  /**
   * Phase 1 of #find: every occurrence of every pattern in `key[0, len)`, as (start, end, terminal)
   * in key offsets, written to #hits; returns how many. A function of its own that ends with its
   * loop, for the reason foldUnits gives (fold.ts): #find's phases after this loop, compiled while
   * a page's first long block ran the loop, gave up at its end in every later call (192 times over
   * the million-character page).
   */
  #scan(key: Uint16Array, len: number): number {
    const rootNext = this.#rootNext;
    // Node arrays in locals, read again whenever the trie grew (#grow replaces them).
    let allocated = this.#allocated;
    let fail = this.#fail;
    let dict = this.#dict;
    let nodeTerminal = this.#nodeTerminal;
    let depth = this.#depth;
    let hits = this.#hits;
    let hitCount = 0;
    let state = 0;
    for (let i = 0; i < len; i++) {
      const c = key[i]!;
      if (state === 0) {
        // Most of a page's units start nothing: at the root, a unit that no key starts with leaves
        // the automaton where it is, with nothing to report (a child of the root has the root as
        // its failure link, set when the matcher was made, and no proper suffix to report).
        state = rootNext[c]!;
        if (state === 0) continue;
      } else {
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
      }
      if (allocated !== this.#allocated) {
        allocated = this.#allocated;
        fail = this.#fail;
        dict = this.#dict;
        nodeTerminal = this.#nodeTerminal;
        depth = this.#depth;
      }
      let out = nodeTerminal[state] ? state : dict[state]!;
      while (out !== 0) {
        const terminal = nodeTerminal[out]! - 1;
        if (hitCount * 3 + 3 > hits.length) {
          const grown = new Int32Array(hits.length * 2);
          grown.set(hits);
          this.#hits = hits = grown;
        }
        // A terminal node's depth is its key's length.
        hits[hitCount * 3] = i + 1 - depth[out]!;
        hits[hitCount * 3 + 1] = i + 1;
        hits[hitCount * 3 + 2] = terminal;
        hitCount++;
        out = dict[out]!;
      }
    }
    return hitCount;
  }

  /**
   * Phase 3 of #find: for each start, the longest candidate among the hits whose checks pass (in
   * #bestEnd and #bestRecord); returns the first such start (`len` for none) and leaves the last in
   * candidatesLastStart. A function of its own that ends with its loop, as #scan (a block with
   * hundreds of hits compiled phase 4 before it ever ran otherwise: 325 give-ups with the dense
   * 10,000-term glossary on the million-character page).
   */
  #candidates(hits: Int32Array, hitCount: number, source: string, folded: ScratchFold, exclusionsOf: Map<number, number[]> | undefined): number {
    const { key, raw, length: len } = folded;
    const bestEnd = this.#bestEnd;
    const bestRecord = this.#bestRecord;
    let firstStart = len;
    let lastStart = -1;
    for (let h = 0; h < hitCount; h++) {
      const terminal = hits[h * 3 + 2]!;
      const firstRecord = pairAt(this.#terminalRecords, terminal);
      // Every key has a record (the offsets are read in place, so this is where that is checked).
      if (!(firstRecord < pairAt(this.#terminalRecords, terminal + 1))) throw new Error('compiled matcher: a key has no records');
      // A key without forms (only exclusions) starts with an exclusion record.
      if (smallUintAt(this.#recordFlags, firstRecord) & RECORD_EXCLUSION) continue;
      const start = hits[h * 3]!;
      const end = hits[h * 3 + 1]!;
      if (end <= bestEnd[start]!) continue;
      const record = this.#firstValidRecord(terminal, start, end, source, key, raw, len, exclusionsOf);
      if (record >= 0) {
        bestEnd[start] = end;
        bestRecord[start] = record;
        if (start < firstStart) firstStart = start;
        if (start > lastStart) lastStart = start;
      }
    }
    candidatesLastStart = lastStart;
    return firstStart;
  }

  #collectExclusions(hits: Int32Array, hitCount: number): Map<number, number[]> {
    const exclusionsOf = new Map<number, number[]>();
    for (let h = 0; h < hitCount; h++) {
      const terminal = hits[h * 3 + 2]!;
      // A key with exclusions ends with an exclusion record.
      if (!(smallUintAt(this.#recordFlags, pairAt(this.#terminalRecords, terminal + 1) - 1) & RECORD_EXCLUSION)) continue;
      for (let r = pairAt(this.#terminalRecords, terminal); r < pairAt(this.#terminalRecords, terminal + 1); r++) {
        if (!(smallUintAt(this.#recordFlags, r) & RECORD_EXCLUSION)) continue;
        const entry = this.#entryOf(r);
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
    source: string,
    key: Uint16Array,
    raw: Uint32Array,
    len: number,
    exclusionsOf: Map<number, number[]> | undefined,
  ): number {
    for (let r = pairAt(this.#terminalRecords, terminal); r < pairAt(this.#terminalRecords, terminal + 1); r++) {
      const flags = smallUintAt(this.#recordFlags, r);
      if (flags & RECORD_EXCLUSION) break; // exclusions are sorted after forms
      if (flags & RECORD_BOUNDARY_START && start > 0 && WORD[key[start - 1]!]) continue;
      if (flags & RECORD_BOUNDARY_END && end < len && WORD[key[end]!]) continue;
      if (flags & RECORD_CASE_SENSITIVE && !caseMatches(this.#caseForms, this.#recordCaseStart[r]!, start, end, source, key, raw)) continue;
      if (exclusionsOf) {
        const spans = exclusionsOf.get(this.#entryOf(r));
        if (spans && isInsideAny(spans, start, end)) continue;
      }
      return r;
    }
    return -1;
  }
}

/**
 * Whether the text under key[start..end) has the letter case of the case-kept form that starts at
 * `at` in `caseForms`. Only positions whose key unit came from a letter through lower-casing are
 * compared with the original, read in `source` at `raw` (in markup, a unit decoded from a
 * reference is read as its `&`, which lower-cases to no letter and so is never compared); every
 * other unit (spaces, Traditional characters, surrogates) already equals the form, since the
 * automaton matched.
 */
function caseMatches(caseForms: string, at: number, start: number, end: number, source: string, key: Uint16Array, raw: Uint32Array): boolean {
  for (let i = start; i < end; i++) {
    const unit = source.charCodeAt(raw[i]!);
    const original = FOLD_KEEP_CASE[unit]! || unit;
    if ((FOLD_LOWER[original]! || original) === key[i] && original !== caseForms.charCodeAt(at + i - start)) return false;
  }
  return true;
}

function isInsideAny(spans: number[], start: number, end: number): boolean {
  for (let i = 0; i < spans.length; i += 2) {
    if (spans[i]! <= start && end <= spans[i + 1]!) return true;
  }
  return false;
}
