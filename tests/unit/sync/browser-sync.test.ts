import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { GlossaryDb } from '@/lib/glossary/db';
import type { GlossaryEntry } from '@/lib/glossary/model';
import { DEFAULT_SETTINGS } from '@/lib/settings';
import { pullRemoteChanges, pushLocalChanges, syncUsage, TOMBSTONE_DAYS, type SyncContext } from '@/lib/sync/browser-sync';
import { SYNC_QUOTA, usageOf } from '@/lib/sync/sync-quota';
import { layoutRecords } from '@/lib/sync/sync-layout';
import { encodeEntry, encodeList, entryKey } from '@/lib/sync/sync-records';
import { dropDbs, entry, freshDb, localList, memorySettings } from './support/glossary-fixtures';
import { FakeSyncArea } from './support/fake-sync-area';
import { createBackup, restoreBackup, type LocalArea } from '@/lib/glossary/backup';
import { editSubscribedEntry, overrideOf, subscribe, subscriptionReviews, unsubscribe, updateSubscription } from '@/lib/sync/subscriptions';
import { restoreReaderEntries, saveReaderEdit, trashReaderEntries } from '@/lib/sync/reader-edits';
import { FakeServer } from './support/fake-server';
import { listJson, type PublishedEntry } from './support/list-files';
import { updateList } from '@/lib/glossary/list-store';
import { saveEntry } from '@/lib/glossary/entry-store';
import { withSites } from '@/lib/settings';

/** storage.local for a backup and its restore: nothing kept. */
class MemoryLocal implements LocalArea {
  async get() {
    return {};
  }
  async set() {}
  async remove() {}
}

const T0 = 1_714_000_000_000;
let clock = T0;
const now = () => clock;
const tick = (ms = 1000) => (clock += ms);

interface SimBrowser {
  name: string;
  db: GlossaryDb;
  settings: ReturnType<typeof memorySettings>;
  ctx: SyncContext;
}

let area: FakeSyncArea;

async function browserNamed(name: string): Promise<SimBrowser> {
  const settings = memorySettings();
  return { name, db: await freshDb(), settings, ctx: { area, settings, now } };
}

beforeEach(() => {
  fakeBrowser.reset();
  clock = T0;
  area = new FakeSyncArea(now);
});
afterEach(dropDbs);

const push = (b: SimBrowser) => pushLocalChanges(b.db, b.ctx);

/** A publisher of one JSON list: it serves `entries` as they are when it is asked. */
function publisher(entries: PublishedEntry[]): { server: FakeServer; list: { entries: PublishedEntry[] } } {
  const list = { entries };
  const server = new FakeServer();
  server.answer(() => ({ body: listJson(list.entries), headers: { 'content-type': 'application/json' } }));
  return { server, list };
}

/** Everything sync carries, as this browser holds it (comparable across browsers). */
async function syncedState(b: SimBrowser) {
  const lists = await b.db.list.toArray();
  const subscribed = new Set(lists.filter((l) => l.origin === 'subscription').map((l) => l.id));
  const entries = (await b.db.entry.toArray()).filter((e) => !subscribed.has(e.listId));
  return {
    lists: lists.map(encodeList).sort((x, y) => String(x.id).localeCompare(String(y.id))),
    entries: entries.map(encodeEntry).sort((x, y) => String(x.id).localeCompare(String(y.id))),
    settings: b.settings.value,
  };
}

async function edit(b: SimBrowser, id: string, patch: Partial<GlossaryEntry>) {
  const current = (await b.db.entry.get(id))!;
  await b.db.entry.put({ ...current, ...patch, updatedAt: tick() });
}

/** Browsers A and B that both hold A's list `mine` with these entries (A pushed it, B took it). */
async function twoBrowsersWith(entries: GlossaryEntry[]): Promise<[SimBrowser, SimBrowser]> {
  const a = await browserNamed('A');
  const b = await browserNamed('B');
  await a.db.list.put(localList('mine', T0, { name: '我的术语' }));
  await a.db.entry.bulkPut(entries);
  await push(a);
  await push(b);
  return [a, b];
}

