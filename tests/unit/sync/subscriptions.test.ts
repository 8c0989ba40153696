import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { GlossaryDb } from '@/lib/glossary/db';
import { settingsItem } from '@/lib/settings';
import { keptListId } from '@/lib/sync/plan-subscription-update';
import { DEFAULT_REFRESH_MINUTES, MIN_REFRESH_MINUTES } from '@/lib/sync/refresh-interval';
import {
  editSubscribedEntry,
  overrideOf,
  resolveReview,
  subscribe,
  subscriptionReviews,
  unsubscribe,
  updateDueSubscriptions,
  updateSubscription,
} from '@/lib/sync/subscriptions';
import { SubscriptionError } from '@/lib/sync/subscription-error';
import { clearedOverride } from '@/lib/sync/entry-override';
import { dropDbs, entry, freshDb, localList } from './support/glossary-fixtures';
import { FakeServer, offline } from './support/fake-server';
import { listCsv, listJson, listTbx, type PublishedEntry } from './support/list-files';

const URL_JSON = 'https://lists.example.org/policy.json';
const T0 = 1_714_000_000_000;
let clock = T0;
const now = () => clock;

let db: GlossaryDb;
let server: FakeServer;

beforeEach(async () => {
  fakeBrowser.reset();
  clock = T0;
  db = await freshDb();
  server = new FakeServer();
});
afterEach(dropDbs);

const three: PublishedEntry[] = [
  { id: 'nqpf', term: '新质生产力', en: 'new quality productive forces' },
  { id: 'energy', term: '能源革命', en: 'energy revolution' },
  { id: 'west', term: '西部大开发', en: 'large-scale development of the western region' },
];

async function subscribed(entries = three, headers: Record<string, string> = { 'content-type': 'application/json', etag: '"v1"' }) {
  server.answer({ body: listJson(entries), headers });
  return subscribe(db, URL_JSON, { fetch: server.fetch, now });
}

const live = async (listId: string) =>
  (await db.entry.where('listId').equals(listId).toArray()).filter((e) => e.deletedAt === undefined).sort((a, b) => a.term.localeCompare(b.term));
const terms = async (listId: string) => (await live(listId)).map((e) => e.term);

describe('subscribing', () => {
  for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'data:application/json,{}', 'ftp://example.org/list.json', 'chrome-extension://abc/list.json']) {
    it(`refuses ${bad.split(':')[0]}: URLs and stores nothing`, async () => {
      await expect(subscribe(db, bad, { fetch: server.fetch })).rejects.toMatchObject({ code: 'not-http' });
      expect(server.requests).toHaveLength(0);
      expect(await db.list.count()).toBe(0);
    });
  }

  it('refuses a URL with a password in it, and text that is no URL', async () => {
    await expect(subscribe(db, 'https://me:secret@example.org/l.json', { fetch: server.fetch })).rejects.toMatchObject({ code: 'bad-url' });
    await expect(subscribe(db, 'lists.example.org', { fetch: server.fetch })).rejects.toMatchObject({ code: 'bad-url' });
  });

  it('fetches, validates and stores the list with its entries, name and validators', async () => {
    const list = await subscribed();
    expect(list).toMatchObject({ origin: 'subscription', name: '政策术语（编辑部）', enabled: true });
    expect(list.subscription).toMatchObject({ url: URL_JSON, etag: '"v1"', checkedAt: T0, lastSuccessAt: T0, intervalMinutes: DEFAULT_REFRESH_MINUTES });
    expect(list.subscription?.error).toBeUndefined();
    expect(await terms(list.id)).toEqual(['新质生产力', '能源革命', '西部大开发'].sort((a, b) => a.localeCompare(b)));
  });

  it('sends no cookies and bypasses the HTTP cache', async () => {
    let init: RequestInit | undefined;
    await subscribe(db, URL_JSON, {
      fetch: async (url, i) => {
        init = i;
        return server.fetch(url, i);
      },
    }).catch(() => undefined);
    expect(init).toMatchObject({ credentials: 'omit', cache: 'no-store' });
  });

  it('stores nothing when the first fetch fails', async () => {
    server.answer({ status: 404, body: 'not here' });
    await expect(subscribe(db, URL_JSON, { fetch: server.fetch })).rejects.toMatchObject({ code: 'http-status' });
    expect(await db.list.count()).toBe(0);
  });

  it('refuses to subscribe to the same URL twice', async () => {
    await subscribed();
    await expect(subscribe(db, URL_JSON, { fetch: server.fetch })).rejects.toMatchObject({ code: 'already-subscribed' });
  });

  it('reads CSV and TBX lists too, by content type or by file name', async () => {
    server.answer({ body: listCsv(three), headers: { 'content-type': 'text/csv; charset=utf-8' } });
    const csv = await subscribe(db, 'https://example.org/terms', { fetch: server.fetch });
    expect(await terms(csv.id)).toHaveLength(3);
    server.answer({ body: listTbx(three), headers: { 'content-type': 'application/octet-stream' } });
    const tbx = await subscribe(db, 'https://example.org/terms.tbx', { fetch: server.fetch });
    expect((await live(tbx.id)).map((e) => e.translations.en?.[0]).sort()).toEqual(
      ['energy revolution', 'large-scale development of the western region', 'new quality productive forces'],
    );
  });
});

