/**
 * The one fold (design: "Matching: one fold, one automaton"). Glossary forms and page text both go
 * through foldForMatching, so that the two can never disagree about what matches what.
 */
import {
  ASTRAL_T2S,
  BMP_TO_ASTRAL,
  FOLD_KEEP_CASE,
  FOLD_LOWER,
  KIND,
  KIND_CJK,
  KIND_CJK_TO_ASTRAL,
  KIND_HIGH_SURROGATE,
  KIND_INVISIBLE,
  KIND_LOW_SURROGATE,
  KIND_OTHER,
  KIND_SPACE,
  ensureFoldTables,
  isAstralCjk,
} from './fold-tables';

/** A folded text: the matching key, and where each of its code units came from. */
export interface Folded {
  /** The matching key. */
  key: string;
  /**
   * `map[i]` is the offset in the original text of `key[i]`; `map[key.length]` is the original
   * text's length. An occurrence `key[s..e)` is the original `[map[s], map[e - 1] + 1)`.
   */
  map: Uint32Array;
}

export interface FoldOptions {
  /** Keep letter case (for case-sensitive entries). The key has the same length and map either way. */
  keepCase?: boolean;
}

const SPACE = 0x20;

// Scratch buffers, reused by every call: folding thousands of glossary forms must not allocate
// thousands of typed arrays (their garbage dominated compile time). JavaScript is single-threaded
// and the fold never re-enters itself, so sharing them is safe.
let scratchKey = new Uint16Array(256);
let scratchMap = new Uint32Array(256);
let scratchRaw = new Uint32Array(256);
// Set by foldInto when the text holds an unpaired surrogate, which TextDecoder would replace.
let sawLoneSurrogate = false;

const utf16 = isLittleEndian() ? new TextDecoder('utf-16le', { ignoreBOM: true }) : undefined;

/**
 * Folds `text` into a matching key, keeping a map from every key position back to `text`.
 *
 * - Full-width ASCII variants (U+FF01–FF5E) become ASCII; letters are lower-cased unless
 *   `opts.keepCase`. Case folding never changes the length: the keys with and without `keepCase`
 *   align unit for unit.
 * - Traditional characters become Simplified, one character at a time (OpenCC's tables, see
 *   scripts/build-t2s-table.mjs). Every code unit of the result maps into the original character,
 *   so `map[e - 1] + 1` is always the end of an original character.
 * - Invisible characters (U+00AD soft hyphen, U+200B–200D, U+2060, U+FEFF) are dropped everywhere:
 *   `pro\u00ADductive` folds to `productive`.
 * - A run of whitespace (ASCII whitespace, NBSP, U+2000–200A, U+3000 ideographic space, line and
 *   paragraph separators …) vanishes when a CJK character stands on either side of it, and
 *   otherwise collapses to one space, mapped to the run's first character. Chinese has no spaces,
 *   so whitespace next to CJK is layout: a printed line break (`新\n质生产力`), a letter-spaced
 *   headline (`西 部 大 开 发`), or the spacing that many sites put between Chinese and Latin
 *   (`5G 智能`, `2019 年`). Whitespace at the very start or end of the text is kept as one space.
 * - "CJK" here means Han ideographs (unified, extensions, compatibility ideographs), Kana,
 *   Bopomofo, Hangul, CJK symbols and punctuation (U+3001–303F), full-width and half-width
 *   punctuation (U+FF00–FFEF except full-width letters and digits, which are Latin), curly quotes,
 *   the dashes and ellipsis that Chinese text uses, and the middle dot.
 *
 * Runs in linear time with one table lookup per code unit.
 */
export function foldForMatching(text: string, opts?: FoldOptions): Folded {
  const len = foldInto(text, opts?.keepCase ? FOLD_KEEP_CASE : FOLD_LOWER, 0, text.length, false);
  return { key: keyString(len), map: scratchMap.slice(0, len + 1) };
}

/** The key of foldForMatching(text, { keepCase }), without the map. */
export function foldKey(text: string, keepCase = false): string {
  const table = keepCase ? FOLD_KEEP_CASE : FOLD_LOWER;
  if (foldsToItself(text, table)) return text;
  const length = foldInto(text, table, 0, text.length, false);
  // A text that foldsToItself turned down may fold to itself all the same (a space before CJK at
  // the start): returned as it is, it costs no new string.
  if (length === text.length) {
    const key = scratchKey;
    let same = true;
    for (let i = 0; i < length; i++) {
      if (key[i] !== text.charCodeAt(i)) {
        same = false;
        break;
      }
    }
    if (same) return text;
  }
  return keyString(length);
}

