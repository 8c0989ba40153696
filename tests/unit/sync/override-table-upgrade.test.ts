import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { GlossaryDb } from '@/lib/glossary/db';
import type { GlossaryEntry, GlossaryList } from '@/lib/glossary/model';
import type { EntryOverride } from '@/lib/sync/entry-override';
import { deletedAfterEach } from '../helpers/scratch-databases';

const fixture = JSON.parse(readFileSync(join(__dirname, '../../fixtures/db/v1-glossary.json'), 'utf8')) as {
  lists: GlossaryList[];
  entries: GlossaryEntry[];
};

/** The database exactly as schema version 2 declared it. */
function openVersion2(name: string): Dexie {
  const db = new Dexie(name);
  db.version(1).stores({
    list: 'id, priority, updatedAt',
    entry: 'id, listId, term, *tags, updatedAt',
  });
  db.version(2).stores({
    list: 'id, priority, updatedAt',
    entry: 'id, listId, term, *tags, updatedAt, deletedAt',
    history: 'id, entryId, [entryId+at]',
  });
  return db;
}

const history = [{ id: 'h1', entryId: fixture.entries[0]!.id, at: 1_700_000_000_000, action: 'edit' }];

let names = 0;
const opened = deletedAfterEach();

async function writtenByVersion2(): Promise<string> {
  const name = `termlens-upgrade-v3-${++names}`;
  const v2 = openVersion2(name);
  await v2.table('list').bulkAdd(fixture.lists);
  await v2.table('entry').bulkAdd(fixture.entries);
  await v2.table('history').bulkAdd(history);
  expect(v2.verno).toBe(2);
  v2.close();
  return name;
}

const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));

describe('upgrading the glossary database from version 2 to version 3 (overrides)', () => {
  it('finds every list, entry and history row that version 2 wrote, field for field', async () => {
    const db = new GlossaryDb(await writtenByVersion2());
    opened.push(db);
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(3);
    expect(byId(await db.list.toArray())).toEqual(byId(fixture.lists));
    expect(byId(await db.entry.toArray())).toEqual(byId(fixture.entries));
    expect(await db.table('history').toArray()).toEqual(history);
  });

  it('adds an empty override table that is keyed by entry and indexed by list', async () => {
    const db = new GlossaryDb(await writtenByVersion2());
    opened.push(db);
    expect(await db.override.count()).toBe(0);
    const override: EntryOverride = {
      entryId: 'e1',
      listId: 'sub',
      changed: ['definition'],
      mine: { definition: 'mine' },
      upstream: { definition: 'theirs' },
      upstreamRevision: '0',
      review: [],
      updatedAt: 1,
    };
    await db.override.put(override);
    expect(await db.override.get('e1')).toEqual(override);
    expect(await db.override.where('listId').equals('sub').primaryKeys()).toEqual(['e1']);
  });

  it('keeps the version-2 indexes working (trash, list)', async () => {
    const db = new GlossaryDb(await writtenByVersion2());
    opened.push(db);
    const trashed = fixture.entries.filter((e) => e.deletedAt !== undefined).map((e) => e.id);
    expect(await db.entry.where('deletedAt').above(0).primaryKeys()).toEqual(trashed);
    const first = fixture.entries[0]!;
    expect(await db.entry.where('listId').equals(first.listId).count()).toBe(fixture.entries.filter((e) => e.listId === first.listId).length);
  });
});