describe('the refresh interval a list asks for', () => {
  it('takes refreshMinutes from a JSON list, but never below the floor', async () => {
    server.answer({ body: listJson(three, { refreshMinutes: 5 }), headers: { 'content-type': 'application/json' } });
    const list = await subscribe(db, URL_JSON, { fetch: server.fetch, now });
    expect(list.subscription?.intervalMinutes).toBe(MIN_REFRESH_MINUTES);
  });

  it('takes Cache-Control max-age when the list states nothing', async () => {
    const list = await subscribed(three, { 'content-type': 'application/json', 'cache-control': 'public, max-age=21600' });
    expect(list.subscription?.intervalMinutes).toBe(360);
  });

  it('checks only the lists that are due', async () => {
    const list = await subscribed();
    server.answer({ status: 304, body: null });
    clock = T0 + 60 * 60_000;
    expect((await updateDueSubscriptions(db, { fetch: server.fetch, now })).size).toBe(0);
    clock = T0 + DEFAULT_REFRESH_MINUTES * 60_000;
    const results = await updateDueSubscriptions(db, { fetch: server.fetch, now });
    expect(results.get(list.id)).toEqual({ status: 'not-modified' });
  });
});

describe('updating a subscription', () => {
  it('asks with If-None-Match and If-Modified-Since, and on 304 only notes the time', async () => {
    const list = await subscribed(three, { 'content-type': 'application/json', etag: '"v1"', 'last-modified': 'Wed, 24 Apr 2024 08:00:00 GMT' });
    const before = await db.entry.where('listId').equals(list.id).toArray();
    server.answer({ status: 304, body: null });
    clock = T0 + 1000;
    expect(await updateSubscription(db, list.id, { fetch: server.fetch, now })).toEqual({ status: 'not-modified' });
    expect(server.requests.at(-1)?.headers).toMatchObject({ 'if-none-match': '"v1"', 'if-modified-since': 'Wed, 24 Apr 2024 08:00:00 GMT' });
    const after = await db.list.get(list.id);
    expect(after?.subscription).toMatchObject({ checkedAt: T0 + 1000, lastSuccessAt: T0, etag: '"v1"' });
    expect(await db.entry.where('listId').equals(list.id).toArray()).toEqual(before);
  });

  it('on 200 swaps in the new entries, keeping the ids of entries that stayed', async () => {
    const list = await subscribed();
    const ids = new Map((await live(list.id)).map((e) => [e.term, e.id]));
    const v2 = [{ ...three[0]!, term: '新质生产力（修订）' }, three[2]!, { id: 'ai', term: '人工智能+' }];
    server.answer({ body: listJson(v2), headers: { 'content-type': 'application/json', etag: '"v2"' } });
    clock = T0 + 5000;
    const result = await updateSubscription(db, list.id, { fetch: server.fetch, now });
    expect(result).toMatchObject({ status: 'updated', counts: { added: 1, changed: 1, removed: 1, unchanged: 1 } });
    const rows = await live(list.id);
    expect(rows.map((e) => e.term).sort()).toEqual(['人工智能+', '新质生产力（修订）', '西部大开发'].sort());
    // Matched by the file's id: the renamed entry keeps its row.
    expect(rows.find((e) => e.term === '新质生产力（修订）')?.id).toBe(ids.get('新质生产力'));
    expect(rows.find((e) => e.term === '西部大开发')?.id).toBe(ids.get('西部大开发'));
    expect((await db.list.get(list.id))?.subscription).toMatchObject({ etag: '"v2"', lastSuccessAt: T0 + 5000 });
  });

  it('matches entries by term when the file has no ids', async () => {
    const noIds = three.map(({ id: _id, ...e }) => e);
    const list = await subscribed(noIds);
    const before = new Map((await live(list.id)).map((e) => [e.term, e.id]));
    server.answer({ body: listJson([{ ...noIds[0]!, definition: '新的释义' }, noIds[1]!]), headers: { 'content-type': 'application/json' } });
    await updateSubscription(db, list.id, { fetch: server.fetch, now });
    const after = await live(list.id);
    expect(after.find((e) => e.term === '新质生产力')).toMatchObject({ id: before.get('新质生产力'), definition: '新的释义' });
  });

  const failures: { name: string; answer: Parameters<FakeServer['answer']>[0] | 'offline'; code: string }[] = [
    { name: 'a server error (500)', answer: { status: 500, body: 'oops' }, code: 'http-status' },
    { name: 'garbage where JSON should be', answer: { body: '{"format": "termlens", "version": 1, "lists": [{"name": "x", "entries": [{"term": ', headers: { 'content-type': 'application/json' } }, code: 'invalid-list' },
    { name: 'an HTML page (a captive portal)', answer: { body: '<html><body>Log in</body></html>', headers: { 'content-type': 'text/html' } }, code: 'not-a-list' },
    { name: 'bytes that are not UTF-8', answer: { body: '\u00ff', headers: { 'content-type': 'text/csv' } }, code: 'invalid-list' },
    { name: 'a file of a newer format version', answer: { body: JSON.stringify({ format: 'termlens', version: 99, lists: [] }), headers: { 'content-type': 'application/json' } }, code: 'invalid-list' },
    { name: 'a network failure', answer: 'offline', code: 'network' },
  ];
  for (const f of failures) {
    it(`keeps the last good copy and records the error after ${f.name}`, async () => {
      const list = await subscribed();
      const before = await db.entry.where('listId').equals(list.id).toArray();
      if (f.answer !== 'offline') server.answer(f.answer);
      clock = T0 + 7000;
      const result = await updateSubscription(db, list.id, { fetch: f.answer === 'offline' ? offline : server.fetch, now });
      expect(result.status).toBe('failed');
      expect(result.status === 'failed' && result.error.code).toBe(f.code);
      const after = await db.list.get(list.id);
      expect(after?.subscription).toMatchObject({ lastSuccessAt: T0, checkedAt: T0 + 7000, etag: '"v1"' });
      expect(after?.subscription?.error).toEqual(expect.any(String));
      expect(await db.entry.where('listId').equals(list.id).toArray()).toEqual(before);
    });
  }

  it('clears the error once a check succeeds again', async () => {
    const list = await subscribed();
    server.answer({ status: 503, body: '' });
    await updateSubscription(db, list.id, { fetch: server.fetch, now });
    server.answer({ status: 304, body: null });
    await updateSubscription(db, list.id, { fetch: server.fetch, now });
    expect((await db.list.get(list.id))?.subscription?.error).toBeUndefined();
  });

  it('writes nothing when the list was unsubscribed while it was being fetched', async () => {
    const list = await subscribed();
    server.answer(async () => {
      await unsubscribe(db, list.id, T0 + 1);
      return { body: listJson([...three, { term: '新词' }]), headers: { 'content-type': 'application/json' } };
    });
    const result = await updateSubscription(db, list.id, { fetch: server.fetch, now });
    expect(result.status).toBe('failed');
    expect(await db.entry.where('listId').equals(list.id).count()).toBe(0);
  });
});

