import { describe, expect, it } from 'vitest';
import { newEntryDraft } from '@/lib/glossary/entry-draft';
import { EntrySearch, SearchTextCache, type SearchHits } from '@/lib/glossary/search';
import type { GlossaryEntry } from '@/lib/glossary/model';

function entry(id: string, term: string, more: Partial<GlossaryEntry> = {}): GlossaryEntry {
  return { ...newEntryDraft('a', { term }, 0), id, ...more };
}

const ENTRIES = [
  entry('1', '西部大开发', { translations: { en: ['large-scale development of the western region'] } }),
  entry('2', '新质生产力', { translations: { en: ['new quality productive forces'] } }),
  entry('3', '能源革命', { definition: '推动西部能源生产', translations: { en: ['energy revolution'] } }),
  entry('4', '绿色金融', { translations: { en: ['green finance'] } }),
  entry('5', '數字產業體系', { translations: { en: ['digital industry system'] } }),
  entry('6', '数字金融', { translations: { en: ['digital finance'] }, definition: '绿色发展' }),
];

const ids = (hits: SearchHits) => hits.entries.map((e) => e.id);

/** Types `query` one character at a time, each keystroke narrowing from the previous hits. */
function typeOut(search: EntrySearch, query: string): SearchHits[] {
  const steps: SearchHits[] = [];
  let previous: SearchHits | undefined;
  for (let i = 1; i <= query.length; i++) {
    previous = search.filter(query.slice(0, i), previous);
    steps.push(previous);
  }
  return steps;
}

describe('filtering entries keystroke by keystroke', () => {
  const search = new EntrySearch(ENTRIES);

  it('keeps the order the entries were given in (the table’s sort), not headwords first', () => {
    expect(ids(search.filter('西部'))).toEqual(['1', '3']);
  });

  it('finds every entry on a blank query', () => {
    expect(ids(search.filter('   '))).toEqual(['1', '2', '3', '4', '5', '6']);
  });

  it('finds a Simplified query in a Traditional entry, as the headword search does', () => {
    expect(ids(search.filter('数字产业'))).toEqual(['5']);
  });

  it('gives each keystroke of a typed query the same hits as a fresh search', () => {
    for (const query of ['green finance', 'digital fin', '西部大开发', '数字 金融', 'new  forces', 'finance green']) {
      typeOut(search, query).forEach((hits, i) => {
        expect(ids(hits), `${query.slice(0, i + 1)}`).toEqual(ids(search.filter(query.slice(0, i + 1))));
      });
    }
  });

  it('searches every entry again when the query shrinks or changes instead of growing', () => {
    const green = search.filter('green');
    expect(ids(search.filter('gree', green))).toEqual(['4']);
    expect(ids(search.filter('fin', search.filter('green fin')))).toEqual(['4', '6']);
    expect(ids(search.filter('digital', green))).toEqual(['5', '6']);
  });

  it('hands back the same hits when a keystroke does not change the query’s words (a trailing space)', () => {
    const green = search.filter('green');
    expect(search.filter('green ', green)).toBe(green);
  });

  it('ignores hits from another searcher (the glossary changed in between)', () => {
    const before = search.filter('金融');
    const edited = new EntrySearch([...ENTRIES, entry('7', '普惠金融')], new SearchTextCache());
    expect(ids(edited.filter('金融 ', before))).toEqual(['4', '6', '7']);
  });

  it('agrees with a fresh search over many random keystroke sequences', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = 'grenfaid 西部数字金融绿色';
    for (let run = 0; run < 200; run++) {
      let query = '';
      let previous: SearchHits | undefined;
      for (let step = 0; step < 8; step++) {
        // Mostly typing, sometimes a backspace, as an editor types.
        query = random() < 0.2 ? query.slice(0, -1) : query + alphabet[Math.floor(random() * alphabet.length)];
        previous = search.filter(query, previous);
        expect(ids(previous), JSON.stringify(query)).toEqual(ids(search.filter(query)));
      }
    }
  });
});
