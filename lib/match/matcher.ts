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
  type CompiledMatcher,
} from './compile';
import { foldIntoScratch } from './fold';
import { FOLD_KEEP_CASE, FOLD_LOWER, WORD } from './fold-tables';
import { UintReader, unpackUints } from './packing';

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
  readonly #entrySlots: number[];
  readonly #edgeStart: Int32Array;
  readonly #edgeChars: Uint16Array;
  readonly #fail: Int32Array;
  /** Nearest proper suffix (along failure links) that ends a pattern, or 0. */
  readonly #dict: Int32Array;
  /** Per node: 1 + the index of the terminal that it is, or 0. */
  readonly #nodeTerminal: Int32Array;
  /** Per terminal: the length of its key, its first record, HAS_* bits. */
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
    if (c.version !== 1) throw new Error(`unknown compiled matcher version ${String(c.version)}`);
    const n = c.nodeCount;
    if (!(Number.isInteger(n) && n >= 1)) throw new Error('compiled matcher: bad node count');
    this.#entryIds = c.entryIds;
    this.#entrySlots = c.entrySlots;

    const recordCount = c.recordCount;
    const recordEntries = unpackUints(c.recordEntries, recordCount);
    const recordFlags = unpackUints(c.recordFlags, recordCount);

    const terminalCount = c.terminalCount;
    const nodeTerminal = new Int32Array(n);
    const terminalDepth = new Int32Array(terminalCount);
    const terminalRecords = new Int32Array(terminalCount + 1);
    const terminalHas = new Uint8Array(terminalCount);
    {
      const terminals = new UintReader(c.terminals);
      let node = 0;
      let record = 0;
      for (let t = 0; t < terminalCount; t++) {
        node += terminals.next();
        const count = terminals.next();
        terminalDepth[t] = terminals.next();
        if (node >= n || nodeTerminal[node] !== 0 || node === 0) throw new Error('compiled matcher: bad terminal');
        nodeTerminal[node] = t + 1;
        terminalRecords[t] = record;
        for (let r = record; r < record + count && r < recordCount; r++) {
          terminalHas[t]! |= recordFlags[r]! & RECORD_EXCLUSION ? HAS_EXCLUSION : HAS_FORM;
        }
        record += count;
      }
      terminals.end();
      terminalRecords[terminalCount] = record;
      if (record !== recordCount) throw new Error('compiled matcher: record counts do not add up');
    }

    // The per-node arrays in one pass, with the varint and escape decoding written out: a content
    // script decodes once per page, in code that the engine has not optimised yet, where every
    // call and pass counts.
    const edgeStart = new Int32Array(n + 1);
    const edgeChars = new Uint16Array(n - 1);
    const fail = new Int32Array(n);
    const dict = new Int32Array(n);
    {
      const counts = c.childCounts;
      const fails = c.fail;
      const chars = c.edgeChars;
      let pc = 0;
      let pf = 0;
      let pe = 0;
      let edge = 0;
      for (let node = 0; node < n; node++) {
        let count = counts.charCodeAt(pc++) - 0x30;
        if (count >= 0x4000) count = ((count & 0x3fff) << 14) | (counts.charCodeAt(pc++) - 0x30);
        let f = fails.charCodeAt(pf++) - 0x30;
        if (f >= 0x4000) f = ((f & 0x3fff) << 14) | (fails.charCodeAt(pf++) - 0x30);
        // NaN (past the end) fails these tests too. Failure links point to shallower nodes, which
        // breadth-first numbering puts first.
        if (!(count >= 0 && edge + count < n && f >= 0 && (f < node || f === 0))) {
          throw new Error('compiled matcher: malformed trie');
        }
        edgeStart[node] = edge;
        for (const end = edge + count; edge < end; edge++) {
          let ch = chars.charCodeAt(pe++);
          if (ch === 0xffff) ch = chars.charCodeAt(pe++) + 0xd000;
          edgeChars[edge] = ch;
        }
        fail[node] = f;
        if (node > 0) dict[node] = nodeTerminal[f] ? f : dict[f]!;
      }
      edgeStart[n] = edge;
      if (edge !== n - 1 || pc !== counts.length || pf !== fails.length || pe !== chars.length) {
        throw new Error('compiled matcher: malformed trie');
      }
    }

    const rootNext = new Int32Array(0x10000);
    for (let k = 0; k < edgeStart[1]!; k++) rootNext[edgeChars[k]!] = k + 1;

    const recordCaseForms: string[] = new Array<string>(recordCount).fill('');
    let caseIndex = 0;
    let hasExclusions = false;
    for (let r = 0; r < recordCount; r++) {
      if (recordFlags[r]! & RECORD_CASE_SENSITIVE) recordCaseForms[r] = c.caseForms[caseIndex++] ?? '';
      if (recordFlags[r]! & RECORD_EXCLUSION) hasExclusions = true;
      if (recordEntries[r]! >= this.#entryIds.length) throw new Error('compiled matcher: bad entry index');
    }

    this.#edgeStart = edgeStart;
    this.#edgeChars = edgeChars;
    this.#fail = fail;
    this.#dict = dict;
    this.#nodeTerminal = nodeTerminal;
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
   * version or a malformed matcher.
   */
  static from(compiled: CompiledMatcher): Matcher {
    return new Matcher(compiled);
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
        state = fail[state]!;
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
