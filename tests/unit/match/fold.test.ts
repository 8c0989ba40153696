import { describe, expect, it } from 'vitest';
import { foldForMatching } from '../../../lib/match';

const key = (text: string) => foldForMatching(text).key;

/** The original text of key[s..e), by the map's contract. */
function original(text: string, s: number, e: number): string {
  const { map } = foldForMatching(text);
  return text.slice(map[s], map[e - 1]! + 1);
}

describe('foldForMatching: whitespace between CJK characters', () => {
  it('drops a printed line break inside a term: 新\\n质生产力 → 新质生产力', () => {
    expect(key('新\n质生产力')).toBe('新质生产力');
  });

  it('drops the spaces of a letter-spaced headline: 西 部 大 开 发 → 西部大开发', () => {
    expect(key('西 部 大 开 发')).toBe('西部大开发');
  });

  it('drops a whole run of mixed whitespace, CRLF and ideographic space included', () => {
    expect(key('西部\r\n \t\u3000\u00a0大开发')).toBe('西部大开发');
  });

  it('drops whitespace next to CJK punctuation and curly quotes: “ 新质生产力 ”', () => {
    expect(key('“ 新质生产力 ”')).toBe('“新质生产力”');
    expect(key('发展 。')).toBe('发展。');
  });

  it('drops whitespace between CJK and Latin, as sites space them: 5G 智能, 2019 年', () => {
    expect(key('5G 智能')).toBe('5g智能');
    expect(key('2019 年 5 月')).toBe('2019年5月');
  });

  it('drops whitespace between Traditional characters too', () => {
    expect(key('新\n質生產力')).toBe('新质生产力');
  });
});

describe('foldForMatching: whitespace elsewhere', () => {
  it('collapses a run of whitespace between Latin words to one space', () => {
    expect(key('new quality\n  productive')).toBe('new quality productive');
    expect(key('new\u00a0\u2009quality')).toBe('new quality');
  });

  it('keeps leading and trailing whitespace as one space each', () => {
    expect(key('  \n x \t ')).toBe(' x ');
  });

  it('maps a collapsed space to the first character of its run', () => {
    const { map } = foldForMatching('a \n b');
    expect(Array.from(map)).toEqual([0, 1, 4, 5]);
  });
});

describe('foldForMatching: invisible characters', () => {
  it('drops a soft hyphen inside an English word', () => {
    expect(key('pro\u00adductive')).toBe('productive');
  });

  it('drops zero-width space, joiners, word joiner and BOM everywhere', () => {
    expect(key('\ufeff西\u200b部\u200c大\u200d开\u2060发')).toBe('西部大开发');
    expect(key('fo\u200brces')).toBe('forces');
  });

  it('lets invisible characters inside a whitespace run vanish with it', () => {
    expect(key('新 \u200b 质')).toBe('新质');
    expect(key('new \u200b quality')).toBe('new quality');
  });
});

describe('foldForMatching: full-width forms and case', () => {
  it('folds full-width ASCII to ASCII: ５Ｇ → 5g, （ → (', () => {
    expect(key('５Ｇ')).toBe('5g');
    expect(key('Ｇ２０（峰会）')).toBe('g20(峰会)');
  });

  it('lower-cases Latin letters, including accented ones', () => {
    expect(key('New Quality ÉCOLE')).toBe('new quality école');
  });

  it('keeps case with keepCase, unit for unit with the lower-cased key', () => {
    const lower = foldForMatching('ＡＢ Ｃd\n新 質', {});
    const kept = foldForMatching('ＡＢ Ｃd\n新 質', { keepCase: true });
    expect(kept.key).toBe('AB Cd新质');
    expect(lower.key).toBe('ab cd新质');
    expect(Array.from(kept.map)).toEqual(Array.from(lower.map));
  });
});

