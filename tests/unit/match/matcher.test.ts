import { describe, expect, it } from 'vitest';
import { Matcher, compileGlossary } from '../../../lib/match';
import { packPairs, pairAt } from '../../../lib/match/packing';
import { entry, found, matcherOf } from './support/glossary';

describe('Matcher: leftmost-longest, non-overlapping', () => {
  const glossary = [entry('西部大开发'), entry('大开发'), entry('新质生产力'), entry('生产力'), entry('高质量发展'), entry('质量')];

  it('prefers 西部大开发 to 大开发', () => {
    expect(found(glossary, '推进西部大开发形成新格局')).toEqual(['西部大开发:西部大开发']);
  });

  it('prefers 新质生产力 to 生产力, and 高质量发展 to 质量', () => {
    expect(found(glossary, '发展新质生产力，推动高质量发展')).toEqual(['新质生产力:新质生产力', '高质量发展:高质量发展']);
  });

  it('still finds the shorter term where the longer one is absent', () => {
    expect(found(glossary, '解放和发展生产力，提高质量')).toEqual(['生产力:生产力', '质量:质量']);
  });

  it('takes the leftmost match first, even when a later overlapping one is longer', () => {
    const g = [entry('改革'), entry('革命老区建设')];
    expect(found(g, '改革命老区建设')).toEqual(['改革:改革']);
  });

  it('finds adjacent and repeated occurrences', () => {
    expect(found(glossary, '生产力生产力西部大开发大开发')).toEqual([
      '生产力:生产力',
      '生产力:生产力',
      '西部大开发:西部大开发',
      '大开发:大开发',
    ]);
  });

  it('finds nothing in text without terms, or in empty text', () => {
    expect(found(glossary, '今天天气很好')).toEqual([]);
    expect(found(glossary, '')).toEqual([]);
  });

  it('matches nothing with an empty glossary', () => {
    expect(found([], '西部大开发')).toEqual([]);
  });

  it('reports the entry id, the entry index and colour slot of each match', () => {
    const m = matcherOf([entry('西部大开发', { id: 'west', slot: 2 }), entry('能源革命', { id: 'energy', slot: 5 })]);
    expect(m.findMatches('争当全国能源革命排头兵')).toEqual([{ start: 4, end: 8, entryId: 'energy', entry: 1, slot: 5 }]);
  });
});

describe('Matcher: raw text in, raw offsets out', () => {
  it('finds 西部大开发 across a printed line break', () => {
    expect(found([entry('西部大开发')], '推进西部大开\n发，')).toEqual(['西部大开发:西部大开\n发']);
  });

  it('finds 西部大开发 in a letter-spaced headline', () => {
    expect(found([entry('西部大开发')], '奋 力 谱 写 西 部 大 开 发 新 篇 章')).toEqual(['西部大开发:西 部 大 开 发']);
  });

  it('finds an English form across a line break and several spaces', () => {
    const g = [entry(['新质生产力', 'new quality productive forces'], { id: 'nqpf' })];
    expect(found(g, 'to develop new quality\nproductive   forces.')).toEqual(['nqpf:new quality\nproductive   forces']);
  });

  it('finds a form through soft hyphens and zero-width spaces', () => {
    const g = [entry('productive forces')];
    expect(found(g, 'pro\u00adductive\u200b forces')).toEqual(['productive forces:pro\u00adductive\u200b forces']);
  });

  it('matches full-width text with an ASCII form, and the reverse', () => {
    expect(found([entry('G20')], 'Ｇ２０峰会')).toEqual(['G20:Ｇ２０']);
    expect(found([entry('Ｇ２０')], 'the G20 summit')).toEqual(['Ｇ２０:G20']);
  });

  it('ignores letter case by default', () => {
    expect(found([entry('Belt and Road')], 'the BELT AND ROAD initiative')).toEqual(['Belt and Road:BELT AND ROAD']);
  });
});

describe('Matcher: Traditional and Simplified', () => {
  it('matches Traditional page text with a Simplified entry', () => {
    expect(found([entry('新质生产力')], '發展新質生產力')).toEqual(['新质生产力:新質生產力']);
    expect(found([entry('西部大开发')], '推進西部大開發')).toEqual(['西部大开发:西部大開發']);
  });

  it('matches Simplified page text with a Traditional entry', () => {
    expect(found([entry('西部大開發')], '推进西部大开发')).toEqual(['西部大開發:西部大开发']);
  });

  it('matches mixed text across a line break', () => {
    expect(found([entry('新质生产力')], '新\n質生产力')).toEqual(['新质生产力:新\n質生产力']);
  });
});