describe('two browsers', () => {
  let a: SimBrowser;
  let b: SimBrowser;
  beforeEach(async () => {
    [a, b] = await twoBrowsersWith([
      entry('e1', 'mine', '新质生产力', T0, { note: '私人笔记' }),
      entry('e2', 'mine', '能源革命', T0),
      entry('e3', 'mine', '西部大开发', T0),
    ]);
  });

  it('carries the reader’s own lists and entries, private notes included', async () => {
    expect(await b.db.list.get('mine')).toEqual(await a.db.list.get('mine'));
    expect(await b.db.entry.get('e1')).toEqual(await a.db.entry.get('e1'));
    expect((await b.db.entry.get('e1'))?.note).toBe('私人笔记');
    expect(await syncedState(b)).toEqual(await syncedState(a));
  });

  it('carries a subscription as its URL only: the other browser fetches the contents itself', async () => {
    await a.db.list.put(
      localList('sub', tick(), { origin: 'subscription', subscription: { url: 'https://example.org/l.json', etag: '"1"', lastSuccessAt: clock } }),
    );
    await a.db.entry.put(entry('sub:1', 'sub', '订阅词条', clock));
    await push(a);
    expect(Object.keys(await area.get()).some((k) => k.includes('sub:1'))).toBe(false);
    await push(b);
    expect(await b.db.list.get('sub')).toMatchObject({ origin: 'subscription', subscription: { url: 'https://example.org/l.json' } });
    expect((await b.db.list.get('sub'))?.subscription?.etag).toBeUndefined();
    expect(await b.db.entry.where('listId').equals('sub').count()).toBe(0);
  });

  // Each scenario: edits on A and B (in time order), then the order in which they sync.
  const scenarios: { name: string; run: () => Promise<void>; expect: () => Promise<void> }[] = [
    {
      name: 'both edit one entry: the later edit wins on both, whichever pushes first',
      run: async () => {
        await edit(a, 'e1', { definition: 'A 的释义' });
        await edit(b, 'e1', { definition: 'B 的释义（更晚）' });
      },
      expect: async () => expect((await a.db.entry.get('e1'))?.definition).toBe('B 的释义（更晚）'),
    },
    {
      name: 'each edits a different entry: both edits survive',
      run: async () => {
        await edit(a, 'e1', { definition: 'A 改了 e1' });
        await edit(b, 'e2', { definition: 'B 改了 e2' });
      },
      expect: async () => {
        expect((await b.db.entry.get('e1'))?.definition).toBe('A 改了 e1');
        expect((await a.db.entry.get('e2'))?.definition).toBe('B 改了 e2');
      },
    },
    {
      name: 'A trashes an entry after B edited it: it is in the trash on both',
      run: async () => {
        await edit(b, 'e3', { definition: 'B 的修改' });
        await edit(a, 'e3', { deletedAt: clock + 1 });
      },
      expect: async () => expect((await b.db.entry.get('e3'))?.deletedAt).toBeDefined(),
    },
    {
      name: 'B edits an entry after A trashed it: the later edit brings it back',
      run: async () => {
        await edit(a, 'e3', { deletedAt: clock + 1 });
        tick();
        const { deletedAt: _d, ...restored } = (await b.db.entry.get('e3'))!;
        await b.db.entry.put({ ...restored, definition: 'B 恢复并修改', updatedAt: tick() });
      },
      expect: async () => {
        const row = await a.db.entry.get('e3');
        expect(row?.definition).toBe('B 恢复并修改');
        expect(row?.deletedAt).toBeUndefined();
      },
    },
    {
      name: 'A deletes the list while B adds an entry to it: the list is deleted on both, the entry travels',
      run: async () => {
        const list = (await a.db.list.get('mine'))!;
        await a.db.list.put({ ...list, deletedAt: tick(), updatedAt: clock });
        await b.db.entry.put(entry('e4', 'mine', '人工智能+', tick()));
      },
      expect: async () => {
        expect((await b.db.list.get('mine'))?.deletedAt).toBeDefined();
        expect(await a.db.entry.get('e4')).toMatchObject({ term: '人工智能+' });
      },
    },
    {
      name: 'both change the settings: the later settings win',
      run: async () => {
        a.settings.value = { ...DEFAULT_SETTINGS, excludedSites: ['a.example'], updatedAt: tick() };
        b.settings.value = { ...DEFAULT_SETTINGS, enabled: false, updatedAt: tick() };
      },
      expect: async () => expect(a.settings.value).toMatchObject({ enabled: false, excludedSites: [] }),
    },
  ];

  for (const s of scenarios) {
    for (const order of ['A then B', 'B then A'] as const) {
      it(`${s.name} (${order} pushes)`, async () => {
        await s.run();
        const [first, second] = order === 'A then B' ? [a, b] : [b, a];
        await push(first);
        await push(second);
        await push(first);
        expect(await syncedState(a)).toEqual(await syncedState(b));
        await s.expect();
      });
    }
  }

  it('carries a restored backup to the other browser: what was added since is deleted there, what was edited since is undone', async () => {
    const backup = await createBackup(a.db, new MemoryLocal(), tick());
    // After the backup: B adds an entry and edits another, and both browsers sync.
    await b.db.entry.put(entry('later', 'mine', '低空经济', tick()));
    await edit(b, 'e1', { definition: '备份之后改的' });
    await push(b);
    await push(a);
    expect((await a.db.entry.get('later'))?.term).toBe('低空经济');
    // A restores the backup, then both sync.
    await restoreBackup(a.db, backup, new MemoryLocal(), tick());
    await push(a);
    await push(b);
    await push(a);
    for (const side of [a, b]) {
      expect((await side.db.entry.get('later'))?.deletedAt, side.name).toBeDefined();
      expect((await side.db.entry.get('e1'))?.definition, side.name).toBe('新质生产力 的释义');
    }
    expect(await syncedState(b)).toEqual(await syncedState(a));
  });

  it('writes at most two operations a push, and none when nothing changed', async () => {
    const before = area.log.length;
    await edit(a, 'e1', { definition: '改' });
    await a.db.entry.put(entry('e9', 'mine', '新词', tick()));
    const report = await push(a);
    expect(area.log.length - before).toBeLessThanOrEqual(2);
    expect(report).toMatchObject({ ok: true, written: 2 });
    const again = area.log.length;
    await push(a);
    await push(b);
    await push(b);
    expect(area.log.length).toBe(again);
  });

  it('a pull takes remote changes without writing to storage.sync', async () => {
    await edit(a, 'e2', { definition: 'A 的新释义' });
    await push(a);
    await edit(b, 'e1', { definition: 'B 本地的修改' });
    const writes = area.log.length;
    const result = await pullRemoteChanges(b.db, b.ctx);
    expect(result).toEqual({ pulled: 1, localNewer: true });
    expect((await b.db.entry.get('e2'))?.definition).toBe('A 的新释义');
    expect(area.log.length).toBe(writes);
  });

  it('lets tombstones older than the retention leave storage.sync', async () => {
    await edit(a, 'e2', { deletedAt: clock + 1 });
    await push(a);
    expect(Object.keys(await area.get())).toContain('e.e2');
    clock += (TOMBSTONE_DAYS + 1) * 86_400_000;
    await push(a);
    expect(Object.keys(await area.get())).not.toContain('e.e2');
  });

  it('converges under a random interleaving of edits, deletions, creations and syncs', async () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const browsers = [a, b];
    const ids = ['e1', 'e2', 'e3'];
    for (let step = 0; step < 150; step++) {
      const who = browsers[Math.floor(random() * 2)]!;
      const roll = random();
      const id = ids[Math.floor(random() * ids.length)]!;
      const row = await who.db.entry.get(id);
      if (roll < 0.4 && row) await who.db.entry.put({ ...row, definition: `${who.name} ${step}`, updatedAt: tick(Math.floor(random() * 3)) });
      else if (roll < 0.5 && row) await who.db.entry.put({ ...row, deletedAt: clock, updatedAt: tick(Math.floor(random() * 3)) });
      else if (roll < 0.6) {
        const fresh = `n${step}`;
        ids.push(fresh);
        await who.db.entry.put(entry(fresh, 'mine', `新词${step}`, tick()));
      } else if (roll < 0.75) await push(who);
      else if (roll < 0.85) await pullRemoteChanges(who.db, who.ctx);
      else tick(1);
    }
    tick(60_000);
    await push(a);
    await push(b);
    await push(a);
    // What the reader sees is the same on both. (An entry created and trashed on one
    // browser before it ever synced is in that browser's trash only: a tombstone carries
    // no content, so it cannot make a row on a browser that never had one.)
    const [sa, sb] = [await syncedState(a), await syncedState(b)];
    const liveOnly = (rows: Record<string, unknown>[]) => rows.filter((r) => r.deletedAt === undefined);
    expect(liveOnly(sa.entries)).toEqual(liveOnly(sb.entries));
    expect(sa.lists).toEqual(sb.lists);
    const onB = new Map(sb.entries.map((r) => [r.id, r]));
    for (const row of sa.entries) if (onB.has(row.id)) expect(onB.get(row.id)).toEqual(row);
    expect(liveOnly(sa.entries).length).toBeGreaterThan(3);
  });
});

