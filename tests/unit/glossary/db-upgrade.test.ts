import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { GlossaryDb } from '@/lib/glossary/db';
import type { GlossaryEntry, GlossaryList } from '@/lib/glossary/model';
import { deletedAfterEach } from '../helpers/scratch-databases';

const fixture = JSON.parse(readFileSync(join(__dirname, '../../fixtures/db/v1-glossary.json'), 'utf8')) as {
  lists: GlossaryList[];
  entries: GlossaryEntry[];
};

/** The database exactly as schema version 1 declared it (lib/glossary/db.ts as first shipped). */
function openVersion1(name: string): Dexie {
  const db = new Dexie(name);
  db.version(1).stores({
    list: 'id, priority, updatedAt',
    entry: 'id, listId, term, *tags, updatedAt',
  });
  return db;
}

let names = 0;
const opened = deletedAfterEach();

async function writtenByVersion1(): Promise<string> {
  const name = `termlens-upgrade-${++names}`;
  const v1 = openVersion1(name);
  await v1.table('list').bulkAdd(fixture.lists);
  await v1.table('entry').bulkAdd(fixture.entries);
  expect(v1.verno).toBe(1);
  v1.close();
  return name;
}

describe('upgrading a glossary database written by schema version 1 to the current schema', () => {
  it('finds every list and entry that version 1 wrote, field for field', async () => {
    const db = new GlossaryDb(await writtenByVersion1());
    opened.push(db);
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(2);
    const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(await db.list.toArray())).toEqual(byId(fixture.lists));
    expect(byId(await db.entry.toArray())).toEqual(byId(fixture.entries));
  });

  it('indexes the trashed entries of version 1 for the trash and its purge', async () => {
    const db = new GlossaryDb(await writtenByVersion1());
    opened.push(db);
    expect(await db.entry.where('deletedAt').above(0).primaryKeys()).toEqual(['entry-trashed']);
  });

  it('keeps the version-1 indexes working (by list, by tag)', async () => {
    const db = new GlossaryDb(await writtenByVersion1());
    opened.push(db);
    expect((await db.entry.where('listId').equals('list-policy').primaryKeys()).sort()).toEqual([
      'entry-trashed',
      'entry-xbdkf',
      'entry-xzscl',
    ]);
    expect(await db.entry.where('tags').equals('区域').primaryKeys()).toEqual(['entry-xbdkf']);
  });

  it('starts with an empty history table', async () => {
    const db = new GlossaryDb(await writtenByVersion1());
    opened.push(db);
    expect(await db.history.count()).toBe(0);
  });
});