describe('Matcher: word boundaries for Latin and digit forms', () => {
  const g = [entry('5G'), entry('G20'), entry('AI')];

  it('does not find 5G inside 15G or 5GB', () => {
    expect(found(g, '15G and 5GB')).toEqual([]);
  });

  it('does not find G20 inside G200', () => {
    expect(found(g, 'G200 summit')).toEqual([]);
  });

  it('finds 5G between spaces, punctuation and CJK neighbours', () => {
    expect(found(g, '5G, (5G) 5G智能 推动5G网络')).toEqual(['5G:5G', '5G:5G', '5G:5G', '5G:5G']);
  });

  it('does not find AI inside a word, but finds it before an apostrophe or hyphen', () => {
    expect(found(g, 'said AI-driven, AI’s, maintain')).toEqual(['AI:AI', 'AI:AI']);
  });

  it('treats accented letters as word characters: café does not match caf', () => {
    expect(found([entry('caf')], 'un café')).toEqual([]);
  });

  it('matches inside words when the entry turns whole-word off', () => {
    expect(found([entry('5G', { wholeWord: false })], '15G')).toEqual(['5G:5G']);
  });

  it('checks only the Latin side of a mixed form: G20峰会 after a CJK word', () => {
    expect(found([entry('G20峰会')], '杭州G20峰会举行; XG20峰会')).toEqual(['G20峰会:G20峰会']);
  });

  it('never needs boundaries for CJK forms', () => {
    expect(found([entry('质量')], '高质量')).toEqual(['质量:质量']);
  });

  it('lets a valid shorter match win over an invalid longer one', () => {
    // "5G net" cannot match in "5G network"; "5G" can.
    const g2 = [entry('5G'), entry('5G net')];
    expect(found(g2, '5G network')).toEqual(['5G:5G']);
  });
});

describe('Matcher: case-sensitive entries', () => {
  const us = entry('US', { caseSensitive: true });

  it('finds US but not us or Us', () => {
    expect(found([us], 'US and us and Us')).toEqual(['US:US']);
  });

  it('compares full-width letters after folding them: ＵＳ is US', () => {
    expect(found([us], 'ＵＳ')).toEqual(['US:ＵＳ']);
  });

  it('requires lower-case letters to be lower-case too', () => {
    expect(found([entry('iPhone', { caseSensitive: true })], 'IPHONE iPhone')).toEqual(['iPhone:iPhone']);
  });

  it('still folds whitespace and Traditional characters in a case-sensitive form', () => {
    expect(found([entry('WTO 規則', { caseSensitive: true })], 'WTO\n规则 wto规则')).toEqual(['WTO 規則:WTO\n规则']);
  });

  it('lets a case-insensitive entry with the same folded form match what the case-sensitive one rejects', () => {
    const g = [entry('US', { id: 'country', caseSensitive: true, priority: 1 }), entry('us', { id: 'pronoun' })];
    expect(found(g, 'US us')).toEqual(['country:US', 'pronoun:us']);
  });
});

describe('Matcher: exclusions', () => {
  const daKaiFa = entry('大开发', { exclusions: ['大开发区'] });

  it('drops an occurrence that lies inside one of its exclusions', () => {
    expect(found([daKaiFa], '经济大开发区')).toEqual([]);
  });

  it('keeps occurrences outside the exclusion', () => {
    expect(found([daKaiFa], '大开发区与大开发')).toEqual(['大开发:大开发']);
  });

  it('folds exclusions like forms: a Traditional, line-broken exclusion still applies', () => {
    const e = entry('大开发', { exclusions: ['大開發\n區'] });
    expect(found([e], '大开发区')).toEqual([]);
  });

  it('gives overlapping shorter candidates their chance when the longer one is excluded', () => {
    const g = [entry('西部大开发', { exclusions: ['西部大开发区'] }), entry('大开发'), entry('西部')];
    expect(found(g, '西部大开发区')).toEqual(['西部:西部', '大开发:大开发']);
  });

  it('excludes only its own entry: another entry may match inside the exclusion', () => {
    const g = [daKaiFa, entry('开发区')];
    expect(found(g, '大开发区')).toEqual(['开发区:开发区']);
  });

  it('applies only when the exclusion contains the occurrence, not when they merely overlap', () => {
    const e = entry('生产力', { exclusions: ['新质生'] });
    expect(found([e], '新质生产力')).toEqual(['生产力:生产力']);
  });

  it('matches exclusions without word boundaries or case', () => {
    const e = entry('AI', { exclusions: ['AI Act'] });
    expect(found([e], 'the ai act; AI.')).toEqual(['AI:AI']);
  });
});