/**
 * Whether foldInto would give `text` back unchanged: every unit folds to itself, and every
 * whitespace is one plain space with no CJK beside it. False for some texts that fold to themselves
 * all the same (a space before CJK at the start): foldKey folds those.
 *
 * Read with two table look-ups a unit and nothing written, where foldInto writes three arrays a
 * unit and foldKey then compares. Most of a glossary's forms are already folded, and a compile
 * folds every form of every entry: 20,000 for 10,000 terms with their English renderings, where
 * this took the realistic glossary's compile from 24.5 to 22–23 ms (Node 20, warm).
 */
function foldsToItself(text: string, table: Uint16Array): boolean {
  ensureFoldTables();
  const kinds = KIND;
  let afterSpace = false;
  let afterCjk = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const kind = kinds[c]!;
    if (kind === KIND_SPACE) {
      // A space after CJK vanishes (or, at the end, stays): left to foldInto, as is one before CJK.
      if (c !== SPACE || afterSpace || afterCjk) return false;
      afterSpace = true;
      continue;
    }
    if (kind !== KIND_OTHER && kind !== KIND_CJK) return false;
    const folded = table[c]!;
    if (folded !== 0 && folded !== c) return false;
    const cjk = kind === KIND_CJK;
    if (cjk && afterSpace) return false;
    afterSpace = false;
    afterCjk = cjk;
  }
  return true;
}

/** A fold held in the shared scratch buffers: valid only until the next fold of anything. */
export interface ScratchFold {
  key: Uint16Array;
  /** `map[i]`: the offset of `key[i]` in the text (see Folded.map); `map[length]` is the text's length. */
  map: Uint32Array;
  /**
   * `raw[i]`: where `key[i]` came from in the string that was folded. The same as `map` for text;
   * for markup (foldMarkupIntoScratch) the offset in the markup, where `map` has the offset in the
   * text that the markup stands for.
   */
  raw: Uint32Array;
  length: number;
}

/**
 * foldForMatching(text) without copying: the key and map stay in shared buffers that the next fold
 * overwrites. For the matcher, which scans a page's worth of text and must not allocate for it.
 */
export function foldIntoScratch(text: string): ScratchFold {
  const length = foldInto(text, FOLD_LOWER, 0, text.length, false);
  return { key: scratchKey, map: scratchMap, raw: scratchRaw, length };
}

/**
 * foldIntoScratch of the text that `html[from, to)` stands for, read from the markup itself: what
 * a story's blocks are matched from (docs/architecture.md, "Folding a story's markup"). The markup
 * must be the browser's serialisation of inline content without comments, in which every `<`
 * opens a tag that the next `>` closes (inline-markup.ts, `isSimpleMarkup`), and in which `&`
 * starts one of the references the serialiser writes. The text is the one `textOfInlineMarkup`
 * gives for it: tags dropped, `<br>` as a line feed, `&amp;`, `&lt;`, `&gt;`, `&nbsp;`, `&quot;`
 * and `&apos;` decoded (any other `&` stays as it is). `map` holds offsets into that text, `raw`
 * offsets into `html`.
 *
 * Why: cutting every block's text out of the markup took two regular-expression passes over a
 * story's markup and a string per block, 30–50 ms of a million-character page; the fold reads
 * every character of the text anyway, and skips a tag with one `indexOf`.
 */
export function foldMarkupIntoScratch(html: string, from: number, to: number): ScratchFold {
  const length = foldInto(html, FOLD_LOWER, from, to, true);
  return { key: scratchKey, map: scratchMap, raw: scratchRaw, length };
}

const LT = 0x3c;
const GT = 0x3e;
const AMP = 0x26;
const LINE_FEED = 0x0a;

/**
 * Folds text[from, to) (markup: see foldMarkupIntoScratch) into the scratch buffers; returns the
 * key's length (scratchMap[len] is the text's length).
 */
