import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { GlossaryDb } from '@/lib/glossary/db';
import { detectListFormat } from '@/lib/sync/detect-list-format';
import { subscribedEntryId } from '@/lib/sync/plan-subscription-update';
import { maxAgeMinutes, nextCheckAt, refreshMinutes, RETRY_MINUTES } from '@/lib/sync/refresh-interval';
import {
  CHECK_PERIOD_MINUTES,
  ensureSubscriptionAlarms,
  handleSubscriptionAlarm,
  startSubscriptionSchedule,
  SUBSCRIPTION_ALARM,
} from '@/lib/sync/subscription-alarms';
import { dropDbs, freshDb, localList } from './support/glossary-fixtures';

const T = 1_714_000_000_000;

describe('the refresh interval', () => {
  const cases: [number | undefined, number][] = [
    [undefined, 1440],
    [5, 60],
    [90, 90],
    [60 * 24 * 30, 60 * 24 * 7],
    [-1, 1440],
    [Number.NaN, 1440],
  ];
  for (const [asked, got] of cases) it(`a list asking for ${asked} minutes is checked every ${got}`, () => expect(refreshMinutes(asked)).toBe(got));

  it('reads max-age from Cache-Control, and nothing from no-store', () => {
    expect(maxAgeMinutes('public, max-age=3600')).toBe(60);
    expect(maxAgeMinutes('no-store')).toBeUndefined();
    expect(maxAgeMinutes(null)).toBeUndefined();
  });

  it('retries a failed list sooner than its interval', () => {
    const ok = { subscription: { url: 'https://x.org/', checkedAt: T, intervalMinutes: 1440 } };
    expect(nextCheckAt(ok)).toBe(T + 1440 * 60_000);
    expect(nextCheckAt({ subscription: { ...ok.subscription, error: 'HTTP 500' } })).toBe(T + RETRY_MINUTES * 60_000);
    expect(nextCheckAt({ subscription: { url: 'https://x.org/' } })).toBe(0);
  });
});

describe('recognising a fetched list’s format', () => {
  const cases: [string | null, string, string, string | null][] = [
    ['application/json; charset=utf-8', 'https://x.org/list', 'x', 'json'],
    ['text/csv', 'https://x.org/list.json', 'x', 'csv'],
    ['application/x-tbx+xml', 'https://x.org/list', 'x', 'tbx'],
    ['text/plain', 'https://x.org/list.tbx', 'x', 'tbx'],
    ['application/octet-stream', 'https://x.org/list', '{"format":"termlens"}', 'json'],
    [null, 'https://x.org/list', 'term,lang\n词,zh', 'csv'],
    ['text/html; charset=utf-8', 'https://x.org/list.json', '<html>', null],
    ['image/png', 'https://x.org/list.csv', '', null],
  ];
  for (const [type, url, body, format] of cases) {
    it(`${type ?? 'no type'} at ${url} is ${format ?? 'not a list'}`, () => expect(detectListFormat(type, url, body)).toBe(format));
  }
});

describe('ids of subscribed entries', () => {
  it('are the same at every update, from the file’s id or else the term', () => {
    expect(subscribedEntryId('L', { id: 'a', term: 'x' })).toBe(subscribedEntryId('L', { id: 'a', term: 'y' }));
    expect(subscribedEntryId('L', { term: '新质生产力' })).toBe(subscribedEntryId('L', { term: '新质生产力' }));
  });

  it('differ between lists, so that two lists never share a row', () => {
    expect(subscribedEntryId('L1', { id: 'a', term: 'x' })).not.toBe(subscribedEntryId('L2', { id: 'a', term: 'x' }));
  });

  it('never equal the id the file gives', () => {
    expect(subscribedEntryId('L', { id: 'a', term: 'x' })).not.toBe('a');
  });
});

describe('the check alarm', () => {
  let db: GlossaryDb;
  beforeEach(async () => {
    fakeBrowser.reset();
    db = await freshDb();
  });
  afterEach(dropDbs);

  const subscription = () => localList('s', T, { origin: 'subscription', subscription: { url: 'https://x.org/l.json' } });

  it('exists, one and periodic, while there is a subscription', async () => {
    await ensureSubscriptionAlarms(db);
    expect(await fakeBrowser.alarms.getAll()).toEqual([]);
    await db.list.put(subscription());
    await ensureSubscriptionAlarms(db);
    await ensureSubscriptionAlarms(db);
    const alarms = await fakeBrowser.alarms.getAll();
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({ name: SUBSCRIPTION_ALARM, periodInMinutes: CHECK_PERIOD_MINUTES });
  });

  it('keeps its schedule when the worker starts again', async () => {
    await db.list.put(subscription());
    await ensureSubscriptionAlarms(db);
    const first = (await fakeBrowser.alarms.get(SUBSCRIPTION_ALARM))!.scheduledTime;
    await new Promise((r) => setTimeout(r, 5));
    await ensureSubscriptionAlarms(db);
    expect((await fakeBrowser.alarms.get(SUBSCRIPTION_ALARM))!.scheduledTime).toBe(first);
  });

  it('goes when the last subscription goes', async () => {
    await db.list.put(subscription());
    await ensureSubscriptionAlarms(db);
    await db.list.put({ ...subscription(), deletedAt: T + 1 });
    await ensureSubscriptionAlarms(db);
    expect(await fakeBrowser.alarms.getAll()).toEqual([]);
  });

  it('checks the due lists on its alarm, and ignores other alarms', async () => {
    await db.list.put(subscription());
    const requested: string[] = [];
    const fetch = async (url: string) => {
      requested.push(url);
      return new Response(null, { status: 304 });
    };
    expect(await handleSubscriptionAlarm({ name: 'something-else' }, db, { fetch })).toBeNull();
    expect(requested).toEqual([]);
    const results = await handleSubscriptionAlarm({ name: SUBSCRIPTION_ALARM }, db, { fetch });
    expect(requested).toEqual(['https://x.org/l.json']);
    expect(results?.get('s')).toEqual({ status: 'not-modified' });
  });
});

describe('the background’s subscription schedule', () => {
  let db: GlossaryDb;
  beforeEach(async () => {
    fakeBrowser.reset();
    db = await freshDb();
  });
  afterEach(dropDbs);

  it('creates the alarm when a subscription appears, and checks on the alarm that wakes the worker', async () => {
    const requested: string[] = [];
    const stop = startSubscriptionSchedule(db, {
      fetch: async (url) => {
        requested.push(url);
        return new Response(null, { status: 304 });
      },
    });
    try {
      await db.list.put(localList('s', T, { origin: 'subscription', subscription: { url: 'https://x.org/l.json' } }));
      await expect.poll(() => fakeBrowser.alarms.get(SUBSCRIPTION_ALARM), { timeout: 3000 }).toBeDefined();
      await fakeBrowser.alarms.onAlarm.trigger({ name: SUBSCRIPTION_ALARM, scheduledTime: Date.now(), persistAcrossSessions: true });
      await expect.poll(() => requested, { timeout: 3000 }).toEqual(['https://x.org/l.json']);
    } finally {
      stop();
    }
  });
});