describe('Matcher: entries sharing a form', () => {
  it('gives a shared form to the entry with the higher priority', () => {
    const g = [entry('质量', { id: 'low', priority: 1 }), entry('质量', { id: 'high', priority: 5 })];
    expect(found(g, '质量')).toEqual(['high:质量']);
  });

  it('gives a shared form to the first entry on a tie', () => {
    const g = [entry('質量', { id: 'first' }), entry('质量', { id: 'second' })];
    expect(found(g, '质量')).toEqual(['first:质量']);
  });

  it('falls back to the lower entry where the higher one is excluded', () => {
    const g = [entry('大开发', { id: 'high', priority: 2, exclusions: ['大开发区'] }), entry('大开发', { id: 'low', priority: 1 })];
    expect(found(g, '大开发区 大开发')).toEqual(['low:大开发', 'high:大开发']);
  });

  it('ignores empty and whitespace-only forms', () => {
    const g = [entry(['', '  \n', '\u200b', '质量'], { id: 'q' })];
    expect(found(g, ' 质量 ')).toEqual(['q:质量']);
  });

  it('finds an English translation and reports the entry of the Chinese term', () => {
    const g = [entry(['新质生产力', 'new quality productive forces'], { id: 'nqpf', slot: 3 })];
    const m = matcherOf(g);
    expect(m.findMatches('New Quality Productive Forces').map((x) => [x.entryId, x.slot])).toEqual([['nqpf', 3]]);
  });
});

describe('CompiledMatcher: the format sent to content scripts', () => {
  const glossary = [
    entry(['新质生产力', 'new quality productive forces'], { id: 'a', slot: 1 }),
    entry('US', { id: 'b', caseSensitive: true }),
    entry('大开发', { id: 'c', exclusions: ['大开发区'] }),
    entry(['𠀀𠀁', '絺'], { id: 'd' }),
  ];

  it('survives a JSON round trip unchanged', () => {
    const compiled = compileGlossary(glossary);
    expect(JSON.parse(JSON.stringify(compiled))).toEqual(compiled);
  });

  it('states its format version', () => {
    expect(compileGlossary(glossary).version).toBe(5);
  });

  it('survives JSON and UTF-8 transport unchanged, even with a lone surrogate in a form', () => {
    const compiled = compileGlossary([...glossary, entry('a\udc00b', { id: 'lone' })]);
    const json = JSON.stringify(compiled);
    // JSON.stringify writes a lone surrogate as an escape, so the text is well-formed UTF-16.
    expect(new TextDecoder().decode(new TextEncoder().encode(json))).toBe(json);
    expect(JSON.parse(json)).toEqual(compiled);
  });

  it('matches the same after the round trip as before it', () => {
    const text = 'New quality productive forces; US us; 大开发区 大开发; 𠀀𠀁 絺 𫄨';
    const before = Matcher.from(compileGlossary(glossary)).findMatches(text);
    const after = matcherOf(glossary).findMatches(text);
    expect(after).toEqual(before);
    expect(after.map((m) => m.entryId)).toEqual(['a', 'b', 'c', 'd', 'd', 'd']);
  });

  it('refuses an unknown format version', () => {
    const compiled = { ...compileGlossary(glossary), version: 1 } as unknown as ReturnType<typeof compileGlossary>;
    expect(() => Matcher.from(compiled)).toThrow(/version/);
  });

  it('refuses a damaged matcher instead of looping or matching garbage', () => {
    const compiled = compileGlossary(glossary);
    const damaged: Partial<Record<keyof typeof compiled, unknown>>[] = [
      { keys: compiled.keys.slice(1) },
      { keys: compiled.keys + 'zzz' },
      { keys: [compiled.keys] },
      { keyCount: compiled.keyCount + 1 },
      { keyOffsets: compiled.keyOffsets.slice(2) },
      { keyRecordOffsets: compiled.keyRecordOffsets.slice(1) },
      { recordEntries: compiled.recordEntries.slice(0, -1) + '\u9000' },
      { recordFlags: undefined },
      { entryIds: compiled.entryIds.slice(1) },
      { labels: compiled.labels + 'x' },
      { entrySlots: '' },
      { recordCount: -1 },
      { caseForms: '' },
      { nodeCount: 0 },
      { nodeCount: 1e9 },
    ];
    for (const change of damaged) {
      expect(() => Matcher.from({ ...compiled, ...change } as typeof compiled), JSON.stringify(change)).toThrow(/compiled matcher/);
    }
  });

  it('refuses keys that are not in code-unit order or not distinct, which would make a broken trie', () => {
    const compiled = compileGlossary([entry('ab'), entry('ac')]);
    expect(compiled.keys).toBe('abac');
    // Out of order in their first unit: Matcher.from, which makes the root's children, refuses them.
    expect(() => Matcher.from({ ...compiled, keys: 'baab' })).toThrow(/compiled matcher: keys out of order/);
    // Deeper: when scanning reaches the node whose children they would make.
    expect(() => Matcher.from({ ...compiled, keys: 'acab' }).findMatches('ab')).toThrow(/compiled matcher: keys out of order/);
    expect(() => Matcher.from({ ...compiled, keys: 'abab' }).findMatches('ab')).toThrow(/compiled matcher: keys out of order/);
    // An empty key is refused at once.
    expect(() => Matcher.from({ ...compiled, keys: 'ab', keyOffsets: packPairs([0, 0, 2]) })).toThrow(/compiled matcher: an empty key/);
  });

  it('refuses, when scanning reaches it, a trie larger than the node count it was given', () => {
    const compiled = compileGlossary([entry('ab'), entry('ac'), entry('b')]);
    expect(compiled.nodeCount).toBe(5);
    const short = Matcher.from({ ...compiled, nodeCount: 4 });
    expect(() => short.findMatches('ab ac b')).toThrow(/compiled matcher/);
  });

  it('sends the keys, not the trie, and counts the trie nodes they make', () => {
    const compiled = compileGlossary([entry('西部大开发'), entry('西部地区'), entry('大开发')]);
    // In code-unit order 地 (U+5730) sorts before 大 (U+5927).
    expect(compiled.keys).toBe('大开发' + '西部地区' + '西部大开发');
    expect([0, 1, 2, 3].map((i) => pairAt(compiled.keyOffsets, i))).toEqual([0, 3, 7, 12]);
    expect(compiled.nodeCount).toBe(1 + '大开发西部地区大开发'.length);
  });
});