describe('a subscribed list cannot reach beyond itself', () => {
  it('rejects a file that tries to carry settings, and changes nothing', async () => {
    const list = await subscribed();
    const hostile = JSON.parse(listJson(three)) as Record<string, unknown>;
    hostile.settings = { enabled: false, excludedSites: ['news.cn'] };
    server.answer({ body: JSON.stringify(hostile), headers: { 'content-type': 'application/json' } });
    const result = await updateSubscription(db, list.id, { fetch: server.fetch, now });
    expect(result.status === 'failed' && result.error.code).toBe('invalid-list');
    expect(await settingsItem.getValue()).toMatchObject({ enabled: true, excludedSites: [] });
  });

  it('rejects a file that carries a second list', async () => {
    const list = await subscribed();
    const two = JSON.parse(listJson(three)) as { lists: unknown[] };
    two.lists.push({ name: 'My own list', entries: [] });
    server.answer({ body: JSON.stringify(two), headers: { 'content-type': 'application/json' } });
    const result = await updateSubscription(db, list.id, { fetch: server.fetch, now });
    expect(result.status === 'failed' && result.error.code).toBe('not-one-list');
  });

  it('cannot overwrite another list’s entry by naming its id, nor take the list’s colour or priority', async () => {
    await db.list.put(localList('mine', T0));
    await db.entry.put(entry('my-entry', 'mine', '我的词', T0, { definition: '我写的' }));
    server.answer({
      body: JSON.stringify({
        format: 'termlens',
        version: 1,
        lists: [{ id: 'mine', name: 'x', color: 7, priority: 1e9, enabled: true, entries: [{ id: 'my-entry', term: '我的词', lang: 'zh-Hans', definition: '被改了' }] }],
      }),
      headers: { 'content-type': 'application/json' },
    });
    const list = await subscribe(db, URL_JSON, { fetch: server.fetch, now });
    expect(await db.entry.get('my-entry')).toMatchObject({ listId: 'mine', definition: '我写的' });
    expect(await db.list.get('mine')).toEqual(localList('mine', T0));
    expect(list.id).not.toBe('mine');
    expect(list.priority).toBe(0);
    expect((await live(list.id))[0]?.id).not.toBe('my-entry');
  });

  it('does not take the publisher’s private notes', async () => {
    const list = await subscribed([{ term: '新质生产力', note: 'internal: do not publish' }]);
    expect((await live(list.id))[0]?.note).toBe('');
  });
});