describe('quota limits', () => {
  /** A local list of `count` entries with definitions of `size` characters. */
  async function bigList(b: SimBrowser, id: string, count: number, size: number) {
    await b.db.list.put(localList(id, T0, { name: `List ${id}` }));
    await b.db.entry.bulkPut(Array.from({ length: count }, (_, i) => entry(`${id}-${i}`, id, `${id}词${i}`, T0, { definition: '释'.repeat(size) })));
  }

  it('gives the event loop turns while it encodes, lays out and measures a large list', async () => {
    // In Firefox the background shares its main thread with the options page (lib/sync/turns.ts).
    const a = await browserNamed('A');
    await bigList(a, 'huge', 600, 100);
    let asked = 0;
    let paused = 0;
    const report = await pushLocalChanges(a.db, {
      ...a.ctx,
      turn: () => {
        asked++;
        if (asked % 100 !== 0) return undefined;
        paused++;
        return new Promise<void>((resolve) => setTimeout(resolve, 0));
      },
    });
    expect(report).toMatchObject({ ok: false, reason: 'quota' });
    // Each entry is asked for when it is encoded, laid out and measured: 600 × 3 at least.
    expect(asked).toBeGreaterThanOrEqual(1_800);
    expect(paused).toBe(Math.floor(asked / 100));
  });

  it('writes nothing when the new state would exceed QUOTA_BYTES, and says how much it needs', async () => {
    const a = await browserNamed('A');
    await bigList(a, 'small', 5, 50);
    expect(await push(a)).toMatchObject({ ok: true });
    const before = area.snapshot();
    const writes = area.log.length;
    await bigList(a, 'huge', 60, 700);
    const report = await push(a);
    expect(report).toMatchObject({ ok: false, reason: 'quota' });
    if (report.ok || report.reason !== 'quota') throw new Error('expected a quota report');
    expect(report.needed.bytes).toBeGreaterThan(SYNC_QUOTA.QUOTA_BYTES);
    expect(report.usage.bytes).toBe(area.usage().bytes);
    expect(report.largestLists[0]).toMatchObject({ listId: 'huge', entries: 60 });
    expect(area.snapshot()).toEqual(before);
    expect(area.log.length).toBe(writes);
  });

  it('gives each list its share as the bytes its entries take in storage.sync, an entry cut into parts included', async () => {
    const a = await browserNamed('A');
    await bigList(a, 'huge', 60, 700);
    await bigList(a, 'long', 2, 50);
    // One entry longer than an item may be: laid out as a head and parts.
    const long = entry('long-x', 'long', '长词', T0, { definition: '释'.repeat(9_000) });
    await a.db.entry.put(long);
    const report = await push(a);
    if (report.ok || report.reason !== 'quota') throw new Error('expected a quota report');
    const records = async (listId: string) =>
      new Map((await a.db.entry.where('listId').equals(listId).toArray()).map((e) => [entryKey(e.id), encodeEntry(e)] as const));
    const longItems = await layoutRecords(await records('long'));
    expect(Object.keys(longItems).filter((key) => key.startsWith(`${entryKey('long-x')}#`)).length).toBeGreaterThan(1);
    expect(report.largestLists).toEqual([
      { listId: 'huge', name: 'List huge', bytes: usageOf(await layoutRecords(await records('huge'))).bytes, entries: 60 },
      { listId: 'long', name: 'List long', bytes: usageOf(longItems).bytes, entries: 3 },
    ]);
  });

  it('writes nothing when the new state would exceed MAX_ITEMS', async () => {
    const a = await browserNamed('A');
    await bigList(a, 'many', SYNC_QUOTA.MAX_ITEMS, 1);
    const report = await push(a);
    expect(report).toMatchObject({ ok: false, reason: 'quota' });
    expect(area.usage().items).toBe(0);
  });

  it('syncs again once the reader has made room', async () => {
    const a = await browserNamed('A');
    const b = await browserNamed('B');
    await bigList(a, 'huge', 60, 700);
    expect((await push(a)).ok).toBe(false);
    await a.db.entry.where('listId').equals('huge').modify((e) => {
      if (Number(e.id.split('-')[1]) >= 20) e.listId = 'gone';
    });
    await a.db.list.put(localList('gone', T0, { deletedAt: tick(), updatedAt: clock }));
    await a.db.entry.where('listId').equals('gone').delete();
    expect((await push(a)).ok).toBe(true);
    await push(b);
    expect(await b.db.entry.where('listId').equals('huge').count()).toBe(20);
    expect((await syncUsage({ area })).bytes).toBeLessThanOrEqual(SYNC_QUOTA.QUOTA_BYTES);
  });

  it('leaves the other browser’s last good state intact while one browser is over quota', async () => {
    const a = await browserNamed('A');
    const b = await browserNamed('B');
    await bigList(a, 'ok', 3, 10);
    await push(a);
    await bigList(a, 'huge', 60, 700);
    expect((await push(a)).ok).toBe(false);
    await push(b);
    expect(await b.db.entry.where('listId').equals('ok').count()).toBe(3);
    expect(await b.db.entry.where('listId').equals('huge').count()).toBe(0);
  });

  /** A subscription of `count` entries in browser `x`; returns the list id and its entry ids. */
  async function subscribedList(x: SimBrowser, count: number): Promise<{ listId: string; ids: string[] }> {
    const { server } = publisher(Array.from({ length: count }, (_, i) => ({ id: `t${i}`, term: `订阅词${i}`, en: `term ${i}` })));
    const list = await subscribe(x.db, 'https://lists.example.org/big.json', { fetch: server.fetch, now });
    const ids = (await x.db.entry.where('listId').equals(list.id).primaryKeys()) as string[];
    return { listId: list.id, ids: ids.sort() };
  }
  const hideAll = (x: SimBrowser, ids: string[]) => trashReaderEntries(x.db, ids, { context: 'options', device: 'test' }, tick());
  const editKeys = () => [...area.snapshot().keys()].filter((k) => k.startsWith('o.'));

  it('syncs everything else when the reader’s edits of subscribed terms do not fit, and says how many were left out', async () => {
    const a = await browserNamed('A');
    const b = await browserNamed('B');
    await bigList(a, 'own', 3, 10);
    const { ids } = await subscribedList(a, SYNC_QUOTA.MAX_ITEMS + 50);
    // Hiding every entry of the subscription: an edit each, more than storage.sync has items for.
    await hideAll(a, ids);
    const report = await push(a);
    expect(report).toMatchObject({ ok: true, editsLeftOut: ids.length });
    expect(editKeys()).toEqual([]);
    await push(b);
    expect(await b.db.entry.where('listId').equals('own').count()).toBe(3);
  });

  it('keeps the edits storage.sync already holds when new ones do not fit beside them', async () => {
    const a = await browserNamed('A');
    const { listId, ids } = await subscribedList(a, SYNC_QUOTA.MAX_ITEMS + 50);
    await hideAll(a, ids.slice(0, 10));
    expect(await push(a)).toMatchObject({ ok: true });
    expect(editKeys()).toHaveLength(10);
    await hideAll(a, ids.slice(10));
    const report = await push(a);
    expect(report).toMatchObject({ ok: true, editsLeftOut: ids.length - 10 });
    expect(editKeys()).toHaveLength(10);
    // The other browser takes the ten that are in storage.sync.
    const b = await browserNamed('B');
    await push(b);
    expect(await b.db.override.where('listId').equals(listId).count()).toBe(10);
  });

  it('carries an entry larger than one item in parts', async () => {
    const a = await browserNamed('A');
    const b = await browserNamed('B');
    await bigList(a, 'long', 1, 6000);
    expect(await push(a)).toMatchObject({ ok: true });
    expect(area.usage().items).toBeGreaterThan(3);
    await push(b);
    expect(await b.db.entry.get('long-0')).toEqual(await a.db.entry.get('long-0'));
  });
});

