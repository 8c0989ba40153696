import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { createList } from '@/lib/glossary/list-store';
import { seedStarterGlossary, SEEDED_KEY, STARTER_LIST_ID } from '@/lib/glossary/seed';
import { dropDbs, freshDb } from '../sync/support/glossary-fixtures';

afterEach(dropDbs);

describe('seedStarterGlossary', () => {
  it('seeds an empty database, and marks it seeded', async () => {
    const db = await freshDb();
    expect(await seedStarterGlossary(db, 'zh-CN')).toBe(true);
    expect(await db.list.get(STARTER_LIST_ID)).toBeDefined();
    expect((await db.meta.get(SEEDED_KEY))?.value).toBe('seeded');
  });

  it('does not bring the starter list back once every list is gone', async () => {
    const db = await freshDb();
    await seedStarterGlossary(db, 'zh-CN');
    // Every list deleted and the trash emptied (the worker purges rows after 30 days).
    await db.transaction('rw', db.list, db.entry, async () => {
      await db.entry.clear();
      await db.list.clear();
    });
    expect(await seedStarterGlossary(db, 'zh-CN')).toBe(false);
    expect(await db.list.count()).toBe(0);
    expect(await db.entry.count()).toBe(0);
  });

  it('leaves a database that already holds lists unseeded, then and after they are gone', async () => {
    const db = await freshDb();
    await createList(db, { name: '我的术语' });
    expect(await seedStarterGlossary(db, 'zh-CN')).toBe(false);
    expect((await db.meta.get(SEEDED_KEY))?.value).toBe('lists-found');
    await db.list.clear();
    expect(await seedStarterGlossary(db, 'zh-CN')).toBe(false);
    expect(await db.list.count()).toBe(0);
  });
});