function foldInto(text: string, table: Uint16Array, from: number, to: number, markup: boolean): number {
  ensureFoldTables();
  const n = to - from;
  if (scratchKey.length < n + 2) {
    scratchKey = new Uint16Array(n + 2 + (n >> 3));
    scratchMap = new Uint32Array(n + 2 + (n >> 3));
    scratchRaw = new Uint32Array(n + 2 + (n >> 3));
  }
  sawLoneSurrogate = false;
  let len = foldUnits(text, table, from, to, markup);
  // What the loop left pending, handed over in module variables (see foldUnits).
  const map = scratchMap;
  const raw = scratchRaw;
  if (loopPendingSpace >= 0) {
    scratchKey[len] = SPACE;
    map[len] = loopPendingSpace;
    raw[len++] = loopPendingRaw;
  }
  map[len] = loopPos;
  raw[len] = to;
  return len;
}

// foldUnits' state at its end, for foldInto.
let loopPos = 0;
let loopPendingSpace = -1;
let loopPendingRaw = 0;

/**
 * foldInto's loop over the units of text[from, to): writes the scratch buffers and returns the
 * key's length, and leaves the text offset it reached and a whitespace run still pending in
 * loopPos, loopPendingSpace and loopPendingRaw. A function of its own that ends with its loop: V8
 * compiles a long loop while it runs (on-stack replacement) and keeps that code for the loop's
 * later runs; had the statements after the loop been here, a page whose first block is long would
 * have had them compiled before they ever ran, and every later call would have given up at the
 * loop's end and gone back to the interpreter (196 times over the million-character page, V8's
 * --trace-deopt; docs/architecture.md, "Hot loops end their functions").
 */
function foldUnits(text: string, table: Uint16Array, from: number, to: number, markup: boolean): number {
  // Local bindings: test runners and some bundlers turn imported names into property reads, which
  // would cost a lookup per character in this loop.
  let out = scratchKey;
  let map = scratchMap;
  let raw = scratchRaw;
  const kinds = KIND;
  let len = 0;
  // The offset in the text of the unit being read: `i - from` for text; for markup, tags add
  // nothing to it and a reference adds one.
  let pos = 0;
  // Offsets (text, raw) of the first character of the pending whitespace run; pendingSpace -1 for none.
  let pendingSpace = -1;
  let pendingRaw = 0;
  let lastCjk = false;

  for (let i = from; i < to; i++) {
    const at = i;
    let c = text.charCodeAt(i);
    // Both are below every letter and ideograph: one comparison for most units.
    if (c <= LT && markup && (c === LT || c === AMP)) {
      if (c === LT) {
        const isBreak = isBreakTag(text, i + 1);
        const close = text.indexOf('>', i + 1);
        i = close < 0 || close >= to ? to : close;
        if (!isBreak) continue;
        c = LINE_FEED;
      } else {
        const reference = referenceAt(text, i + 1, to);
        if (reference >= 0) {
          c = reference;
          i = text.indexOf(';', i + 1);
        }
      }
    }
    const p = pos++;
    const kind = kinds[c]!;
    if (pendingSpace < 0 && (kind === KIND_CJK || kind === KIND_OTHER)) {
      // Most units: a character of one unit that folds by the table, with no whitespace pending
      // before it (the same as the end of this loop, without its other kinds' tests).
      out[len] = table[c]! || c;
      map[len] = p;
      raw[len++] = at;
      lastCjk = kind === KIND_CJK;
      continue;
    }
    if (kind === KIND_SPACE) {
      if (pendingSpace < 0) {
        pendingSpace = p;
        pendingRaw = at;
      }
      continue;
    }
    if (kind === KIND_INVISIBLE) continue;

    if (kind === KIND_CJK_TO_ASTRAL || (kind === KIND_HIGH_SURROGATE && i + 1 < to && isLowSurrogate(text, i + 1))) {
      let codePoint: number;
      if (kind === KIND_HIGH_SURROGATE) {
        codePoint = ((c - 0xd800) << 10) + (text.charCodeAt(i + 1) - 0xdc00) + 0x10000;
        codePoint = ASTRAL_T2S.get(codePoint) ?? codePoint;
      } else {
        codePoint = BMP_TO_ASTRAL.get(c)!;
      }
      const cjk = isAstralCjk(codePoint);
      if (pendingSpace >= 0) {
        if (len === 0 || !(lastCjk || cjk)) {
          out[len] = SPACE;
          map[len] = pendingSpace;
          raw[len++] = pendingRaw;
        }
        pendingSpace = -1;
      }
      // Only a BMP character that becomes a surrogate pair makes the key longer than the text, so
      // this is the one place that checks for room: for the pair, and one unit per unit left.
      const needed = len + (to - i) + 3;
      if (needed > out.length) {
        const grownKey = new Uint16Array(needed * 2);
        grownKey.set(out);
        scratchKey = out = grownKey;
        const grownMap = new Uint32Array(needed * 2);
        grownMap.set(map);
        scratchMap = map = grownMap;
        const grownRaw = new Uint32Array(needed * 2);
        grownRaw.set(raw);
        scratchRaw = raw = grownRaw;
      }
      const v = codePoint - 0x10000;
      out[len] = 0xd800 + (v >> 10);
      map[len] = p;
      raw[len++] = at;
      out[len] = 0xdc00 + (v & 0x3ff);
      // The low unit maps to the original low surrogate, or to the one BMP character it came from.
      if (kind === KIND_HIGH_SURROGATE) {
        i++;
        map[len] = pos++;
        raw[len++] = i;
      } else {
        map[len] = p;
        raw[len++] = at;
      }
      lastCjk = cjk;
      continue;
    }

    const cjk = kind === KIND_CJK;
    if (pendingSpace >= 0) {
      if (len === 0 || !(lastCjk || cjk)) {
        out[len] = SPACE;
        map[len] = pendingSpace;
        raw[len++] = pendingRaw;
      }
      pendingSpace = -1;
    }
    if (kind === KIND_HIGH_SURROGATE || kind === KIND_LOW_SURROGATE) sawLoneSurrogate = true;
    // 0 in the table: the unit folds to itself.
    out[len] = table[c]! || c;
    map[len] = p;
    raw[len++] = at;
    lastCjk = cjk;
  }
  loopPos = pos;
  loopPendingSpace = pendingSpace;
  loopPendingRaw = pendingRaw;
  return len;
}