describe('the reader’s edits of subscribed entries', () => {
  const URL_JSON = 'https://lists.example.org/policy.json';
  const author = { context: 'options' as const, device: 'test' };
  let server: FakeServer;
  let published: { entries: PublishedEntry[] };
  let a: SimBrowser;
  let b: SimBrowser;
  let listId: string;

  const fetchOn = (x: SimBrowser) => updateSubscription(x.db, listId, { fetch: server.fetch, now });
  const rowOf = async (x: SimBrowser, term: string) => (await x.db.entry.where('listId').equals(listId).toArray()).find((e) => e.term === term)!;
  const overrideKeys = async () => Object.keys(await area.get()).filter((k) => k.startsWith('o.'));

  beforeEach(async () => {
    ({ server, list: published } = publisher([
      { id: 'nqpf', term: '新质生产力', en: 'new quality productive forces', definition: '上游释义' },
      { id: 'west', term: '西部大开发', en: 'western development' },
    ]));
    a = await browserNamed('A');
    b = await browserNamed('B');
    const list = await subscribe(a.db, URL_JSON, { fetch: server.fetch, now });
    listId = list.id;
    await push(a);
    // B takes the subscription's URL from sync and fetches the list itself.
    tick();
    await push(b);
    await fetchOn(b);
  });

  async function editOn(x: SimBrowser, term: string, patch: Partial<GlossaryEntry>) {
    const row = await rowOf(x, term);
    const result = await saveReaderEdit(x.db, { ...row, ...patch }, { author, expectedUpdatedAt: row.updatedAt, now: tick() });
    expect(result.kind).toBe('saved');
  }

  it('carries an edit to the other browser, where the entry shows it at once', async () => {
    await editOn(a, '新质生产力', { definition: '读者的释义', note: '私人笔记' });
    await push(a);
    const [key] = await overrideKeys();
    // The reader's fields and values only: never upstream's contents.
    expect((await area.get())[key!]).toEqual({
      entryId: (await rowOf(a, '新质生产力')).id,
      listId,
      changed: ['definition', 'note'],
      mine: { definition: '读者的释义', note: '私人笔记' },
      updatedAt: clock,
    });
    await push(b);
    expect(await rowOf(b, '新质生产力')).toMatchObject({ definition: '读者的释义', note: '私人笔记', translations: { en: ['new quality productive forces'] } });
    expect(await overrideOf(b.db, (await rowOf(b, '新质生产力')).id)).toMatchObject({ changed: ['definition', 'note'], upstream: { definition: '上游释义', note: '' }, review: [] });
    // B writes back nothing: the record it holds is the one it took.
    expect(await push(b)).toMatchObject({ ok: true, written: 0, removed: 0 });
    expect(await push(a)).toMatchObject({ ok: true, written: 0, removed: 0, pulled: 0 });
  });

  it('the edit survives the other browser’s next update of the list', async () => {
    await editOn(a, '新质生产力', { definition: '读者的释义' });
    await push(a);
    await push(b);
    published.entries = published.entries.map((e) => (e.id === 'nqpf' ? { ...e, en: 'new-quality productive forces' } : e));
    tick();
    await fetchOn(b);
    expect(await rowOf(b, '新质生产力')).toMatchObject({ definition: '读者的释义', translations: { en: ['new-quality productive forces'] } });
  });

  it('takes an edit back in the other browser too, and a trashed entry comes back there', async () => {
    await editOn(a, '新质生产力', { definition: '读者的释义' });
    await editOn(a, '西部大开发', { deletedAt: clock + 1 });
    await push(a);
    await push(b);
    expect((await rowOf(b, '西部大开发')).deletedAt).toBeDefined();
    await editOn(a, '新质生产力', { definition: '上游释义' });
    const west = await rowOf(a, '西部大开发');
    await restoreReaderEntries(a.db, [west.id], author, tick());
    await push(a);
    await push(b);
    expect(await rowOf(b, '新质生产力')).toMatchObject({ definition: '上游释义' });
    expect((await rowOf(b, '西部大开发')).deletedAt).toBeUndefined();
    expect(await overrideOf(b.db, west.id)).toBeUndefined();
    // The older edit, still in storage.sync as A pushed it before, does not come back either.
    expect(await push(b)).toMatchObject({ ok: true, written: 0, removed: 0 });
    expect(await rowOf(b, '新质生产力')).toMatchObject({ definition: '上游释义' });
  });

  it('an edit that arrives before the list’s contents is laid on at the first fetch, with nothing to review', async () => {
    const c = await browserNamed('C');
    await editOn(a, '新质生产力', { definition: '读者的释义' });
    await push(a);
    await push(c);
    expect(await c.db.entry.where('listId').equals(listId).count()).toBe(0);
    expect(await c.db.override.count()).toBe(1);
    await fetchOn(c);
    expect(await rowOf(c, '新质生产力')).toMatchObject({ definition: '读者的释义' });
    expect(await subscriptionReviews(c.db)).toEqual([]);
    expect(await push(c)).toMatchObject({ ok: true, written: 0 });
  });

  it('two browsers editing one entry: the later edit wins on both', async () => {
    await editOn(a, '新质生产力', { definition: 'A 的释义' });
    await editOn(b, '新质生产力', { definition: 'B 的释义（更晚）' });
    await push(a);
    await push(b);
    await push(a);
    expect((await rowOf(a, '新质生产力')).definition).toBe('B 的释义（更晚）');
    expect((await rowOf(b, '新质生产力')).definition).toBe('B 的释义（更晚）');
  });

  it('an unsubscription takes the list’s edits out of storage.sync', async () => {
    await editOn(a, '新质生产力', { definition: '读者的释义' });
    await push(a);
    expect(await overrideKeys()).toHaveLength(1);
    await unsubscribe(a.db, listId, tick());
    await push(a);
    expect(await overrideKeys()).toEqual([]);
    await push(b);
    expect(await b.db.entry.where('listId').equals(listId).count()).toBe(0);
  });

  it('refuses a record that reaches for an entry of another list, or of a list of the reader’s own', async () => {
    await b.db.list.put(localList('mine', T0));
    await b.db.entry.put(entry('mine:1', 'mine', '双碳', T0));
    const target = await rowOf(b, '新质生产力');
    tick();
    await area.set({
      'o.mine:1': { entryId: 'mine:1', listId: 'mine', changed: ['definition'], mine: { definition: '篡改' }, updatedAt: clock },
      [`o.${target.id}`]: { entryId: target.id, listId: 'mine', changed: ['definition'], mine: { definition: '篡改' }, updatedAt: clock },
      'o.mine:2': { entryId: 'mine:1', listId, changed: ['definition'], mine: { definition: '篡改' }, updatedAt: clock },
    });
    await pullRemoteChanges(b.db, b.ctx);
    expect((await b.db.entry.get('mine:1'))?.definition).not.toBe('篡改');
    expect((await rowOf(b, '新质生产力')).definition).toBe('上游释义');
    expect(await b.db.override.count()).toBe(0);
  });
});

