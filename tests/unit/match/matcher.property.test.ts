/**
 * The automaton against a brute-force matcher written as plainly as the rules read: fold the text
 * and the forms, try every form at every position, keep the valid candidates, and take the
 * leftmost-longest ones. Random glossaries and texts mix Simplified, Traditional, Latin, digits,
 * full-width forms, whitespace, invisible characters and surrogate pairs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Matcher, compileGlossary, foldForMatching, type Match, type MatchableEntry } from '../../../lib/match';

const PIECES = [
  '新', '质', '生', '产', '力', '西', '部', '大', '开', '发', '区', // Simplified
  '質', '產', '開', '發', '髮', // Traditional
  'a', 'b', 'g', 'A', 'B', 'G', '5', '1', 'é', 'É', // Latin and digits
  'Ｇ', '５', 'ａ', // full-width
  ' ', ' ', '\n', '\u00a0', '\u3000', '\t', // whitespace
  '\u00ad', '\u200b', '\ufeff', // invisible
  '，', '。', '-', "'", '“', // punctuation
  '𠀀', '絺', '𫄨', // outside the BMP, and a BMP character that folds to one outside it
];

const piece = fc.constantFrom(...PIECES);
const randomString = (maxLength: number) => fc.array(piece, { maxLength }).map((a) => a.join(''));
const WELL_KNOWN = ['新质生产力', '生产力', '西部大开发', '大开发', '大開發區', '5G', 'G', 'ab', 'A b', 'Ab', '质 量'];

/** An entry whose forms are often pieces of the text, so that matches are common. */
function entryArb(text: string, index: number): fc.Arbitrary<MatchableEntry> {
  const slice = fc.tuple(fc.nat(text.length), fc.integer({ min: 1, max: 6 })).map(([at, length]) => text.slice(at, at + length));
  const form = fc.oneof(slice, slice, randomString(4), fc.constantFrom(...WELL_KNOWN));
  const exclusion = fc.oneof(fc.tuple(form, piece, piece).map(([f, a, b]) => a + f + b), slice.map((s) => s + '区'), form);
  return fc.record({
    id: fc.constant(`e${index}`),
    slot: fc.integer({ min: 0, max: 7 }),
    priority: fc.integer({ min: 0, max: 2 }),
    forms: fc.array(form, { minLength: 1, maxLength: 3 }),
    caseSensitive: fc.boolean(),
    wholeWord: fc.boolean(),
    exclusions: fc.array(exclusion, { maxLength: 2 }),
  });
}

const caseArb = randomString(40).chain((text) =>
  fc.integer({ min: 1, max: 6 }).chain((count) =>
    fc.tuple(fc.constant(text), fc.tuple(...Array.from({ length: count }, (_, i) => entryArb(text, i)))),
  ),
);

/** The plain reading of the rules. */
function bruteForce(entries: readonly MatchableEntry[], text: string): Match[] {
  const folded = foldForMatching(text);
  const key = folded.key;
  const keyWithCase = foldForMatching(text, { keepCase: true }).key;
  const fold = (s: string, keepCase = false) => foldForMatching(s, { keepCase }).key.trim();
  const isWord = (ch: string | undefined) => ch !== undefined && ch < '\u1100' && /[\p{L}\p{N}\p{M}]/u.test(ch);
  const occurrences = (needle: string): [number, number][] => {
    const spans: [number, number][] = [];
    if (needle === '') return spans;
    for (let p = 0; p + needle.length <= key.length; p++) if (key.startsWith(needle, p)) spans.push([p, p + needle.length]);
    return spans;
  };

  // Entries in the order in which a shared form is offered to them.
  const order = entries.map((e, i) => ({ e, i })).sort((a, b) => b.e.priority - a.e.priority || a.i - b.i);
  const valid = (e: MatchableEntry, form: string, s: number): boolean => {
    const k = fold(form);
    if (k === '' || !key.startsWith(k, s)) return false;
    const end = s + k.length;
    if (e.wholeWord && isWord(k[0]) && isWord(key[s - 1])) return false;
    if (e.wholeWord && isWord(k[k.length - 1]) && isWord(key[end])) return false;
    if (e.caseSensitive && !keyWithCase.startsWith(fold(form, true), s)) return false;
    for (const x of e.exclusions) {
      if (occurrences(fold(x)).some(([xs, xe]) => xs <= s && end <= xe)) return false;
    }
    return true;
  };

  const matches: Match[] = [];
  for (let s = 0; s < key.length; ) {
    let best: { end: number; e: MatchableEntry } | undefined;
    for (const { e } of order) {
      for (const form of e.forms) {
        if (!valid(e, form, s)) continue;
        const end = s + fold(form).length;
        if (!best || end > best.end) best = { end, e };
      }
    }
    if (!best) {
      s++;
      continue;
    }
    matches.push({ start: folded.map[s]!, end: folded.map[best.end - 1]! + 1, entryId: best.e.id, entry: entries.indexOf(best.e), slot: best.e.slot });
    s = best.end;
  }
  return matches;
}

describe('Matcher against a brute-force reference', () => {
  it('agrees on random glossaries and texts (600 cases)', () => {
    fc.assert(
      fc.property(caseArb, ([text, entries]) => {
        const compiled = JSON.parse(JSON.stringify(compileGlossary(entries)));
        const expected = bruteForce(entries, text);
        expect(Matcher.from(compiled).findMatches(text)).toEqual(expected);
        // With room for one trie node at first, the matcher grows its arrays as it scans: same answers.
        expect(Matcher.from(compiled, { initialNodes: 1 }).findMatches(text)).toEqual(expected);
      }),
      { seed: 20240424, numRuns: 600 },
    );
  }, 120_000);

  it('agrees when one matcher scans many texts in a row (no state leaks between calls)', () => {
    fc.assert(
      fc.property(caseArb, fc.array(randomString(60), { maxLength: 5 }), ([text, entries], others) => {
        const matcher = Matcher.from(compileGlossary(entries));
        const growing = Matcher.from(compileGlossary(entries), { initialNodes: 1 });
        for (const t of [text, ...others, text + text, text]) {
          const expected = bruteForce(entries, t);
          expect(matcher.findMatches(t)).toEqual(expected);
          expect(growing.findMatches(t)).toEqual(expected);
        }
      }),
      { seed: 7, numRuns: 150 },
    );
  }, 120_000);

  it('finds what the reference finds on the well-known cases', () => {
    const entries: MatchableEntry[] = [
      { id: 'x', slot: 0, priority: 0, forms: ['西部大开发', 'Ab'], caseSensitive: true, wholeWord: true, exclusions: ['西部大開發區'] },
      { id: 'y', slot: 1, priority: 0, forms: ['大开发', 'ab'], caseSensitive: false, wholeWord: true, exclusions: [] },
    ];
    // 西部大开发 is excluded in 西部大开发区, so 大开发 gets its chance there.
    const text = '西部\n大開發區 西 部 大 开 发 Ab ab AB abab';
    const expected = bruteForce(entries, text);
    expect(expected.map((m) => m.entryId)).toEqual(['y', 'x', 'x', 'y', 'y']);
    expect(Matcher.from(compileGlossary(entries)).findMatches(text)).toEqual(expected);
  });
});
