import { describe, expect, it } from 'vitest';
import type { GlossaryEntry } from '../../../lib/glossary/model';
import { Matcher, compileGlossary, foldedFormsOf, matchableFromEntry } from '../../../lib/match';

function glossaryEntry(overrides: Partial<GlossaryEntry> = {}): GlossaryEntry {
  return {
    id: 'nqpf',
    listId: 'list-1',
    term: '新质生产力',
    variants: ['新質生產力'],
    lang: 'zh-Hans',
    translations: { en: ['new quality productive forces', 'New Productive Forces'], fr: ['forces productives de qualité nouvelle'] },
    definition: '由技术革命性突破……催生的当代先进生产力。',
    note: 'private',
    tags: [],
    match: { caseSensitive: false, wholeWord: true, exclusions: ['新质生产力论'] },
    createdAt: 0,
    updatedAt: 0,
    ...overrides,
  };
}

describe('matchableFromEntry', () => {
  it('takes the term, the variants and every translation as forms, in that order', () => {
    const m = matchableFromEntry(glossaryEntry(), { color: 3, priority: 7 });
    expect(m.forms).toEqual([
      '新质生产力',
      '新質生產力',
      'new quality productive forces',
      'New Productive Forces',
      'forces productives de qualité nouvelle',
    ]);
  });

  it("takes the list's colour as the slot and the list's priority", () => {
    const m = matchableFromEntry(glossaryEntry(), { color: 3, priority: 7 });
    expect([m.id, m.slot, m.priority]).toEqual(['nqpf', 3, 7]);
  });

  it("carries the entry's match options, and nothing private", () => {
    const m = matchableFromEntry(glossaryEntry(), { color: 0, priority: 0 });
    expect(m).toMatchObject({ caseSensitive: false, wholeWord: true, exclusions: ['新质生产力论'] });
    expect(JSON.stringify(m)).not.toContain('private');
    expect(JSON.stringify(m)).not.toContain('先进生产力');
  });

  it('makes an entry whose English translation opens it from an English article', () => {
    const matcher = Matcher.from(compileGlossary([matchableFromEntry(glossaryEntry(), { color: 2, priority: 0 })]));
    const text = 'China stresses New Quality\nProductive Forces.';
    const matches = matcher.findMatches(text);
    expect(matches.map((m) => [text.slice(m.start, m.end), m.entryId, m.slot])).toEqual([
      ['New Quality\nProductive Forces', 'nqpf', 2],
    ]);
  });
});

describe('foldedFormsOf', () => {
  it('shows, for each form, the text that it matches', () => {
    expect(foldedFormsOf(glossaryEntry())).toEqual([
      { form: '新质生产力', folded: '新质生产力' },
      { form: '新質生產力', folded: '新质生产力' },
      { form: 'new quality productive forces', folded: 'new quality productive forces' },
      { form: 'New Productive Forces', folded: 'new productive forces' },
      { form: 'forces productives de qualité nouvelle', folded: 'forces productives de qualité nouvelle' },
    ]);
  });

  it('keeps letter case for a case-sensitive entry, and folds whitespace and full-width forms', () => {
    const e = glossaryEntry({ term: ' ＷＴＯ\n 规则 ', variants: [], translations: {}, match: { caseSensitive: true, wholeWord: true, exclusions: [] } });
    expect(foldedFormsOf(e)).toEqual([{ form: ' ＷＴＯ\n 规则 ', folded: 'WTO规则' }]);
  });

  it('shows an empty fold for a form that can never match', () => {
    expect(foldedFormsOf(glossaryEntry({ variants: ['\u200b '], translations: {} }))[1]).toEqual({ form: '\u200b ', folded: '' });
  });
});
