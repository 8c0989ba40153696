import { describe, expect, it } from 'vitest';
import type { GlossaryList } from '@/lib/glossary/model';
import { DEFAULT_SETTINGS } from '@/lib/settings';
import { layoutRecords, readRecords } from '@/lib/sync/sync-layout';
import { itemBytes, SYNC_QUOTA } from '@/lib/sync/sync-quota';
import {
  decodeEntry,
  decodeList,
  decodeOverride,
  decodeSettings,
  encodeEntry,
  encodeList,
  encodeOverride,
  encodeSettings,
  entryKey,
  overrideKey,
  recordKind,
} from '@/lib/sync/sync-records';
import { clearedOverride, type EntryOverride } from '@/lib/sync/entry-override';
import { entry, localList } from './support/glossary-fixtures';

const T = 1_714_000_000_000;

describe('sync records read back exactly as written', () => {
  const entries = {
    'a plain entry (defaults left out)': entry('e1', 'l1', '新质生产力', T, { translations: {}, definition: '' }),
    'an entry with every field': entry('e2', 'l1', '能源革命', T, {
      variants: ['能源生产和消费革命'],
      note: '私人笔记',
      tags: ['能源'],
      source: { title: '报告', url: 'https://www.gov.cn/x', date: '2024-03-05' },
      match: { caseSensitive: true, wholeWord: false, exclusions: ['能源革命性'] },
    }),
  };
  for (const [name, e] of Object.entries(entries)) {
    it(name, () => {
      const encoded = encodeEntry(e);
      expect(decodeEntry(JSON.parse(JSON.stringify(encoded)))).toEqual({ tombstone: false, entry: e });
    });
  }

  it('a trashed entry travels as a tombstone of ids and times only', () => {
    const encoded = encodeEntry(entry('e3', 'l1', '词', T, { deletedAt: T + 5, updatedAt: T + 5, note: 'secret' }));
    expect(encoded).toEqual({ id: 'e3', listId: 'l1', updatedAt: T + 5, deletedAt: T + 5 });
  });

  it('a subscribed list travels as its URL and the reader’s choices, not its fetch state', () => {
    const list: GlossaryList = localList('s1', T, {
      origin: 'subscription',
      subscription: { url: 'https://example.org/l.json', etag: '"x"', checkedAt: T, lastSuccessAt: T, error: 'boom' },
    });
    const encoded = encodeList(list);
    expect(encoded).not.toHaveProperty('subscription');
    expect(encoded.url).toBe('https://example.org/l.json');
    expect(decodeList(encoded)).toEqual({ tombstone: false, list: localList('s1', T, { origin: 'subscription' }), url: 'https://example.org/l.json' });
  });

  it('settings read back', () => {
    const s = { ...DEFAULT_SETTINGS, excludedSites: ['news.cn'], updatedAt: T };
    expect(decodeSettings(encodeSettings(s))).toEqual(s);
  });
});

describe('a record that does not check out is ignored', () => {
  const bad: [string, unknown][] = [
    ['an entry without a term', { id: 'e', listId: 'l', lang: 'zh', createdAt: 1, updatedAt: 1 }],
    ['an entry with a number for a definition', { id: 'e', listId: 'l', term: 't', lang: 'zh', definition: 5, createdAt: 1, updatedAt: 1 }],
    ['an entry with an empty id', { id: '', listId: 'l', term: 't', lang: 'zh', createdAt: 1, updatedAt: 1 }],
  ];
  for (const [name, value] of bad) it(name, () => expect(decodeEntry(value)).toBeNull());

  it('a subscribed list whose URL is not http(s)', () => {
    const encoded = { ...encodeList(localList('s', T, { origin: 'subscription', subscription: { url: 'https://x.org/' } })), url: 'javascript:alert(1)' };
    expect(decodeList(encoded)).toBeNull();
  });

  it('a list with a colour outside the eight slots', () => {
    expect(decodeList({ ...encodeList(localList('l', T)), color: 9 })).toBeNull();
  });

  it('settings with an unknown site mode', () => {
    expect(decodeSettings({ ...encodeSettings(DEFAULT_SETTINGS), siteMode: 'nowhere' })).toBeNull();
  });
});

