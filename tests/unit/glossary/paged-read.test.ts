import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GlossaryDb } from '@/lib/glossary/db';
import { compileActiveGlossary } from '@/lib/glossary/active-glossary';
import { readAllInPages, READ_PAGE_SIZE } from '@/lib/glossary/paged-read';
import type { GlossaryList } from '@/lib/glossary/model';
import { glossaryEntry } from '../../fixtures/glossary-entry';
import { deletedAfterEach } from '../helpers/scratch-databases';

const T = 1_714_000_000_000;
let names = 0;
const opened = deletedAfterEach();

const list = (id: string): GlossaryList => ({ id, name: id, color: 0, enabled: true, priority: 0, origin: 'local', createdAt: T, updatedAt: T });

async function withEntries(count: number): Promise<GlossaryDb> {
  const db = new GlossaryDb(`termlens-paged-${++names}`);
  opened.push(db);
  await db.list.put(list('a'));
  await db.entry.bulkPut(Array.from({ length: count }, (_, i) => glossaryEntry(`e${String(i).padStart(5, '0')}`, 'a', `术语${i}`, T)));
  return db;
}

/**
 * The `count` each getAll request of the test asked for: IndexedDB's own calls, under Dexie, which
 * passes an options object where the store has IndexedDB 3's getAllRecords (fake-indexeddb does).
 */
let getAllCounts: (number | undefined)[];
const originalGetAll = IDBObjectStore.prototype.getAll;
beforeEach(() => {
  getAllCounts = [];
  IDBObjectStore.prototype.getAll = function (this: IDBObjectStore, ...args: unknown[]) {
    const [first, second] = args as [unknown, number | undefined];
    const options = first !== null && typeof first === 'object' && 'count' in first ? (first as { count?: number }) : undefined;
    getAllCounts.push(options ? options.count : second);
    return (originalGetAll as (...a: unknown[]) => IDBRequest).apply(this, args);
  } as typeof originalGetAll;
});
afterEach(() => {
  IDBObjectStore.prototype.getAll = originalGetAll;
});

describe('reading a whole table in pages', () => {
  it('reads every record once, in key order, a page per request', async () => {
    const db = await withEntries(23);
    const inKeyOrder = (await db.entry.toArray()).map((e) => e.id);
    getAllCounts = [];
    const read = await readAllInPages(db.entry, 5);
    expect(read.map((e) => e.id)).toEqual(inKeyOrder);
    expect(new Set(read.map((e) => e.id)).size).toBe(23);
    // 5 + 5 + 5 + 5 + 3: five requests, none for more than a page.
    expect(getAllCounts).toEqual([5, 5, 5, 5, 5]);
  });

  it('ends with an empty request when the last page is full, and reads an empty table in one', async () => {
    const db = await withEntries(10);
    getAllCounts = [];
    expect(await readAllInPages(db.entry, 5)).toHaveLength(10);
    expect(getAllCounts).toEqual([5, 5, 5]);
    await db.entry.clear();
    getAllCounts = [];
    expect(await readAllInPages(db.entry, 5)).toEqual([]);
    expect(getAllCounts).toEqual([5]);
  });

  it('is one consistent read inside a transaction', async () => {
    const db = await withEntries(12);
    const read = await db.transaction('r', db.entry, () => readAllInPages(db.entry, 4));
    expect(read).toHaveLength(12);
  });

  it('refuses a page size that is not a positive integer', async () => {
    const db = await withEntries(1);
    await expect(readAllInPages(db.entry, 0)).rejects.toThrow(/page size must be a positive integer, got 0/);
  });

  it('is how the background reads a large glossary to compile it', async () => {
    const db = await withEntries(READ_PAGE_SIZE * 2 + 1);
    getAllCounts = [];
    expect((await compileActiveGlossary(db)).entryCount).toBe(READ_PAGE_SIZE * 2 + 1);
    // The entries' pages (the list table is read whole, with no count).
    expect(getAllCounts.filter((c) => c === READ_PAGE_SIZE)).toHaveLength(3);
    expect(getAllCounts.filter((c) => c === undefined || c > READ_PAGE_SIZE)).toHaveLength(1);
  });
});
