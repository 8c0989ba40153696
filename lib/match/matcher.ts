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
import { unitsAsString, unpackUints } from './packing';
import { unpackMatcherFromWire } from './wire';

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
export class Matcher {
  readonly #entryIds: string[];
  readonly #entrySlots: Int32Array;
  /** Labels as sent: '' where a RECORD_LABEL record's key is the label. */
  readonly #sentLabels: string[];
  readonly #edgeStart: Int32Array;
  readonly #edgeChars: Uint16Array;
  readonly #parent: Int32Array;
  /** Failure link + 1 per node; 0 until #resolve computes it (most nodes are never reached). */
  readonly #fail: Int32Array;
  /** Nearest proper suffix (along failure links) that ends a pattern, or 0; valid once fail is. */
  readonly #dict: Int32Array;
  /** Per node: 1 + the rank of the key that ends there, or 0. Keys are the terminals. */
  readonly #nodeTerminal: Int32Array;
  /** Per key: its node. */
  readonly #keyNode: Int32Array;
  /** Per key (terminal): its length, its first record (and one past the last), HAS_* bits. */
  readonly #terminalDepth: Int32Array;
  readonly #terminalRecords: Int32Array;
  readonly #terminalHas: Uint8Array;
  /** Child of the root per code unit, or 0: most positions of a page start at the root. */
  readonly #rootNext: Int32Array;
  readonly #recordEntries: Int32Array;
  readonly #recordFlags: Int32Array;
  /** Case-kept folded form per record, '' for records that ignore case. */
  readonly #recordCaseForms: string[];
  readonly #hasExclusions: boolean;
  // Scratch space kept between calls, so that scanning allocates nothing in the steady state.
  #hits = new Int32Array(96);
  #bestEnd = new Int32Array(0);
  #bestRecord = new Int32Array(0);