describe('the reader’s edits of subscribed entries, restored and aged', () => {
  const URL_JSON_AGED = 'https://lists.example.org/aged.json';

  it('a restored backup takes back an edit made since, in the other browser too', async () => {
    const { server } = publisher([{ id: 'nqpf', term: '新质生产力', en: 'new quality productive forces' }]);
    const a = await browserNamed('A');
    const b = await browserNamed('B');
    const list = await subscribe(a.db, URL_JSON_AGED, { fetch: server.fetch, now });
    await push(a);
    tick();
    await push(b);
    await updateSubscription(b.db, list.id, { fetch: server.fetch, now });
    const backup = await createBackup(a.db, new MemoryLocal(), tick());
    const [row] = await a.db.entry.where('listId').equals(list.id).toArray();
    await editSubscribedEntry(a.db, { ...row!, definition: '备份之后的释义' }, tick());
    await push(a);
    await push(b);
    expect((await b.db.entry.get(row!.id))?.definition).toBe('备份之后的释义');
    await restoreBackup(a.db, backup, new MemoryLocal(), tick());
    expect((await a.db.entry.get(row!.id))?.definition).not.toBe('备份之后的释义');
    await push(a);
    await push(b);
    expect((await b.db.entry.get(row!.id))?.definition).not.toBe('备份之后的释义');
    expect(await overrideOf(b.db, row!.id)).toBeUndefined();
  });

  it('a tombstone stays while sync keeps tombstones, and goes with its entry after that', async () => {
    const { server, list: published } = publisher([
      { id: 'nqpf', term: '新质生产力', en: 'new quality productive forces' },
      { id: 'west', term: '西部大开发', en: 'western development' },
    ]);
    const a = await browserNamed('A');
    const list = await subscribe(a.db, URL_JSON_AGED, { fetch: server.fetch, now });
    const west = (await a.db.entry.where('listId').equals(list.id).toArray()).find((e) => e.term === '西部大开发')!;
    await editSubscribedEntry(a.db, { ...west, definition: '读者的' }, tick());
    await editSubscribedEntry(a.db, { ...west }, tick());
    expect(await a.db.override.get(west.id)).toMatchObject({ changed: [], updatedAt: clock });
    published.entries = published.entries.filter((e) => e.id !== 'west');
    await updateSubscription(a.db, list.id, { fetch: server.fetch, now: () => tick() });
    expect(await a.db.override.get(west.id)).toBeDefined();
    clock += (TOMBSTONE_DAYS + 1) * 86_400_000;
    published.entries = [...published.entries, { id: 'new', term: '新词', en: 'new' }];
    await updateSubscription(a.db, list.id, { fetch: server.fetch, now });
    expect(await a.db.override.get(west.id)).toBeUndefined();
  });
});

