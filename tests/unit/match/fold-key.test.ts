// foldKey returns a form that is already folded as it is, without folding it (foldsToItself in
// lib/match/fold.ts); whatever it returns must be foldForMatching's key, which always folds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldForMatching, foldKey } from '../../../lib/match/fold';
import { BMP_TO_ASTRAL } from '../../../lib/match/fold-tables';
import { foldForm } from '../../../lib/match/compile';

/** Units that reach every branch of the check: letters either case, CJK (simplified and traditional),
 * whitespace of several kinds, invisible characters, surrogates paired and lone, and a BMP character
 * that folds to an astral one. */
const UNITS = [
  'a', 'z', 'Q', '7', '-', '.', ' ', ' ', '\t', '\n', '\u00a0', '\u3000',
  '新', '质', '發', '區', '，', '·', 'Ａ', 'ß', '\u200b', '\u00ad',
  '\ud840\udc00', '\ud840', '\udc00', String.fromCharCode([...BMP_TO_ASTRAL.keys()][0]!),
];
const text = fc.array(fc.constantFrom(...UNITS), { maxLength: 10 }).map((units) => units.join(''));

describe('foldKey', () => {
  it('gives foldForMatching’s key for any text, with and without case', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(foldKey(t)).toBe(foldForMatching(t).key);
        expect(foldKey(t, true)).toBe(foldForMatching(t, { keepCase: true }).key);
      }),
      { numRuns: 20_000 },
    );
  });

  it('returns folded forms as they are, and folds the rest', () => {
    for (const same of ['新质生产力', 'new quality productive forces', 'g20峰会', '5g', '']) expect(foldKey(same)).toBe(same);
    expect(foldKey('New Quality')).toBe('new quality');
    expect(foldKey('西部 大开发')).toBe('西部大开发');
    expect(foldKey('g20 峰会')).toBe('g20峰会');
    expect(foldKey('能源 革命 ')).toBe('能源革命 ');
    expect(foldKey(' x')).toBe(' x');
    expect(foldKey('a  b')).toBe('a b');
    expect(foldKey('a\tb')).toBe('a b');
    expect(foldKey('發展')).toBe('发展');
    expect(foldForm('  New  Quality ')).toBe('new quality');
  });
});
