import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { GENERATION_KEY, GlossaryDb, glossaryGeneration } from '@/lib/glossary/db';
import type { GlossaryEntry, GlossaryList } from '@/lib/glossary/model';
import { deletedAfterEach } from '../helpers/scratch-databases';

let names = 0;
const opened = deletedAfterEach();

function freshDb(): GlossaryDb {
  const db = new GlossaryDb(`termlens-generation-${++names}`);
  opened.push(db);
  return db;
}

const list = { id: 'l1', name: 'L', enabled: true, priority: 0, color: 0, createdAt: 1, updatedAt: 1 } as unknown as GlossaryList;
const entry = (id: string) => ({ id, listId: 'l1', term: '西部大开发', variants: [], translations: {}, tags: [], createdAt: 1, updatedAt: 1 }) as unknown as GlossaryEntry;

describe("the glossary's generation", () => {
  it('is replaced by every write to a glossary table, in any kind of write, and by nothing else', async () => {
    const db = freshDb();
    await db.open();
    expect(await glossaryGeneration(db)).toBeUndefined();
    const seen = new Set<string>();
    const next = async () => {
      const g = await glossaryGeneration(db);
      expect(g).toMatch(/^[0-9a-f-]{36}$/);
      expect(seen.has(g!)).toBe(false);
      seen.add(g!);
    };
    await db.list.add(list);
    await next();
    await db.entry.bulkAdd([entry('e1'), entry('e2')]);
    await next();
    await db.entry.update('e1', { term: '新质生产力' });
    await next();
    await db.entry.delete('e2');
    await next();
    await db.transaction('rw', db.list, db.entry, async () => {
      await db.list.update('l1', { enabled: false });
      await db.entry.where('listId').equals('l1').modify({ updatedAt: 2 });
    });
    await next();
    await db.override.put({ entryId: 'e1', listId: 'l1' } as never);
    await next();
    // Reads change nothing, and neither do empty bulk writes.
    const before = await glossaryGeneration(db);
    await db.entry.bulkPut([]);
    await db.entry.bulkDelete([]);
    await db.entry.toArray();
    await db.transaction('r', db.list, db.entry, () => db.list.toArray());
    expect(await glossaryGeneration(db)).toBe(before);
  });

  it('is written once by a transaction of several writes', async () => {
    const db = freshDb();
    // Below the stamp (a lower level is nearer the database): counts the writes that reach `meta`.
    let metaWrites = 0;
    db.use({
      stack: 'dbcore',
      name: 'count-meta-writes',
      level: 0,
      create: (down) => ({
        ...down,
        table: (name) => {
          const table = down.table(name);
          return name === 'meta' ? { ...table, mutate: (request) => (metaWrites++, table.mutate(request)) } : table;
        },
      }),
    });
    await db.open();
    await db.list.add(list);
    const before = await glossaryGeneration(db);
    metaWrites = 0;
    await db.transaction('rw', db.list, db.entry, async () => {
      await db.list.update('l1', { enabled: false });
      await db.entry.add(entry('e1'));
      await db.entry.bulkAdd([entry('e2'), entry('e3')]);
      await db.entry.delete('e3');
    });
    expect(metaWrites).toBe(1);
    expect(await glossaryGeneration(db)).not.toBe(before);
  });

  it('stays as it was when the write is rolled back', async () => {
    const db = freshDb();
    await db.list.add(list);
    const before = await glossaryGeneration(db);
    await expect(
      db.transaction('rw', db.entry, async () => {
        await db.entry.add(entry('e1'));
        throw new Error('the editor gave up');
      }),
    ).rejects.toThrow('the editor gave up');
    expect(await db.entry.count()).toBe(0);
    expect(await glossaryGeneration(db)).toBe(before);
  });

  it('is given to a database that an older version wrote, when it is upgraded', async () => {
    const name = `termlens-generation-${++names}`;
    const v3 = new Dexie(name);
    v3.version(3).stores({
      list: 'id, priority, updatedAt',
      entry: 'id, listId, term, *tags, updatedAt, deletedAt',
      history: 'id, entryId, [entryId+at]',
      override: 'entryId, listId',
    });
    await v3.table('list').add(list);
    v3.close();
    const db = new GlossaryDb(name);
    opened.push(db);
    await db.open();
    expect((await db.meta.get(GENERATION_KEY))?.value).toMatch(/^[0-9a-f-]{36}$/);
    expect(await db.list.count()).toBe(1);
  });
});
