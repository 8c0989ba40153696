import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { GlossaryDb } from '@/lib/glossary/db';
import { subscribeFromClick, subscriptionPanelData } from '@/lib/sync/sharing-page';
import { SUBSCRIPTION_ALARM } from '@/lib/sync/subscription-alarms';
import { editSubscribedEntry, updateSubscription } from '@/lib/sync/subscriptions';
import { dropDbs, freshDb } from './support/glossary-fixtures';
import { FakeServer } from './support/fake-server';
import { listJson } from './support/list-files';

let db: GlossaryDb;
let server: FakeServer;
beforeEach(async () => {
  fakeBrowser.reset();
  db = await freshDb();
  server = new FakeServer();
});
afterEach(() => {
  vi.restoreAllMocks();
  return dropDbs();
});

describe('the options page’s subscription actions', () => {
  it('asks for the list’s host before subscribing, subscribes even when refused, and schedules checks', async () => {
    const asked: unknown[] = [];
    vi.spyOn(fakeBrowser.permissions, 'request').mockImplementation(async (p) => {
      asked.push(p);
      return false;
    });
    server.answer({ body: listJson([{ id: 'a', term: '低空经济' }]), headers: { 'content-type': 'application/json' } });
    await subscribeFromClick(db, 'https://lists.example.org/a.json', { fetch: server.fetch });
    expect(asked).toEqual([{ origins: ['https://lists.example.org/*'] }]);
    expect(await fakeBrowser.alarms.get(SUBSCRIPTION_ALARM)).toBeDefined();
    const data = await subscriptionPanelData(db);
    expect(data.subscriptions).toEqual([expect.objectContaining({ url: 'https://lists.example.org/a.json', entryCount: 1 })]);
  });

  it('asks for nothing when the URL is not http(s)', async () => {
    const request = vi.spyOn(fakeBrowser.permissions, 'request');
    await expect(subscribeFromClick(db, 'file:///tmp/a.json', { fetch: server.fetch })).rejects.toMatchObject({ code: 'not-http' });
    expect(request).not.toHaveBeenCalled();
  });

  it('lists fields to review with both values as text', async () => {
    let definition = 'v1';
    server.answer(() => ({ body: listJson([{ id: 'a', term: '低空经济', definition }]), headers: { 'content-type': 'application/json' } }));
    await subscribeFromClick(db, 'https://lists.example.org/a.json', { fetch: server.fetch });
    const row = (await db.entry.toArray())[0]!;
    await editSubscribedEntry(db, { ...row, definition: 'mine', tags: ['x', 'y'] });
    definition = 'v2';
    await updateSubscription(db, row.listId, { fetch: server.fetch });
    const { reviews } = await subscriptionPanelData(db);
    expect(reviews).toEqual([expect.objectContaining({ term: '低空经济', field: 'definition', mine: 'mine', theirs: 'v2' })]);
  });
});