/** Whether a code unit is HTML whitespace (space, tab, line feed, form feed, carriage return). */
export function isHtmlSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0c || code === 0x0d;
}

/** True for `<br` followed by the end of the name (`>`, `/` or whitespace), in any letter case; `at` is just after the `<`. */
export function isBreakTag(html: string, at: number): boolean {
  if ((html.charCodeAt(at) | 0x20) !== 0x62 || (html.charCodeAt(at + 1) | 0x20) !== 0x72) return false;
  const next = html.charCodeAt(at + 2);
  return next === GT || next === 0x2f || isHtmlSpace(next);
}

/**
 * The named character references that markup is read with (here and in lib/page/inline-markup.ts):
 * the four the serialiser writes in text (`&amp;`, `&lt;`, `&gt;`, `&nbsp;`) and the two of
 * attribute values. Each stands for one code unit.
 */
export const NAMED_REFERENCES: ReadonlyMap<string, string> = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['nbsp', '\u00a0'],
  ['quot', '"'],
  ['apos', "'"],
]);
const LONGEST_REFERENCE = Math.max(...[...NAMED_REFERENCES.keys()].map((name) => name.length));

/**
 * The code unit of the reference whose name starts at `at` (just after its `&`) and ends with a
 * `;` before `to`: one of NAMED_REFERENCES. -1 for anything else.
 */
function referenceAt(html: string, at: number, to: number): number {
  const semi = html.indexOf(';', at);
  if (semi < 0 || semi >= to || semi - at > LONGEST_REFERENCE) return -1;
  const unit = NAMED_REFERENCES.get(html.slice(at, semi));
  return unit === undefined ? -1 : unit.charCodeAt(0);
}

function isLowSurrogate(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdfff;
}

/** The scratch key's first `length` units as a string. */
function keyString(length: number): string {
  const units = scratchKey.subarray(0, length);
  if (length <= 256) return String.fromCharCode.apply(null, units as unknown as number[]);
  // TextDecoder is several times faster on long texts, but would replace unpaired surrogates.
  if (utf16 && !sawLoneSurrogate) return utf16.decode(units);
  const parts: string[] = [];
  for (let at = 0; at < length; at += 8192) {
    parts.push(String.fromCharCode.apply(null, units.subarray(at, Math.min(length, at + 8192)) as unknown as number[]));
  }
  return parts.join('');
}

function isLittleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}
