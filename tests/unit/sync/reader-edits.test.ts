import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { GlossaryDb } from '@/lib/glossary/db';
import { subscribe, updateSubscription } from '@/lib/sync/subscriptions';
import { restoreReaderEntries, saveReaderEdit, trashReaderEntries } from '@/lib/sync/reader-edits';
import { dropDbs, entry, freshDb, localList } from './support/glossary-fixtures';
import { FakeServer } from './support/fake-server';
import { listJson } from './support/list-files';

const URL_JSON = 'https://lists.example.org/policy.json';
const T0 = 1_714_000_000_000;
const author = { context: 'options' as const, device: 'test' };
let db: GlossaryDb;
let server: FakeServer;

beforeEach(async () => {
  fakeBrowser.reset();
  db = await freshDb();
  server = new FakeServer();
});
afterEach(dropDbs);

async function subscribedEntry() {
  server.answer({ body: listJson([{ id: 'west', term: '西部大开发', en: 'western development' }]), headers: { 'content-type': 'application/json' } });
  const list = await subscribe(db, URL_JSON, { fetch: server.fetch, now: () => T0 });
  const [row] = await db.entry.where('listId').equals(list.id).toArray();
  return { list, row: row! };
}

describe('the reader’s edits, wherever the entry lives', () => {
  it('an edit of a subscribed entry is kept as an override and survives the next update', async () => {
    const { list, row } = await subscribedEntry();
    const result = await saveReaderEdit(db, { ...row, definition: '我的释义' }, { author, expectedUpdatedAt: row.updatedAt, now: T0 + 10 });
    expect(result.kind).toBe('saved');
    expect(await db.override.get(row.id)).toBeDefined();
    // Upstream changes another field; the reader's definition stays.
    server.answer({ body: listJson([{ id: 'west', term: '西部大开发', en: 'large-scale development of the western region' }]), headers: { 'content-type': 'application/json' } });
    await updateSubscription(db, list.id, { fetch: server.fetch, now: () => T0 + 20 });
    const after = await db.entry.get(row.id);
    expect(after?.definition).toBe('我的释义');
    expect(after?.translations.en).toEqual(['large-scale development of the western region']);
  });

  it('an edit of a subscribed entry made from a stale form is a conflict, and writes nothing', async () => {
    const { row } = await subscribedEntry();
    const result = await saveReaderEdit(db, { ...row, definition: '过时' }, { author, expectedUpdatedAt: row.updatedAt - 1 });
    expect(result.kind).toBe('conflict');
    expect(await db.override.get(row.id)).toBeUndefined();
  });

  it('an edit of the reader’s own entry goes to the entry store with its history', async () => {
    await db.list.add(localList('mine', T0));
    const own = entry('e1', 'mine', '双碳', T0);
    await db.entry.add(own);
    const result = await saveReaderEdit(db, { ...own, definition: '新释义' }, { author, expectedUpdatedAt: own.updatedAt, now: T0 + 5 });
    expect(result.kind).toBe('saved');
    expect(await db.override.count()).toBe(0);
    expect(await db.history.where('entryId').equals('e1').count()).toBeGreaterThan(0);
  });

  it('trashing a subscribed entry keeps the deletion as the reader’s, and restoring drops it', async () => {
    const { row } = await subscribedEntry();
    expect(await trashReaderEntries(db, [row.id], author, T0 + 5)).toBe(1);
    expect((await db.entry.get(row.id))?.deletedAt).toBeDefined();
    expect(await db.override.get(row.id)).toBeDefined();
    expect(await restoreReaderEntries(db, [row.id], author, T0 + 6)).toBe(1);
    expect((await db.entry.get(row.id))?.deletedAt).toBeUndefined();
  });
});
