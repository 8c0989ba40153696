/**
 * The lookup tables behind foldForMatching: what each UTF-16 code unit folds to and what kind of
 * character it is. They are filled once per context, by `ensureFoldTables`, before the first
 * fold, so that the fold itself is one table lookup per character. Every content script that
 * folds fills them, in code the engine has not optimised yet: the Unicode questions (lower case,
 * "is a letter") are asked of whole ranges at once, as native string calls, and the word
 * characters come from a generated table of ranges (a Unicode-property regular expression test and
 * a toLowerCase per character cost 12–34 ms per page in Chromium 156).
 *
 * Filled when first needed, not at module load (session 14): filling them costs 3–4 ms of a
 * page's main thread (a CPU profile), and a context that never folds need not pay it: a background
 * worker that answers from the matcher it kept (lib/background/matcher-cache.ts), a page script in
 * a frame whose text is gone by the time it runs. The page script fills them in its `main()`, so
 * that its evaluation still counts them (entrypoints/content/index.ts).
 */
import t2sTable from './t2s-table.json';
import wordRanges from './word-ranges.json';

/** What a code unit is, for the whitespace rules of the fold (values of KIND). */
/** Kept, and not CJK: Latin, digits, ASCII punctuation, everything else. */
export const KIND_OTHER = 0;
/** A run of these collapses to one space, or vanishes next to CJK. */
export const KIND_SPACE = 1;
/** Soft hyphen, zero-width space and joiners, word joiner, BOM: dropped everywhere. */
export const KIND_INVISIBLE = 2;
/** CJK context: whitespace next to it is layout, not a word break. */
export const KIND_CJK = 3;
/** A high surrogate; its code point is looked up as a pair. */
export const KIND_HIGH_SURROGATE = 4;
/** A CJK character whose Simplified form lies outside the BMP: looked up in BMP_TO_ASTRAL. */
export const KIND_CJK_TO_ASTRAL = 5;
/** A low surrogate; met on its own only when it is unpaired. */
export const KIND_LOW_SURROGATE = 6;

/**
 * Code unit → folded code unit, with Latin lower-cased; 0 where the unit folds to itself (read it
 * as `FOLD_LOWER[c] || c`). Zero for "itself" spares every content script an identity loop over
 * 65,536 entries at start-up, in code not yet optimised (3–13 ms per page).
 */
export const FOLD_LOWER = new Uint16Array(0x10000);
/** Code unit → folded code unit, case kept (for case-sensitive entries); 0 where it folds to itself. */
export const FOLD_KEEP_CASE = new Uint16Array(0x10000);
/** Code unit → one of the KIND_ constants. */
export const KIND = new Uint8Array(0x10000);
/** 1 where a code unit is part of a word for whole-word matching (letters, digits, marks). */
export const WORD = new Uint8Array(0x10000);
/** BMP Traditional characters whose Simplified form lies outside the BMP (a surrogate pair). */
export const BMP_TO_ASTRAL = new Map<number, number>();
/** Traditional → Simplified for code points outside the BMP. */
export const ASTRAL_T2S = new Map<number, number>();

