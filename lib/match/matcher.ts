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
  childOf,
  type CompiledMatcher,
} from './compile';
import { foldForMatching } from './fold';
import { FOLD_KEEP_CASE, FOLD_LOWER, WORD } from './fold-tables';
import { unpackCodeUnits, unpackUints } from './packing';

/** One occurrence of an entry, in offsets of the raw text given to findMatches. */
export interface Match {
  start: number;
  end: number;
  entryId: string;
  slot: number;
}

/** The node has form records (HAS_FORM) and/or exclusion records (HAS_EXCLUSION). */
const HAS_FORM = 1;
const HAS_EXCLUSION = 2;

export class Matcher {
  readonly #entryIds: string[];
  readonly #entrySlots: number[];
  readonly #edgeStart: Int32Array;
  readonly #edgeChars: Uint16Array;
  readonly #fail: Int32Array;
  /** Nearest proper suffix (along failure links) that ends a pattern, or 0. */
  readonly #dict: Int32Array;
  readonly #depth: Int32Array;
  readonly #outStart: Int32Array;
  readonly #nodeHas: Uint8Array;
  /** Child of the root per code unit, or 0: most positions of a page start at the root. */
  readonly #rootNext: Int32Array;
  readonly #recordEntries: Int32Array;
  readonly #recordFlags: Int32Array;
  /** Case-kept folded form per record, '' for records that ignore case. */
  readonly #recordCaseForms: string[];
  readonly #hasExclusions: boolean;

  private constructor(c: CompiledMatcher) {
    if (c.version !== 1) throw new Error(`unknown compiled matcher version ${String(c.version)}`);
    const n = c.nodeCount;
    const edgeCount = n - 1;
    this.#entryIds = c.entryIds;
    this.#entrySlots = c.entrySlots;

    const childCounts = unpackUints(c.childCounts, n);
    const edgeStart = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) edgeStart[i + 1] = edgeStart[i]! + childCounts[i]!;
    if (edgeStart[n] !== edgeCount) throw new Error('compiled matcher: child counts do not add up');
    const edgeChars = unpackCodeUnits(c.edgeChars, edgeCount);
    const fail = unpackUints(c.fail, n);

    const depth = new Int32Array(n);
    for (let node = 0; node < n; node++) {
      const d = depth[node]! + 1;
      for (let k = edgeStart[node]!; k < edgeStart[node + 1]!; k++) depth[k + 1] = d;
    }

    const recordEntries = unpackUints(c.recordEntries, c.recordCount);
    const recordFlags = unpackUints(c.recordFlags, c.recordCount);
    const terminals = unpackUints(c.terminals, c.terminalCount * 2);
    const outStart = new Int32Array(n + 1);
    const nodeHas = new Uint8Array(n);
    {
      let node = 0;
      const counts = new Int32Array(n);
      for (let t = 0; t < terminals.length; t += 2) {
        node += terminals[t]!;
        counts[node] = terminals[t + 1]!;
      }
      let record = 0;
      for (let i = 0; i < n; i++) {
        outStart[i] = record;
        const end = record + counts[i]!;
        for (let r = record; r < end; r++) {
          nodeHas[i]! |= recordFlags[r]! & RECORD_EXCLUSION ? HAS_EXCLUSION : HAS_FORM;
        }
        record = end;
      }
      outStart[n] = record;
      if (record !== c.recordCount) throw new Error('compiled matcher: record counts do not add up');
    }

    const dict = new Int32Array(n);
    for (let node = 1; node < n; node++) {
      const f = fail[node]!;
      dict[node] = nodeHas[f] ? f : dict[f]!;
    }

    const rootNext = new Int32Array(0x10000);
    for (let k = edgeStart[0]!; k < edgeStart[1]!; k++) rootNext[edgeChars[k]!] = k + 1;

    const recordCaseForms: string[] = new Array<string>(c.recordCount).fill('');
    let caseIndex = 0;
    let hasExclusions = false;
    for (let r = 0; r < c.recordCount; r++) {
      if (recordFlags[r]! & RECORD_CASE_SENSITIVE) recordCaseForms[r] = c.caseForms[caseIndex++] ?? '';
      if (recordFlags[r]! & RECORD_EXCLUSION) hasExclusions = true;
    }