describe('records are chunked under the per-item quota', () => {
  const big = entry('big', 'l1', '长词条', T, { definition: '很长的释义。'.repeat(3000) });

  it('cuts a record larger than 8 KB into parts that each fit, and reads it back whole', async () => {
    const items = await layoutRecords(new Map([[entryKey(big.id), encodeEntry(big)]]));
    expect(Object.keys(items).length).toBeGreaterThan(3);
    for (const [key, value] of Object.entries(items)) expect(itemBytes(key, value)).toBeLessThanOrEqual(SYNC_QUOTA.QUOTA_BYTES_PER_ITEM);
    const back = readRecords(items);
    expect(back.incomplete.size).toBe(0);
    expect(decodeEntry(back.records.get(entryKey(big.id)))).toEqual({ tombstone: false, entry: big });
  });

  it('leaves a chunked record alone while one of its parts has not arrived', async () => {
    const items = await layoutRecords(new Map([[entryKey(big.id), encodeEntry(big)]]));
    delete items[`${entryKey(big.id)}#2`];
    const back = readRecords(items);
    expect(back.records.has(entryKey(big.id))).toBe(false);
    expect([...back.incomplete]).toEqual([entryKey(big.id)]);
  });

  it('does not split a character that needs two UTF-16 units', async () => {
    const emoji = entry('emoji', 'l1', '词', T, { definition: '𠀋'.repeat(5000) });
    const items = await layoutRecords(new Map([[entryKey(emoji.id), encodeEntry(emoji)]]));
    for (const value of Object.values(items)) if (typeof value === 'string') expect(value).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
    expect(decodeEntry(readRecords(items).records.get(entryKey(emoji.id)))).toEqual({ tombstone: false, entry: emoji });
  });
});

describe('the reader’s override of a subscribed entry, as sync carries it', () => {
  const override = (patch: Partial<EntryOverride> = {}): EntryOverride => ({
    entryId: 's1:abc',
    listId: 's1',
    changed: ['translations', 'definition', 'note'],
    mine: { translations: { en: ['new quality productive forces'] }, definition: '我的释义', note: '私人笔记' },
    upstream: { translations: {}, definition: '上游释义', note: '' },
    upstreamRevision: 'rev',
    review: ['definition'],
    updatedAt: T,
    ...patch,
  });

  it('travels as the fields changed and the reader’s values: upstream’s values and the review stay in each browser', () => {
    const encoded = encodeOverride(override());
    expect(encoded).toEqual({
      entryId: 's1:abc',
      listId: 's1',
      changed: ['translations', 'definition', 'note'],
      mine: { translations: { en: ['new quality productive forces'] }, definition: '我的释义', note: '私人笔记' },
      updatedAt: T,
    });
    expect(decodeOverride(JSON.parse(JSON.stringify(encoded)))).toEqual({ tombstone: false, ...encoded });
  });

  it('a taken-back override travels as a tombstone', () => {
    const encoded = encodeOverride(clearedOverride('s1:abc', 's1', T + 9));
    expect(encoded).toEqual({ entryId: 's1:abc', listId: 's1', updatedAt: T + 9, deletedAt: T + 9 });
    expect(decodeOverride(encoded)).toEqual({ tombstone: true, entryId: 's1:abc', listId: 's1', updatedAt: T + 9 });
    expect(recordKind(overrideKey('s1:abc'))).toBe('override');
  });

  it('a source the reader removed is absent from the reader’s values', () => {
    const encoded = encodeOverride(override({ changed: ['source'], mine: {}, upstream: { source: { title: 't', url: 'https://x.org/' } } }));
    expect(decodeOverride(encoded)).toMatchObject({ tombstone: false, changed: ['source'], mine: {} });
  });

  const good = () => JSON.parse(JSON.stringify(encodeOverride(override()))) as Record<string, unknown>;
  const bad: [string, (v: Record<string, unknown>) => unknown][] = [
    ['no fields changed', (v) => ({ ...v, changed: [] })],
    ['a field that is not an entry’s', (v) => ({ ...v, changed: ['definition', 'listId'], mine: { definition: 'x', listId: 'other' } })],
    ['a field named twice', (v) => ({ ...v, changed: ['definition', 'definition'] })],
    ['fields out of order', (v) => ({ ...v, changed: ['definition', 'translations', 'note'] })],
    ['a value for a field not changed', (v) => ({ ...v, mine: { ...(v.mine as object), term: '别的词' } })],
    ['a number for a definition', (v) => ({ ...v, mine: { ...(v.mine as object), definition: 5 } })],
    ['an empty term', (v) => ({ ...v, changed: ['term'], mine: { term: '' } })],
    ['a required field without a value', (v) => ({ ...v, mine: { translations: {}, note: '' } })],
    ['translations that are not lists of strings', (v) => ({ ...v, mine: { ...(v.mine as object), translations: { en: 'x' } } })],
    ['no entry id', (v) => ({ ...v, entryId: '' })],
    ['a time that is not a number', (v) => ({ ...v, updatedAt: 'yesterday' })],
    ['a tombstone with a bad time', (v) => ({ entryId: v.entryId, listId: v.listId, updatedAt: T, deletedAt: -1 })],
    ['an array', () => []],
  ];
  for (const [name, make] of bad) it(`refuses ${name}`, () => expect(decodeOverride(make(good()))).toBeNull());
});