describe('a browser whose clock is behind', () => {
  // B's clock is ten minutes behind A's. Each edit below is made in B after B took A's version of
  // the same record, so it is the later change, and must win in both browsers whatever the clocks say.
  const BEHIND = 10 * 60_000;
  const author = { context: 'options' as const, device: 'test' };
  let a: SimBrowser;
  let b: SimBrowser;

  beforeEach(async () => {
    [a, b] = await twoBrowsersWith([entry('e1', 'mine', '新质生产力', T0)]);
  });

  async function both(check: (x: SimBrowser) => Promise<void>) {
    await push(b);
    await push(a);
    await check(a);
    await check(b);
  }

  it('still wins with a list renamed after taking the other browser’s name', async () => {
    await updateList(a.db, 'mine', { name: 'A 的名字' }, tick());
    await push(a);
    await push(b);
    await updateList(b.db, 'mine', { name: 'B 后来改的名字' }, tick() - BEHIND);
    await both(async (x) => expect((await x.db.list.get('mine'))?.name).toBe('B 后来改的名字'));
  });

  it('still wins with an entry edited after taking the other browser’s edit', async () => {
    const e1 = (await a.db.entry.get('e1'))!;
    await saveEntry(a.db, { ...e1, definition: 'A 的释义' }, { author, now: tick() });
    await push(a);
    await push(b);
    const taken = (await b.db.entry.get('e1'))!;
    await saveEntry(b.db, { ...taken, definition: 'B 后来的释义' }, { author, now: tick() - BEHIND });
    await both(async (x) => expect((await x.db.entry.get('e1'))?.definition).toBe('B 后来的释义'));
  });

  it('still wins with the settings changed after taking the other browser’s', async () => {
    await a.settings.set(withSites(await a.settings.get(), ['a.example.cn'], tick()));
    await push(a);
    await push(b);
    expect(b.settings.value.excludedSites).toEqual(['a.example.cn']);
    await b.settings.set(withSites(await b.settings.get(), ['b.example.cn'], tick() - BEHIND));
    await both(async (x) => expect(x.settings.value.excludedSites).toEqual(['b.example.cn']));
  });

  it('still wins with a subscribed entry edited after taking the other browser’s edit', async () => {
    const { server } = publisher([{ id: 'west', term: '西部大开发', en: 'western development' }]);
    const list = await subscribe(a.db, 'https://lists.example.org/skew.json', { fetch: server.fetch, now: tick });
    await push(a);
    await push(b);
    await updateSubscription(b.db, list.id, { fetch: server.fetch, now: tick });
    const [row] = await a.db.entry.where('listId').equals(list.id).toArray();
    await editSubscribedEntry(a.db, { ...row!, definition: 'A 的释义' }, tick());
    await push(a);
    await push(b);
    const taken = (await b.db.entry.get(row!.id))!;
    expect(taken.definition).toBe('A 的释义');
    await editSubscribedEntry(b.db, { ...taken, definition: 'B 后来的释义' }, tick() - BEHIND);
    await both(async (x) => expect((await x.db.entry.get(row!.id))?.definition).toBe('B 后来的释义'));
  });
});

