import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GlossaryDb } from '@/lib/glossary/db';
import { newEntryDraft } from '@/lib/glossary/entry-draft';
import {
  daysLeftInTrash,
  deleteEntriesForever,
  entryHistory,
  moveEntries,
  purgeTrash,
  restoreEntries,
  revertToVersion,
  saveEntry,
  tagEntries,
  trashEntries,
  untagEntries,
} from '@/lib/glossary/entry-store';
import { createList, deleteList } from '@/lib/glossary/list-store';
import { HISTORY_LIMIT, type ChangeAuthor } from '@/lib/glossary/history';
import type { GlossaryEntry } from '@/lib/glossary/model';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2024, 3, 24);
const editor: ChangeAuthor = { context: 'options', device: 'Chrome · Linux' };
const popup: ChangeAuthor = { context: 'popup', device: 'Firefox · Windows' };

let db: GlossaryDb;
let listId: string;
let n = 0;
beforeEach(async () => {
  db = new GlossaryDb(`termlens-store-${++n}`);
  listId = (await createList(db, { name: '政策术语' }, T0)).id;
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

async function saved(term: string, now = T0): Promise<GlossaryEntry> {
  const result = await saveEntry(db, newEntryDraft(listId, { term }, now), { author: editor, expectedUpdatedAt: null, now });
  if (result.kind !== 'saved') throw new Error('not saved');
  return result.entry;
}

describe('saving an entry', () => {
  it('stores a new entry and records who created it', async () => {
    const entry = await saved('新质生产力');
    expect(await db.entry.get(entry.id)).toEqual(entry);
    const [version] = await entryHistory(db, entry.id);
    expect(version).toMatchObject({ action: 'create', by: editor, at: T0 });
    expect(version!.changed).toContain('term');
  });

  it('refuses to overwrite an entry that changed since the form loaded it, and says what it is now', async () => {
    const entry = await saved('新质生产力');
    const elsewhere = await saveEntry(db, { ...entry, definition: '弹出窗口里改的' }, { author: popup, expectedUpdatedAt: entry.updatedAt, now: T0 + 5 });
    expect(elsewhere.kind).toBe('saved');
    const stale = await saveEntry(db, { ...entry, definition: '选项页里改的' }, { author: editor, expectedUpdatedAt: entry.updatedAt, now: T0 + 9 });
    expect(stale.kind).toBe('conflict');
    expect(stale.kind === 'conflict' && stale.current?.definition).toBe('弹出窗口里改的');
    expect((await db.entry.get(entry.id))?.definition).toBe('弹出窗口里改的');
  });

  it('overwrites on request (no expected date), e.g. "keep mine" after a conflict', async () => {
    const entry = await saved('新质生产力');
    await saveEntry(db, { ...entry, definition: 'A' }, { author: popup, now: T0 + 1 });
    const mine = await saveEntry(db, { ...entry, definition: 'B' }, { author: editor, now: T0 + 2 });
    expect(mine.kind).toBe('saved');
    expect((await db.entry.get(entry.id))?.definition).toBe('B');
  });

  it('treats saving a "new" entry whose id already exists as a conflict', async () => {
    const entry = await saved('新质生产力');
    const again = await saveEntry(db, entry, { author: editor, expectedUpdatedAt: null });
    expect(again.kind).toBe('conflict');
  });

  it('makes updatedAt grow with every save, even within one millisecond', async () => {
    const entry = await saved('新质生产力');
    const a = await saveEntry(db, { ...entry, definition: '1' }, { author: editor, now: T0 });
    const b = await saveEntry(db, { ...entry, definition: '2' }, { author: editor, now: T0 });
    expect(a.kind === 'saved' && b.kind === 'saved' && b.entry.updatedAt > a.entry.updatedAt).toBe(true);
    expect(b.kind === 'saved' && b.entry.createdAt).toBe(T0);
  });
});

describe('history', () => {
  it(`keeps the last ${HISTORY_LIMIT} versions of an entry, newest first`, async () => {
    const entry = await saved('新质生产力');
    for (let i = 1; i <= 30; i++) {
      await saveEntry(db, { ...entry, definition: `第${i}版` }, { author: editor, now: T0 + i });
    }
    const versions = await entryHistory(db, entry.id);
    expect(versions).toHaveLength(HISTORY_LIMIT);
    expect(versions[0]!.entry.definition).toBe('第30版');
    expect(versions.at(-1)!.entry.definition).toBe(`第${30 - HISTORY_LIMIT + 1}版`);
  });

  it('does not let one entry trim the history of another', async () => {
    const a = await saved('新质生产力');
    const b = await saved('西部大开发');
    for (let i = 1; i <= 25; i++) await saveEntry(db, { ...a, definition: `${i}` }, { author: editor, now: T0 + i });
    expect(await entryHistory(db, b.id)).toHaveLength(1);
  });

  it('names the fields that changed and who changed them', async () => {
    const entry = await saved('新质生产力');
    await saveEntry(db, { ...entry, definition: '新定义', tags: ['经济'] }, { author: popup, now: T0 + 1 });
    const [latest] = await entryHistory(db, entry.id);
    expect(latest).toMatchObject({ action: 'edit', by: popup, changed: ['definition', 'tags'] });
  });

  it('records the state before the first edit of an entry that had no history (written before version 2)', async () => {
    const old = { ...newEntryDraft(listId, { term: '能源革命' }, T0), definition: '旧' };
    await db.entry.add(old);
    await saveEntry(db, { ...old, definition: '新' }, { author: editor, now: T0 + DAY });
    const versions = await entryHistory(db, old.id);
    expect(versions.map((v) => [v.action, v.entry.definition])).toEqual([
      ['edit', '新'],
      ['baseline', '旧'],
    ]);
  });

  it('restores an old version as a new version, keeping the entry in or out of the trash', async () => {
    const entry = await saved('新质生产力');
    await saveEntry(db, { ...entry, definition: '改坏了', variants: ['错的'] }, { author: popup, now: T0 + 1 });
    const first = (await entryHistory(db, entry.id)).at(-1)!;
    const restored = await revertToVersion(db, first.id, editor, T0 + 2);
    expect(restored).toMatchObject({ definition: '', variants: [], updatedAt: T0 + 2 });
    const [latest] = await entryHistory(db, entry.id);
    expect(latest).toMatchObject({ action: 'revert', by: editor, changed: ['variants', 'definition'] });
  });
});

describe('trash', () => {
  it('moves entries to the trash and back, with a version for each', async () => {
    const entry = await saved('新质生产力');
    expect(await trashEntries(db, [entry.id], editor, T0 + 1)).toBe(1);
    expect((await db.entry.get(entry.id))?.deletedAt).toBe(T0 + 1);
    expect(await restoreEntries(db, [entry.id], editor, T0 + 2)).toBe(1);
    const back = await db.entry.get(entry.id);
    expect(back).not.toHaveProperty('deletedAt');
    expect((await entryHistory(db, entry.id)).map((v) => v.action)).toEqual(['restore', 'trash', 'create']);
  });

  it('purges entries that have been in the trash for 30 days, with their history, and keeps younger ones', async () => {
    const old = await saved('旧词');
    const young = await saved('新词');
    const live = await saved('活词');
    await trashEntries(db, [old.id], editor, T0);
    await trashEntries(db, [young.id], editor, T0 + 20 * DAY);
    expect(await purgeTrash(db, T0 + 30 * DAY)).toEqual({ entries: 1, lists: 0 });
    expect(await db.entry.get(old.id)).toBeUndefined();
    expect(await entryHistory(db, old.id)).toEqual([]);
    expect(await db.entry.get(young.id)).toBeDefined();
    expect(await db.entry.get(live.id)).toBeDefined();
  });

  it('keeps a trashed entry one millisecond short of 30 days', async () => {
    const entry = await saved('新质生产力');
    await trashEntries(db, [entry.id], editor, T0);
    expect(await purgeTrash(db, T0 + 30 * DAY - 1)).toEqual({ entries: 0, lists: 0 });
  });

  it('purges a list deleted 30 days ago together with all its entries', async () => {
    const entry = await saved('新质生产力');
    await deleteList(db, listId, T0);
    expect(await purgeTrash(db, T0 + 31 * DAY)).toEqual({ entries: 1, lists: 1 });
    expect(await db.entry.get(entry.id)).toBeUndefined();
    expect(await db.list.get(listId)).toBeUndefined();
  });

  it('counts the days left before the purge', () => {
    expect(daysLeftInTrash(T0, T0)).toBe(30);
    expect(daysLeftInTrash(T0, T0 + 29.5 * DAY)).toBe(1);
    expect(daysLeftInTrash(T0, T0 + 31 * DAY)).toBe(0);
  });

  it('deletes for good on request', async () => {
    const entry = await saved('新质生产力');
    await deleteEntriesForever(db, [entry.id]);
    expect(await db.entry.count()).toBe(0);
    expect(await db.history.count()).toBe(0);
  });
});

describe('bulk work', () => {
  it('moves, tags and untags many entries, touching only those that change', async () => {
    const a = await saved('新质生产力');
    const b = await saved('西部大开发');
    const other = (await createList(db, { name: '区域' }, T0)).id;
    expect(await moveEntries(db, [a.id, b.id], other, editor, T0 + 1)).toBe(2);
    expect(await tagEntries(db, [a.id, b.id], '重点', editor, T0 + 2)).toBe(2);
    expect(await tagEntries(db, [a.id], '重点', editor, T0 + 3)).toBe(0);
    expect(await untagEntries(db, [b.id], '重点', editor, T0 + 4)).toBe(1);
    const [x, y] = await db.entry.bulkGet([a.id, b.id]);
    expect([x?.listId, x?.tags, y?.listId, y?.tags]).toEqual([other, ['重点'], other, []]);
  });
});