    this.#edgeStart = edgeStart;
    this.#edgeChars = edgeChars;
    this.#fail = fail;
    this.#dict = dict;
    this.#depth = depth;
    this.#outStart = outStart;
    this.#nodeHas = nodeHas;
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
   */
  findMatches(text: string): Match[] {
    const folded = foldForMatching(text);
    const key = folded.key;
    const map = folded.map;
    const len = key.length;

    // Phase 1: every occurrence of every pattern, as (start, end, node) in key offsets.
    const rootNext = this.#rootNext;
    const edgeStart = this.#edgeStart;
    const edgeChars = this.#edgeChars;
    const fail = this.#fail;
    const dict = this.#dict;
    const depth = this.#depth;
    const nodeHas = this.#nodeHas;
    let hits = new Int32Array(48);
    let hitCount = 0;
    let state = 0;
    for (let i = 0; i < len; i++) {
      const c = key.charCodeAt(i);
      for (;;) {
        if (state === 0) {
          state = rootNext[c]!;
          break;
        }
        const next = childOf(edgeStart, edgeChars, state, c);
        if (next !== 0) {
          state = next;
          break;
        }
        state = fail[state]!;
      }
      let out = nodeHas[state] ? state : dict[state]!;
      while (out !== 0) {
        if (hitCount * 3 + 3 > hits.length) {
          const grown = new Int32Array(hits.length * 2);
          grown.set(hits);
          hits = grown;
        }
        hits[hitCount * 3] = i + 1 - depth[out]!;
        hits[hitCount * 3 + 1] = i + 1;
        hits[hitCount * 3 + 2] = out;
        hitCount++;
        out = dict[out]!;
      }
    }
    if (hitCount === 0) return [];

    // Phase 2: where each entry's exclusions occur, as (start, end) pairs per entry index.
    const exclusionsOf = this.#hasExclusions ? this.#collectExclusions(hits, hitCount) : undefined;

    // Phase 3: the longest valid candidate per start.
    const bestEnd = new Int32Array(len);
    const bestRecord = new Int32Array(len);
    for (let h = 0; h < hitCount; h++) {
      const node = hits[h * 3 + 2]!;
      if (!(nodeHas[node]! & HAS_FORM)) continue;
      const start = hits[h * 3]!;
      const end = hits[h * 3 + 1]!;
      if (end <= bestEnd[start]!) continue;
      const record = this.#firstValidRecord(node, start, end, text, key, map, exclusionsOf);
      if (record >= 0) {
        bestEnd[start] = end;
        bestRecord[start] = record;
      }
    }

    // Phase 4: leftmost-longest, non-overlapping.
    const matches: Match[] = [];
    for (let s = 0; s < len; ) {
      const e = bestEnd[s]!;
      if (e === 0) {
        s++;
        continue;
      }
      const entry = this.#recordEntries[bestRecord[s]!]!;
      matches.push({ start: map[s]!, end: map[e - 1]! + 1, entryId: this.#entryIds[entry]!, slot: this.#entrySlots[entry]! });
      s = e;
    }
    return matches;
  }

  #collectExclusions(hits: Int32Array, hitCount: number): Map<number, number[]> {
    const exclusionsOf = new Map<number, number[]>();
    for (let h = 0; h < hitCount; h++) {
      const node = hits[h * 3 + 2]!;
      if (!(this.#nodeHas[node]! & HAS_EXCLUSION)) continue;
      for (let r = this.#outStart[node]!; r < this.#outStart[node + 1]!; r++) {
        if (!(this.#recordFlags[r]! & RECORD_EXCLUSION)) continue;
        const entry = this.#recordEntries[r]!;
        let spans = exclusionsOf.get(entry);
        if (!spans) exclusionsOf.set(entry, (spans = []));
        spans.push(hits[h * 3]!, hits[h * 3 + 1]!);
      }
    }
    return exclusionsOf;
  }

  /** The first of a node's form records (in priority order) whose checks pass here, or -1. */
  #firstValidRecord(
    node: number,
    start: number,
    end: number,
    text: string,
    key: string,
    map: Uint32Array,
    exclusionsOf: Map<number, number[]> | undefined,
  ): number {
    for (let r = this.#outStart[node]!; r < this.#outStart[node + 1]!; r++) {
      const flags = this.#recordFlags[r]!;
      if (flags & RECORD_EXCLUSION) break; // exclusions are sorted after forms
      if (flags & RECORD_BOUNDARY_START && start > 0 && WORD[key.charCodeAt(start - 1)]) continue;
      if (flags & RECORD_BOUNDARY_END && end < key.length && WORD[key.charCodeAt(end)]) continue;
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
function caseMatches(caseForm: string, start: number, end: number, text: string, key: string, map: Uint32Array): boolean {
  for (let i = start; i < end; i++) {
    const original = FOLD_KEEP_CASE[text.charCodeAt(map[i]!)]!;
    if (FOLD_LOWER[original] === key.charCodeAt(i) && original !== caseForm.charCodeAt(i - start)) return false;
  }
  return true;
}

function isInsideAny(spans: number[], start: number, end: number): boolean {
  for (let i = 0; i < spans.length; i += 2) {
    if (spans[i]! <= start && end <= spans[i + 1]!) return true;
  }
  return false;
}
