import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { isPristineStarterEntry, seedStarterGlossary, STARTER_LIST_ID, STARTER_RELEASED_AT, starterEntryId } from '@/lib/glossary/seed';
import { pullRemoteChanges, pushLocalChanges, syncUsage, type SyncContext } from '@/lib/sync/browser-sync';
import { dropDbs, freshDb, memorySettings } from './support/glossary-fixtures';
import { FakeSyncArea } from './support/fake-sync-area';

const T0 = Date.UTC(2026, 10, 29);
let clock = T0;
const now = () => clock;
let area: FakeSyncArea;

beforeEach(() => {
  fakeBrowser.reset();
  clock = T0;
  area = new FakeSyncArea(now);
});
afterEach(dropDbs);

async function seededBrowser() {
  const db = await freshDb();
  await seedStarterGlossary(db, 'zh-CN');
  const ctx: SyncContext = { area, settings: memorySettings(), now };
  return { db, ctx };
}

describe('the starter glossary across browsers', () => {
  it('is seeded with the same ids and time stamps everywhere', async () => {
    const a = await seededBrowser();
    const b = await seededBrowser();
    const ids = async (db: typeof a.db) => (await db.entry.toArray()).map((e) => `${e.id}@${e.updatedAt}`).sort();
    expect(await ids(a.db)).toEqual(await ids(b.db));
    expect(await a.db.entry.get(starterEntryId('新质生产力'))).toMatchObject({ listId: STARTER_LIST_ID, updatedAt: STARTER_RELEASED_AT });
  });

  it('seeds once even when called twice at the same time', async () => {
    const db = await freshDb();
    const results = await Promise.all([seedStarterGlossary(db, 'zh-CN'), seedStarterGlossary(db, 'zh-CN')]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await db.list.count()).toBe(1);
  });

  it('two synced browsers keep one starter list, and untouched entries take no sync space', async () => {
    const a = await seededBrowser();
    const b = await seededBrowser();
    await pushLocalChanges(a.db, a.ctx);
    clock += 10_000;
    await pushLocalChanges(b.db, b.ctx);
    await pullRemoteChanges(a.db, a.ctx);
    expect(await a.db.list.count()).toBe(1);
    expect(await b.db.list.count()).toBe(1);
    const usage = await syncUsage({ area });
    expect(usage.bytes).toBeGreaterThan(0);
    expect(usage.bytes).toBeLessThan(5_000);
  });

  it('an edit of a starter entry is newer than every untouched copy, so it reaches the other browser', async () => {
    const a = await seededBrowser();
    const b = await seededBrowser();
    const id = starterEntryId('双碳');
    const entry = (await a.db.entry.get(id))!;
    expect(isPristineStarterEntry(entry)).toBe(true);
    await a.db.entry.put({ ...entry, definition: '编辑过的释义', updatedAt: T0 });
    await pushLocalChanges(a.db, a.ctx);
    await pullRemoteChanges(b.db, b.ctx);
    expect((await b.db.entry.get(id))?.definition).toBe('编辑过的释义');
  });
});