function buildTables(): void {
  // Full-width ASCII variants are the same characters as ASCII, typed with a CJK input method.
  for (let c = 0xff01; c <= 0xff5e; c++) FOLD_LOWER[c] = c - 0xfee0;

  FOLD_KEEP_CASE.set(FOLD_LOWER);

  // Lower-case the alphabetic scripts. Only one-unit results are taken, so the fold never changes
  // a text's length for case (İ, whose lower case is two units, stays as it is).
  const caseRanges: [number, number][] = [
    [0x0041, 0x058f],
    [0x10a0, 0x10ff],
    [0x1e00, 0x1fff],
    [0x2c00, 0x2d2f],
    [0xa640, 0xa7ff],
  ];
  for (const [from, to] of caseRanges) {
    // A chunk at a time; a chunk whose lower case changes length (İ becomes two units) is taken
    // character by character.
    for (let at = from; at <= to; at += CASE_CHUNK) {
      const end = Math.min(to + 1, at + CASE_CHUNK);
      const lower = rangeString(at, end).toLowerCase();
      if (lower.length === end - at) {
        for (let c = at; c < end; c++) {
          const folded = lower.charCodeAt(c - at);
          if (folded !== c) FOLD_LOWER[c] = folded;
        }
        continue;
      }
      for (let c = at; c < end; c++) {
        const one = String.fromCharCode(c).toLowerCase();
        if (one.length === 1 && one.charCodeAt(0) !== c) FOLD_LOWER[c] = one.charCodeAt(0);
      }
    }
  }
  // Full-width capitals lower-case too: Ｇ folds to g.
  for (let c = 0xff21; c <= 0xff3a; c++) FOLD_LOWER[c] = c - 0xfee0 + 0x20;

  const pairs = t2sTable.pairs;
  for (let i = 0; i < pairs.length; ) {
    const t = pairs.codePointAt(i)!;
    i += t > 0xffff ? 2 : 1;
    const s = pairs.codePointAt(i)!;
    i += s > 0xffff ? 2 : 1;
    if (t > 0xffff) ASTRAL_T2S.set(t, s);
    else if (s > 0xffff) BMP_TO_ASTRAL.set(t, s);
    else {
      FOLD_LOWER[t] = s;
      FOLD_KEEP_CASE[t] = s;
    }
  }

  for (const c of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000]) {
    KIND[c] = KIND_SPACE;
  }
  for (let c = 0x2000; c <= 0x200a; c++) KIND[c] = KIND_SPACE;
  for (const c of [0xad, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff]) KIND[c] = KIND_INVISIBLE;

  // CJK context (see foldForMatching's doc comment for why each range is here).
  const cjkRanges: [number, number][] = [
    [0x1100, 0x11ff], // Hangul Jamo
    [0x2e80, 0x2fdf], // CJK radicals, Kangxi radicals
    [0x2ff0, 0x2fff], // ideographic description characters
    [0x3001, 0x303f], // CJK symbols and punctuation: 、。《》「」【】〜 (U+3000 is a space)
    [0x3040, 0x31ff], // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, strokes
    [0x3200, 0x33ff], // enclosed CJK letters, CJK compatibility
    [0x3400, 0x4dbf], // CJK extension A
    [0x4e00, 0x9fff], // CJK unified ideographs
    [0xa960, 0xa97f], // Hangul Jamo extended A
    [0xac00, 0xd7ff], // Hangul syllables, Jamo extended B
    [0xf900, 0xfaff], // CJK compatibility ideographs
    [0xfe30, 0xfe4f], // CJK compatibility forms (vertical punctuation)
    [0xff01, 0xff0f], // full-width punctuation ！＂＃…／
    [0xff1a, 0xff20], // full-width ：；＜＝＞？＠
    [0xff3b, 0xff40], // full-width ［＼］＾＿｀
    [0xff5b, 0xffef], // full-width ｛｜｝～, half-width CJK punctuation and Katakana, ￥ etc.
    [0x2014, 0x2015], // —— as Chinese text uses it
    [0x2018, 0x201f], // curly quotes: “新质生产力”
    [0x2026, 0x2026], // ……
    [0x00b7, 0x00b7], // middle dot in transliterated names
  ];
  for (const [from, to] of cjkRanges) KIND.fill(KIND_CJK, from, to + 1);
  KIND.fill(KIND_HIGH_SURROGATE, 0xd800, 0xdc00);
  KIND.fill(KIND_LOW_SURROGATE, 0xdc00, 0xe000);
  for (const t of BMP_TO_ASTRAL.keys()) KIND[t] = KIND_CJK_TO_ASTRAL;

  // Letters, digits and marks (generated: scripts/build-word-ranges.mjs); below U+2000 only what
  // the fold keeps as it is (not spaces, invisibles or CJK context).
  const ranges = wordRanges.ranges;
  for (let i = 0; i < ranges.length; i += 2) WORD.fill(1, ranges[i], ranges[i + 1]);
  for (let c = 0x30; c < 0x2000; c++) if (KIND[c] !== KIND_OTHER) WORD[c] = 0;
}

/** Chunk length for lower-casing a range at once. */
const CASE_CHUNK = 64;

let tablesFilled = false;

/** Fills the tables above, the first time it is called; every reader of them calls it first (or folds first). */
export function ensureFoldTables(): void {
  if (tablesFilled) return;
  tablesFilled = true;
  buildTables();
}

/** The code units [from, to) as one string. */
function rangeString(from: number, to: number): string {
  const units = new Uint16Array(to - from);
  for (let i = 0; i < units.length; i++) units[i] = from + i;
  return String.fromCharCode.apply(null, units as unknown as number[]);
}

/**
 * Whether a code point outside the BMP is CJK context: the supplementary ideographic planes
 * (extensions B to H, compatibility supplement) and the Hangul/Kana supplements.
 */
export function isAstralCjk(codePoint: number): boolean {
  return (codePoint >= 0x20000 && codePoint <= 0x3ffff) || (codePoint >= 0x1b000 && codePoint <= 0x1b16f);
}