describe('foldForMatching: Traditional to Simplified', () => {
  it('folds 新質生產力 to 新质生产力 and 西部大開發 to 西部大开发', () => {
    expect(key('新質生產力')).toBe('新质生产力');
    expect(key('西部大開發')).toBe('西部大开发');
  });

  it('folds both 發 and 髮 to 发', () => {
    expect(key('發髮')).toBe('发发');
  });

  it('folds Taiwan and Hong Kong variants: 裡 → 里, 衞 → 卫', () => {
    expect(key('裡')).toBe('里');
    expect(key('衞')).toBe('卫');
  });

  it('leaves Simplified text as it is, 什么 included', () => {
    const simplified = '新质生产力西部大开发什么能源革命高质量发展';
    expect(key(simplified)).toBe(simplified);
  });

  it('is idempotent: folding a key again changes nothing', () => {
    const text = '新質生產力 New  Quality\n西部大開發 薴 麼 ５Ｇ 絺';
    expect(key(key(text))).toBe(key(text));
  });

  it('maps a BMP character whose Simplified form is a surrogate pair back to that one character', () => {
    // 絺 → 𫄨 (U+2B128): two key units from one original unit.
    const text = 'a絺b';
    const folded = foldForMatching(text);
    expect(folded.key).toBe('a\u{2b128}b');
    expect(original(text, 1, 3)).toBe('絺');
  });
});

describe('foldForMatching: the offset map', () => {
  it('has one entry per key unit plus the original length', () => {
    const text = '新\n质生产力';
    const { key: k, map } = foldForMatching(text);
    expect(map.length).toBe(k.length + 1);
    expect(map[k.length]).toBe(text.length);
  });

  it('maps an occurrence back to the original span, line break included', () => {
    const text = '培育发展新\n质生产力。';
    const k = key(text);
    const s = k.indexOf('新质生产力');
    expect(original(text, s, s + 5)).toBe('新\n质生产力');
  });

  it('maps an occurrence that ends in a surrogate pair to the whole pair', () => {
    const text = 'x 𠀀𠀁 y';
    const k = key(text);
    const s = k.indexOf('𠀀𠀁');
    expect(original(text, s, s + 4)).toBe('𠀀𠀁');
  });

  it('keeps unpaired surrogates as they are, in short and long texts', () => {
    const text = 'a\ud800b\udc00c';
    expect(key(text)).toBe(text);
    expect(key(text.repeat(500))).toBe(text.repeat(500));
  });

  it('makes room when characters that become surrogate pairs make the key longer than the text', () => {
    const text = '絺'.repeat(5000) + ' x';
    const folded = foldForMatching(text);
    // (The space goes: one side of it is CJK.)
    expect(folded.key === '\u{2b128}'.repeat(5000) + 'x').toBe(true);
    expect(folded.map[folded.key.length]).toBe(text.length);
    expect(folded.map[9999]).toBe(4999);
  });

  it('folds the empty text to the empty key', () => {
    const folded = foldForMatching('');
    expect(folded.key).toBe('');
    expect(Array.from(folded.map)).toEqual([0]);
  });

  it('gives the same result for a long text as for its pieces (no state leaks between calls)', () => {
    const piece = '新\n質生產力 New  Quality\u00ad forces ５Ｇ\u3000智能。';
    const long = piece.repeat(2000);
    const once = key(piece);
    expect(key(long)).toBe(once.repeat(2000));
    expect(key(piece)).toBe(once);
  });
});

describe('foldForMatching: speed', () => {
  it('folds a million characters in well under a second (100 ms is the aim in a browser)', () => {
    const text = '新质生产力，\n西部大开发 New quality productive forces 發展。'.repeat(24000);
    foldForMatching(text.slice(0, 10000));
    const t0 = performance.now();
    const folded = foldForMatching(text);
    const ms = performance.now() - t0;
    console.log(`fold of ${(text.length / 1e6).toFixed(2)}M characters: ${ms.toFixed(1)} ms`);
    expect(folded.map[folded.key.length]).toBe(text.length);
    expect(ms).toBeLessThan(1000);
  });
});