describe('the reader’s overrides across updates', () => {
  async function editedSubscription() {
    let version = 1;
    let entries = three;
    server.serveWithEtag(() => listJson(entries), () => `"v${version}"`, { 'content-type': 'application/json' });
    const list = await subscribe(db, URL_JSON, { fetch: server.fetch, now });
    const row = (await live(list.id)).find((e) => e.term === '新质生产力')!;
    clock = T0 + 100;
    await editSubscribedEntry(db, { ...row, definition: '读者自己的释义', note: '我的笔记' }, clock);
    const publish = (next: PublishedEntry[]) => {
      entries = next;
      version++;
    };
    return { list, row, publish };
  }

  it('keeps the reader’s edit through a 304 and through a 200 that changed other fields', async () => {
    const { list, row, publish } = await editedSubscription();
    await updateSubscription(db, list.id, { fetch: server.fetch, now });
    expect(server.requests.at(-1)?.headers['if-none-match']).toBe('"v1"');
    publish(three.map((e) => (e.id === 'nqpf' ? { ...e, en: 'NQPF' } : e)));
    clock = T0 + 200;
    await updateSubscription(db, list.id, { fetch: server.fetch, now });
    expect(await db.entry.get(row.id)).toMatchObject({ definition: '读者自己的释义', note: '我的笔记', translations: { en: ['NQPF'] } });
    expect(await subscriptionReviews(db)).toEqual([]);
  });

  it('flags a field both changed, showing both values, until the reader chooses', async () => {
    const { list, row, publish } = await editedSubscription();
    publish(three.map((e) => (e.id === 'nqpf' ? { ...e, definition: '上游的新释义' } : e)));
    await updateSubscription(db, list.id, { fetch: server.fetch, now });
    expect(await db.entry.get(row.id)).toMatchObject({ definition: '读者自己的释义' });
    expect(await subscriptionReviews(db, list.id)).toEqual([
      { entryId: row.id, listId: list.id, term: '新质生产力', field: 'definition', mine: '读者自己的释义', theirs: '上游的新释义' },
    ]);
    await resolveReview(db, row.id, 'definition', 'theirs', T0 + 300);
    expect(await db.entry.get(row.id)).toMatchObject({ definition: '上游的新释义', note: '我的笔记' });
    expect(await subscriptionReviews(db)).toEqual([]);
  });

  it('moves an edited entry that upstream removed to the reader’s own list', async () => {
    const { list, row, publish } = await editedSubscription();
    publish(three.filter((e) => e.id !== 'nqpf'));
    const result = await updateSubscription(db, list.id, { fetch: server.fetch, now, keptListName: (n) => `${n} (kept)` });
    expect(result).toMatchObject({ status: 'updated', counts: { kept: 1, removed: 0 } });
    expect(await terms(list.id)).not.toContain('新质生产力');
    const kept = await db.list.get(keptListId(list.id));
    expect(kept).toMatchObject({ origin: 'local', name: '政策术语（编辑部） (kept)' });
    expect(await live(kept!.id)).toEqual([expect.objectContaining({ term: '新质生产力', definition: '读者自己的释义', note: '我的笔记' })]);
    // The override is over: a tombstone stays, for browser sync to take it back elsewhere too. Its
    // stamp is one past the override's, which the edit made at this same clock time (stamp.ts).
    expect(await db.override.toArray()).toEqual([clearedOverride(row.id, list.id, now() + 1)]);
    expect(await overrideOf(db, row.id)).toBeUndefined();
  });

  it('lets an unedited entry that upstream removed disappear', async () => {
    const { list, publish } = await editedSubscription();
    publish(three.filter((e) => e.id !== 'west'));
    await updateSubscription(db, list.id, { fetch: server.fetch, now });
    expect(await terms(list.id)).not.toContain('西部大开发');
    expect(await db.list.get(keptListId(list.id))).toBeUndefined();
  });

  it('keeps an entry the reader put in the trash in the trash after an update', async () => {
    const { list, publish } = await editedSubscription();
    const west = (await live(list.id)).find((e) => e.term === '西部大开发')!;
    await editSubscribedEntry(db, { ...west, deletedAt: T0 + 150 }, T0 + 150);
    publish(three.map((e) => (e.id === 'west' ? { ...e, definition: '新的' } : e)));
    await updateSubscription(db, list.id, { fetch: server.fetch, now });
    expect(await db.entry.get(west.id)).toMatchObject({ deletedAt: T0 + 150, definition: '新的' });
  });

  it('refuses to treat an entry of the reader’s own list as subscribed', async () => {
    await db.list.put(localList('mine', T0));
    const own = entry('e', 'mine', '词', T0);
    await db.entry.put(own);
    await expect(editSubscribedEntry(db, { ...own, definition: 'x' })).rejects.toBeInstanceOf(SubscriptionError);
  });
});

describe('unsubscribing', () => {
  it('leaves a tombstone for sync and removes the contents and overrides', async () => {
    const list = await subscribed();
    const row = (await live(list.id))[0]!;
    await editSubscribedEntry(db, { ...row, note: 'n' }, T0 + 1);
    await unsubscribe(db, list.id, T0 + 2);
    expect(await db.list.get(list.id)).toMatchObject({ deletedAt: T0 + 2, updatedAt: T0 + 2 });
    expect(await db.entry.where('listId').equals(list.id).count()).toBe(0);
    expect(await db.override.count()).toBe(0);
  });
});