describe('an edit that sync brings for an entry this copy of the list does not hold', () => {
  it('waits in the table through updates, without being deleted and brought back each time, and goes after 90 days', async () => {
    const { server, list: published } = publisher([{ id: 'nqpf', term: '新质生产力', en: 'new quality productive forces' }]);
    const a = await browserNamed('A');
    const b = await browserNamed('B');
    const list = await subscribe(a.db, 'https://lists.example.org/newer.json', { fetch: server.fetch, now });
    await push(a);
    tick();
    await push(b);
    await updateSubscription(b.db, list.id, { fetch: server.fetch, now });
    // The publisher adds an entry; A fetches it and edits it, B has not fetched since.
    published.entries = [...published.entries, { id: 'west', term: '西部大开发', en: 'western development' }];
    tick();
    await updateSubscription(a.db, list.id, { fetch: server.fetch, now });
    const west = (await a.db.entry.where('listId').equals(list.id).toArray()).find((e) => e.term === '西部大开发')!;
    await editSubscribedEntry(a.db, { ...west, definition: 'A 的释义' }, tick());
    await push(a);
    await push(b);
    expect(await b.db.override.get(west.id)).toMatchObject({ changed: ['definition'] });
    // B's copy is served stale once (without the new entry): the edit stays, and sync writes nothing.
    published.entries = published.entries.filter((e) => e.id !== 'west');
    await updateSubscription(b.db, list.id, { fetch: server.fetch, now: tick });
    expect(await b.db.override.get(west.id)).toBeDefined();
    expect(await push(b)).toMatchObject({ ok: true, written: 0, pulled: 0 });
    // When the entry comes, the edit is laid on.
    published.entries = [...published.entries, { id: 'west', term: '西部大开发', en: 'western development' }];
    await updateSubscription(b.db, list.id, { fetch: server.fetch, now: tick });
    expect((await b.db.entry.get(west.id))?.definition).toBe('A 的释义');
    // An edit whose entry never comes goes after 90 days.
    published.entries = published.entries.filter((e) => e.id !== 'west');
    await b.db.entry.delete(west.id);
    await b.db.override.update(west.id, { upstreamRevision: '' });
    clock += (TOMBSTONE_DAYS + 1) * 86_400_000;
    await updateSubscription(b.db, list.id, { fetch: server.fetch, now });
    expect(await b.db.override.get(west.id)).toBeUndefined();
  });
});
