import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureFoldTables, FOLD_KEEP_CASE, FOLD_LOWER, KIND, KIND_OTHER, WORD } from '../../../lib/match/fold-tables';

const root = resolve(__dirname, '../../..');

describe('filling the fold tables', () => {
  it('waits for the first fold (a frame without text never folds), and then fills them once', async () => {
    vi.resetModules();
    const tables = await import('../../../lib/match/fold-tables');
    const { foldKey } = await import('../../../lib/match/fold');
    // Ａ (full-width A) folds to a; 國 to 国.
    expect([tables.FOLD_LOWER[0xff21], tables.FOLD_LOWER[0x570b], tables.KIND[0x4e00]]).toEqual([0, 0, 0]);
    expect(foldKey('Ａ國')).toBe('a国');
    expect([tables.FOLD_LOWER[0xff21], tables.FOLD_LOWER[0x570b], tables.KIND[0x4e00]]).toEqual([0x61, 0x56fd, 3]);
    const filled = tables.FOLD_LOWER.slice();
    tables.ensureFoldTables();
    expect(tables.FOLD_LOWER).toEqual(filled);
  });
});

describe('the fold tables', () => {
  beforeAll(ensureFoldTables);

  it('take the word table from exactly what scripts/build-word-ranges.mjs makes (run it to update the file)', () => {
    const regenerated = execFileSync(process.execPath, [resolve(root, 'scripts/build-word-ranges.mjs'), '--stdout'], { encoding: 'utf8' });
    expect(regenerated).toBe(readFileSync(resolve(root, 'lib/match/word-ranges.json'), 'utf8'));
  });

  // The definitions the tables were built from, one code unit at a time, as they were before the
  // tables were built from whole ranges at once.
  it('count as word characters the letters, digits and marks that the fold keeps as they are, and nothing else', () => {
    const word = /[\p{L}\p{N}\p{M}]/u;
    const expected = new Uint8Array(0x10000);
    for (let c = 0x30; c < 0x2000; c++) if (KIND[c] === KIND_OTHER && word.test(String.fromCharCode(c))) expected[c] = 1;
    for (const [from, to] of [[0x2c00, 0x2d2f], [0xa640, 0xa7ff]] as const) {
      for (let c = from; c <= to; c++) if (word.test(String.fromCharCode(c))) expected[c] = 1;
    }
    const differences = [...WORD.keys()].filter((c) => WORD[c] !== expected[c]).map((c) => c.toString(16));
    expect(differences).toEqual([]);
    expect(WORD['a'.charCodeAt(0)]).toBe(1);
    expect(WORD['é'.charCodeAt(0)]).toBe(1);
    expect(WORD['-'.charCodeAt(0)]).toBe(0);
    expect(WORD['新'.charCodeAt(0)]).toBe(0);
  });

  it('lower-case every alphabetic code unit whose lower case is one unit, and keep the rest', () => {
    const ranges = [[0x0041, 0x058f], [0x10a0, 0x10ff], [0x1e00, 0x1fff], [0x2c00, 0x2d2f], [0xa640, 0xa7ff]] as const;
    const differences: string[] = [];
    for (const [from, to] of ranges) {
      for (let c = from; c <= to; c++) {
        const lower = String.fromCharCode(c).toLowerCase();
        const expected = lower.length === 1 ? lower.charCodeAt(0) : c;
        // Traditional → Simplified pairs do not reach into these ranges, so the case fold alone decides.
        // 0 in a table: the unit folds to itself.
        if ((FOLD_LOWER[c] || c) !== expected) differences.push(c.toString(16));
        if ((FOLD_KEEP_CASE[c] || c) !== c) differences.push(`keep ${c.toString(16)}`);
      }
    }
    expect(differences).toEqual([]);
    // İ lower-cases to two units: kept as it is.
    expect(FOLD_LOWER[0x130]).toBe(0);
    expect(FOLD_LOWER['Ж'.charCodeAt(0)]).toBe('ж'.charCodeAt(0));
  });
});