  private constructor(c: CompiledMatcher) {
    if (!c || typeof c !== 'object') throw new Error('compiled matcher: not an object');
    if (c.version !== 2) throw new Error(`unknown compiled matcher version ${String(c.version)}`);
    for (const field of ['entryCount', 'nodeCount', 'keyCount', 'recordCount'] as const) {
      if (!Number.isSafeInteger(c[field]) || c[field] < 0) throw new Error(`compiled matcher: bad ${field}`);
    }
    for (const field of ['entrySlots', 'keyShapes', 'keyRests', 'keyRecordCounts', 'recordEntries', 'recordFlags'] as const) {
      if (typeof c[field] !== 'string') throw new Error(`compiled matcher: ${field} is not a string`);
    }
    for (const field of ['entryIds', 'labels', 'caseForms'] as const) {
      if (!isStringArray(c[field])) throw new Error(`compiled matcher: ${field} is not a list of strings`);
    }
    if (c.entryIds.length !== c.entryCount || c.labels.length !== c.entryCount) throw new Error('compiled matcher: bad entry count');
    const n = c.nodeCount;
    const keyCount = c.keyCount;
    const recordCount = c.recordCount;
    if (n < 1 || n > 0x7fffffff || keyCount >= n) throw new Error('compiled matcher: bad node count');
    this.#entryIds = c.entryIds;
    this.#sentLabels = c.labels;
    try {
      this.#entrySlots = unpackUints(c.entrySlots, c.entryCount);
    } catch (error) {
      throw new Error(`compiled matcher: malformed entries (${String(error)})`);
    }

    let recordEntries: Int32Array;
    let recordFlags: Int32Array;
    let shapes: Int32Array;
    let keyRecordCounts: Int32Array;
    try {
      recordEntries = unpackUints(c.recordEntries, recordCount);
      recordFlags = unpackUints(c.recordFlags, recordCount);
      shapes = unpackUints(c.keyShapes, keyCount * 2);
      keyRecordCounts = unpackUints(c.keyRecordCounts, keyCount);
    } catch (error) {
      throw new Error(`compiled matcher: malformed keys or records (${String(error)})`);
    }

    // Records per key, and what kinds of record each key has.
    const terminalRecords = new Int32Array(keyCount + 1);
    const terminalHas = new Uint8Array(keyCount);
    const terminalDepth = new Int32Array(keyCount);
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

    // How many trie nodes each depth has: key k makes the nodes at depths common+1 … its length.
    let maxDepth = 0;
    let previousLength = 0;
    for (let k = 0; k < keyCount; k++) {
      const common = shapes[k * 2]!;
      const rest = shapes[k * 2 + 1]!;
      // Sorted distinct keys: each shares at most all of the key before and adds at least one unit.
      if (common > previousLength || rest < 1 || common + rest > 0x7fffffff) throw new Error('compiled matcher: malformed keys');
      previousLength = common + rest;
      terminalDepth[k] = previousLength;
      if (previousLength > maxDepth) maxDepth = previousLength;
    }
    const levelNext = new Int32Array(maxDepth + 2);
    for (let k = 0; k < keyCount; k++) {
      levelNext[shapes[k * 2]! + 1]!++;
      levelNext[terminalDepth[k]! + 1]!--;
    }
    // Running sum: nodes per depth; then the first breadth-first id of each depth.
    levelNext[0] = 1;
    for (let d = 1; d <= maxDepth; d++) levelNext[d]! += levelNext[d - 1]! - (d === 1 ? 1 : 0);
    {
      let id = 0;
      for (let d = 0; d <= maxDepth; d++) {
        const count = levelNext[d]!;
        levelNext[d] = id;
        id += count;
      }
      if (id !== n) throw new Error('compiled matcher: node count does not match the keys');
    }

    // The breadth-first trie, from the keys in order. Front-coded sorted keys walk the trie depth
    // first, and depth-first order restricted to one depth is breadth-first order there (both are
    // the order of the nodes' paths), so each new node's id is the next free one of its depth.
    const parent = new Int32Array(n);
    const edgeChars = new Uint16Array(n - 1);
    // Children per node, counted at edgeStart[node + 1] and summed below.
    const edgeStart = new Int32Array(n + 1);
    const nodeTerminal = new Int32Array(n);
    const keyNode = new Int32Array(keyCount);
    {
      const path = new Int32Array(maxDepth + 1);
      const rests = c.keyRests;
      let pe = 0;
      previousLength = 0;
      for (let k = 0; k < keyCount; k++) {
        const common = shapes[k * 2]!;
        const length = terminalDepth[k]!;
        let node = path[common]!;
        for (let d = common + 1; d <= length; d++) {
          let ch = rests.charCodeAt(pe++);
          if (ch === 0xffff) ch = rests.charCodeAt(pe++) + 0xd000;
          if (!(ch >= 0 && ch <= 0xffff)) throw new Error('compiled matcher: malformed key text');
          // The first unit after the common prefix must sort after the key before's unit there.
          if (d === common + 1 && common < previousLength && !(ch > edgeChars[path[d]! - 1]!)) {
            throw new Error('compiled matcher: keys out of order');
          }
          const id = levelNext[d]!++;
          parent[id] = node;
          edgeStart[node + 1]!++;
          edgeChars[id - 1] = ch;
          path[d] = id;
          node = id;
        }
        nodeTerminal[node] = k + 1;
        keyNode[k] = node;
        previousLength = length;
      }
      if (pe !== rests.length) throw new Error('compiled matcher: key text is longer than the keys');
    }

    // Breadth-first ids put each node's children in one run, in code-unit order: edge k leads to node k + 1.
    for (let u = 0; u < n; u++) edgeStart[u + 1]! += edgeStart[u]!;

    const rootNext = new Int32Array(0x10000);
    // Failure links plus one, so that a fresh array means "not computed yet" without a fill.
    const fail = new Int32Array(n);
    const dict = new Int32Array(n);
    fail[0] = 1;
    for (let k = 0; k < edgeStart[1]!; k++) {
      rootNext[edgeChars[k]!] = k + 1;
      fail[k + 1] = 1;
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

    this.#edgeStart = edgeStart;
    this.#edgeChars = edgeChars;
    this.#parent = parent;
    this.#fail = fail;
    this.#dict = dict;
    this.#nodeTerminal = nodeTerminal;
    this.#keyNode = keyNode;
    this.#terminalDepth = terminalDepth;
    this.#terminalRecords = terminalRecords;
    this.#terminalHas = terminalHas;
    this.#rootNext = rootNext;
    this.#recordEntries = recordEntries;
    this.#recordFlags = recordFlags;
    this.#recordCaseForms = recordCaseForms;
    this.#hasExclusions = hasExclusions;
  }

  /**
   * Decodes a compiled glossary (also after a JSON round trip). Throws on an unknown format
   * version or a malformed matcher. Linear in the size of the trie; failure links are computed
   * later, for the nodes that scanning reaches.
   */
  static from(compiled: CompiledMatcher): Matcher {
    return new Matcher(compiled);
  }

  /**
   * Decodes a matcher as it comes in a message (packMatcherForWire's text). Throws, with a message
   * starting "compiled matcher:" or naming the version, when it is malformed.
   */
  static async fromWire(wire: string): Promise<Matcher> {
    return new Matcher(await unpackMatcherFromWire(wire));
  }

  /** The entries' ids, by entry index (the order given to compileGlossary). */
  get entryIds(): readonly string[] {
    return this.#entryIds;
  }

  /** The entries' labels (MatchableEntry.label), by entry index; '' for an entry without one. */
  labels(): string[] {
    const labels = this.#sentLabels.slice();
    const keyCount = this.#keyNode.length;
    // Every label that is a key, read up the trie into one buffer and made one string, then cut:
    // one string per label instead of a buffer and a string each.
    let total = 0;
    let count = 0;
    for (let k = 0; k < keyCount; k++) {
      for (let r = this.#terminalRecords[k]!; r < this.#terminalRecords[k + 1]!; r++) {
        if (this.#recordFlags[r]! & RECORD_LABEL) {
          total += this.#terminalDepth[k]!;
          count++;
        }
      }
    }
    if (count === 0) return labels;
    const units = new Uint16Array(total);
    const cuts = new Int32Array(count * 2);
    let at = 0;
    let c = 0;
    for (let k = 0; k < keyCount; k++) {
      for (let r = this.#terminalRecords[k]!; r < this.#terminalRecords[k + 1]!; r++) {
        if (!(this.#recordFlags[r]! & RECORD_LABEL)) continue;
        const depth = this.#terminalDepth[k]!;
        let node = this.#keyNode[k]!;
        for (let i = at + depth - 1; i >= at; i--) {
          units[i] = this.#edgeChars[node - 1]!;
          node = this.#parent[node]!;
        }
        cuts[c * 2] = this.#recordEntries[r]!;
        cuts[c * 2 + 1] = at;
        at += depth;
        c++;
      }
    }
    const text = unitsAsString(units);
    for (let i = 0; i < count; i++) {
      const end = i + 1 < count ? cuts[i * 2 + 3]! : total;
      labels[cuts[i * 2]!] = text.slice(cuts[i * 2 + 1]!, end);
    }
    return labels;
  }

  /**
   * Computes the failure and dictionary links of node v (depth ≥ 2), and of the shallower nodes
   * they need. Every node it touches is shallower than v, so the recursion ends.
   */
  #resolve(v: number): void {
    const fail = this.#fail;
    const u = this.#parent[v]!;
    const c = this.#edgeChars[v - 1]!;
    if (fail[u] === 0) this.#resolve(u);
    let f = fail[u]! - 1;
    let target: number;
    for (;;) {
      target = f === 0 ? this.#rootNext[c]! : this.#childOf(f, c);
      if (target !== 0 || f === 0) break;
      if (fail[f] === 0) this.#resolve(f);
      f = fail[f]! - 1;
    }
    if (fail[target] === 0) this.#resolve(target);
    fail[v] = target + 1;
    this.#dict[v] = this.#nodeTerminal[target] ? target : this.#dict[target]!;
  }

  /** The child of `node` along code unit `c`, or 0. */
  #childOf(node: number, c: number): number {
    const edgeChars = this.#edgeChars;
    let lo = this.#edgeStart[node]!;
    let hi = this.#edgeStart[node + 1]! - 1;
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
    const edgeStart = this.#edgeStart;
    const edgeChars = this.#edgeChars;
    const fail = this.#fail;
    const dict = this.#dict;
    const nodeTerminal = this.#nodeTerminal;
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
        // The child along c, by binary search over the node's edges (sorted by code unit).
        let lo = edgeStart[state]!;
        let hi = edgeStart[state + 1]! - 1;
        let next = 0;
        while (lo <= hi) {
          const mid = (lo + hi) >>> 1;
          const m = edgeChars[mid]!;
          if (m === c) {
            next = mid + 1;
            break;
          }
          if (m < c) lo = mid + 1;
          else hi = mid - 1;
        }
        if (next !== 0) {
          state = next;
          break;
        }
        state = fail[state]! - 1;
      }
      if (fail[state] === 0) this.#resolve(state);
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
  for (const item of value) if (typeof item !== 'string') return false;
  return true;
}
