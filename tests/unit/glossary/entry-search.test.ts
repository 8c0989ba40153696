import { describe, expect, it } from 'vitest';
import { newEntryDraft } from '@/lib/glossary/entry-draft';
import { filterEntries, primaryTranslation, sortEntries, tagCounts } from '@/lib/glossary/entry-filter';
import { EntrySearch, SearchTextCache } from '@/lib/glossary/search';
import { CountingSearchCache } from '../helpers/counting-search-cache';
import type { GlossaryEntry } from '@/lib/glossary/model';

function entry(id: string, term: string, more: Partial<GlossaryEntry> = {}): GlossaryEntry {
  return { ...newEntryDraft('a', { term }, 0), id, ...more };
}

const ENTRIES = [
  entry('1', '西部大开发', { translations: { en: ['western development'] }, tags: ['区域'], updatedAt: 30 }),
  entry('2', '新质生产力', { translations: { en: ['new quality productive forces'] }, tags: ['经济', '区域'], updatedAt: 10 }),
  entry('3', '能源革命', { definition: '推动西部能源生产', listId: 'b', tags: ['经济'], updatedAt: 20 }),
  entry('4', '安全', { translations: { fr: ['sécurité'] }, listId: 'b', updatedAt: 40 }),
];
const LISTS = new Map([
  ['a', { name: 'A', priority: 1 }],
  ['b', { name: 'B', priority: 2 }],
]);

describe('searching entries', () => {
  const search = new EntrySearch(ENTRIES);

  it('finds an entry by a Traditional query', () => {
    expect(search.search('新質').map((e) => e.id)).toEqual(['2']);
  });

  it('puts headword hits before definition hits', () => {
    expect(search.search('西部').map((e) => e.id)).toEqual(['1', '3']);
  });

  it('finds by an English rendering, ignoring case and full-width letters', () => {
    expect(search.search('ＷＥＳＴＥＲＮ').map((e) => e.id)).toEqual(['1']);
  });

  it('needs every word of the query', () => {
    expect([...(search.matchingIds('new forces') ?? [])]).toEqual(['2']);
    expect(search.matchingIds('new western')?.size).toBe(0);
  });

  it('matches everything on a blank query', () => {
    expect(search.matchingIds('  ')).toBeNull();
  });

  it('refolds only entries that changed when a cache is shared', () => {
    const cache = new SearchTextCache();
    expect(new EntrySearch(ENTRIES, cache).prepare()).toBe(true);
    const edited = { ...ENTRIES[0]!, definition: '东部', updatedAt: 99 };
    const stale = { ...ENTRIES[1]!, definition: '东部' }; // same updatedAt: the cached text stands
    const again = new EntrySearch([edited, stale], cache);
    expect(again.search('东部').map((e) => e.id)).toEqual(['1']);
  });
});

describe('folding entries ahead of the first query', () => {
  it('folds nothing for the first view (a blank query) and everything for the first real one', () => {
    const cache = new CountingSearchCache();
    const search = new EntrySearch(ENTRIES, cache);
    expect(search.filter('').entries).toHaveLength(4);
    expect(search.search('')).toHaveLength(4);
    expect(cache.asked).toBe(0);
    expect(search.filter('西部').entries.map((e) => e.id)).toEqual(['1', '3']);
    expect(cache.asked).toBe(4);
  });

  it('folds a slice at a time while there is time, and a query finishes what is left', () => {
    const cache = new CountingSearchCache();
    const search = new EntrySearch(ENTRIES, cache);
    // No time left: one entry a call.
    expect(search.prepare(() => false)).toBe(false);
    expect(cache.asked).toBe(1);
    let budget = 2;
    expect(search.prepare(() => --budget > 0)).toBe(false);
    expect(cache.asked).toBe(3);
    expect(search.search('西部').map((e) => e.id)).toEqual(['1', '3']);
    expect(cache.asked).toBe(4);
    expect(search.prepare(() => false)).toBe(true);
    expect(cache.asked).toBe(4);
  });
});

describe('filtering and sorting the table', () => {
  it('filters by list, tag and search result together', () => {
    expect(filterEntries(ENTRIES, { tag: '经济' }).map((e) => e.id)).toEqual(['2', '3']);
    expect(filterEntries(ENTRIES, { tag: '经济', listId: 'b' }).map((e) => e.id)).toEqual(['3']);
    expect(filterEntries(ENTRIES, { ids: new Set(['1', '4']), listId: 'a' }).map((e) => e.id)).toEqual(['1']);
    expect(filterEntries(ENTRIES, {}).length).toBe(4);
  });

  it('sorts headwords in pinyin order', () => {
    // ān quán, néng yuán, xī bù, xīn zhì
    expect(sortEntries(ENTRIES, { field: 'term', descending: false }, LISTS).map((e) => e.term)).toEqual([
      '安全',
      '能源革命',
      '西部大开发',
      '新质生产力',
    ]);
  });

  it('sorts by last change, newest first', () => {
    expect(sortEntries(ENTRIES, { field: 'updated', descending: true }, LISTS).map((e) => e.id)).toEqual(['4', '1', '3', '2']);
  });

  it('sorts by list in the sidebar’s order (highest priority first), then by headword', () => {
    expect(sortEntries(ENTRIES, { field: 'list', descending: false }, LISTS).map((e) => e.id)).toEqual(['4', '3', '1', '2']);
  });

  it('sorts by the first English rendering, else any rendering', () => {
    expect(primaryTranslation(ENTRIES[3]!)).toBe('sécurité');
    expect(sortEntries(ENTRIES, { field: 'translation', descending: false }, LISTS).map((e) => e.id)).toEqual(['3', '2', '4', '1']);
  });

  it('counts tags, most used first, ties in pinyin order (jīngjì before qūyù)', () => {
    expect(tagCounts([...ENTRIES, entry('5', '海洋', { tags: ['海洋'] })])).toEqual([
      { tag: '经济', count: 2 },
      { tag: '区域', count: 2 },
      { tag: '海洋', count: 1 },
    ]);
  });
});