describe('Matcher: entry ids and labels', () => {
  it('gives the entry ids back in the order given', () => {
    const m = Matcher.from(compileGlossary([entry('能源革命', { id: 'x' }), entry('生产力', { id: 'uuid-𠀀-2' })]));
    expect(m.entryIds).toEqual(['x', 'uuid-𠀀-2']);
  });

  it('gives each label back, whether it is one of the forms or not', () => {
    const entries = [
      { ...entry('新质生产力', { id: 'a' }), label: '新质生产力' },
      { ...entry(['新質生產力', '新质生产力'], { id: 'b' }), label: '新質生產力' },
      { ...entry('Belt and Road', { id: 'c' }), label: 'Belt and Road' },
      { ...entry('energy revolution', { id: 'd' }), label: 'energy revolution' },
      { ...entry('能源革命', { id: 'e' }), label: '' },
      entry('西部大开发', { id: 'f' }),
      { ...entry('𠀀𠀁', { id: 'g' }), label: '𠀀𠀁' },
      { ...entry('大开发', { id: 'h', exclusions: ['大开发区'] }), label: '大开发区' },
    ];
    const compiled = compileGlossary(entries);
    const labels = Matcher.from(JSON.parse(JSON.stringify(compiled)) as typeof compiled).labels();
    expect(labels).toEqual(['新质生产力', '新質生產力', 'Belt and Road', 'energy revolution', '', '', '𠀀𠀁', '大开发区']);
  });

  it('does not send a label again when it is a form that folds to itself', () => {
    const compiled = compileGlossary([{ ...entry('新质生产力', { id: 'a' }), label: '新质生产力' }]);
    expect(compiled.labels).not.toContain('新质生产力');
  });

  it('keeps a label when the form that carries it is also given by a variant', () => {
    const e = { ...entry(['能源革命', '能源革命'], { id: 'a' }), label: '能源革命' };
    expect(Matcher.from(compileGlossary([e])).labels()).toEqual(['能源革命']);
  });
});
