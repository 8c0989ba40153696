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
  KIND_SPACE,
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
const CHUNK = 8192;

/**
 * Folds `text` into a matching key, keeping a map from every key position back to `text`.
 *
 * - Full-width ASCII variants (U+FF01–FF5E) become ASCII; letters are lower-cased unless
 *   `opts.keepCase`. Case folding never changes the length: the keys with and without `keepCase`
 *   align unit for unit.
 * - Traditional characters become Simplified, one character at a time (OpenCC's tables, see
 *   scripts/build-t2s-table.mjs). The map of every code unit of the result points into the
 *   original character, so `map[e - 1] + 1` is always the end of an original character.
 * - Invisible characters (U+00AD soft hyphen, U+200B–200D, U+2060, U+FEFF) are dropped everywhere:
 *   `pro\u00ADductive` folds to `productive`.
 * - A run of whitespace (ASCII whitespace, NBSP, U+2000–200A, U+3000 ideographic space, line and
 *   paragraph separators …) vanishes when a CJK character stands on either side of it, and
 *   otherwise collapses to one space, mapped to the run's first character. Chinese has no spaces,
 *   so whitespace next to CJK is layout: a printed line break (`新\n质生产力`), a letter-spaced
 *   headline (`西 部 大 开 发`), or the thin spacing that many sites put between Chinese and Latin
 *   (`5G 智能`, `2019 年`). Whitespace at the very start or end of the text is kept as one space.
 * - "CJK" here means Han ideographs (unified, extensions, compatibility ideographs), Kana,
 *   Bopomofo, Hangul, CJK symbols and punctuation (U+3001–303F), full-width and half-width
 *   punctuation (U+FF00–FFEF except full-width letters and digits, which are Latin), curly quotes,
 *   the dashes and ellipsis that Chinese text uses, and the middle dot.
 *
 * Runs in linear time with one table lookup per code unit.
 */
export function foldForMatching(text: string, opts?: FoldOptions): Folded {
  const n = text.length;
  // Local bindings: test runners and some bundlers turn imported names into property reads, which
  // would cost a lookup per character in this loop.
  const table = opts?.keepCase ? FOLD_KEEP_CASE : FOLD_LOWER;
  const kinds = KIND;
  let out = new Uint16Array(n + 1);
  let map = new Uint32Array(n + 2);
  let len = 0;
  // Offset of the first character of the pending whitespace run, or -1.
  let pendingSpace = -1;
  let lastCjk = false;

  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const kind = kinds[c]!;
    if (kind === KIND_SPACE) {
      if (pendingSpace < 0) pendingSpace = i;
      continue;
    }
    if (kind === KIND_INVISIBLE) continue;

    if (kind === KIND_HIGH_SURROGATE || kind === KIND_CJK_TO_ASTRAL) {
      let codePoint: number;
      let units: number;
      if (kind === KIND_HIGH_SURROGATE) {
        const low = i + 1 < n ? text.charCodeAt(i + 1) : 0;
        if (low < 0xdc00 || low > 0xdfff) {
          // A lone surrogate: keep it as it is, like any other character.
          if (pendingSpace >= 0) {
            if (len === 0 || !lastCjk) {
              out[len] = SPACE;
              map[len++] = pendingSpace;
            }
            pendingSpace = -1;
          }
          out[len] = c;
          map[len++] = i;
          lastCjk = false;
          continue;
        }
        codePoint = ((c - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
        codePoint = ASTRAL_T2S.get(codePoint) ?? codePoint;
        units = 2;
      } else {
        codePoint = BMP_TO_ASTRAL.get(c)!;
        units = 1;
      }
      const cjk = isAstralCjk(codePoint);
      if (pendingSpace >= 0) {
        if (len === 0 || !(lastCjk || cjk)) {
          out[len] = SPACE;
          map[len++] = pendingSpace;
        }
        pendingSpace = -1;
      }
      if (len + 2 >= out.length) {
        const grownOut = new Uint16Array(out.length * 2 + 4);
        grownOut.set(out);
        out = grownOut;
        const grownMap = new Uint32Array(map.length * 2 + 4);
        grownMap.set(map);
        map = grownMap;
      }
      const v = codePoint - 0x10000;
      out[len] = 0xd800 + (v >> 10);
      map[len++] = i;
      out[len] = 0xdc00 + (v & 0x3ff);
      // The low unit maps to the original low surrogate, or to the one BMP character it came from.
      map[len++] = i + units - 1;
      i += units - 1;
      lastCjk = cjk;
      continue;
    }

    const cjk = kind === KIND_CJK;
    if (pendingSpace >= 0) {
      if (len === 0 || !(lastCjk || cjk)) {
        out[len] = SPACE;
        map[len++] = pendingSpace;
      }
      pendingSpace = -1;
    }
    out[len] = table[c]!;
    map[len++] = i;
    lastCjk = cjk;
  }
  if (pendingSpace >= 0) {
    out[len] = SPACE;
    map[len++] = pendingSpace;
  }
  map[len] = n;
  return { key: unitsToString(out, len), map: map.subarray(0, len + 1) };
}

function unitsToString(units: Uint16Array, length: number): string {
  if (length <= CHUNK) return String.fromCharCode.apply(null, units.subarray(0, length) as unknown as number[]);
  const parts: string[] = [];
  for (let at = 0; at < length; at += CHUNK) {
    const chunk = units.subarray(at, Math.min(length, at + CHUNK));
    parts.push(String.fromCharCode.apply(null, chunk as unknown as number[]));
  }
  return parts.join('');
}
