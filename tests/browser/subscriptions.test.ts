// A list published on a local web server (127.0.0.1): the extension subscribes to it, its terms
// highlight on a news page, the publisher changes it (304, then 200), and then breaks it (garbage):
// the highlights follow every good copy, the reader's override survives, and the last good copy
// stays with the error shown. The worker is driven through `termlensBackground.subscriptions`
// (lib/sync/subscription-hooks.ts), the same functions the options page's panel calls.

import type { Worker } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, showWholePage, useBrowserSuite, waitForHighlights, watchWorkerErrors } from './harness';
import {
  createListPublisher,
  OTHER_BROWSER_EDIT,
  otherBrowserRecord,
  READER_OVERRIDE,
  SECOND_ENTRIES,
  SUBSCRIPTION_ARTICLE as ARTICLE,
  type SubscriptionHooks,
} from './shared-subscriptions';

const suite = useBrowserSuite();

const { published, statuses, serveList } = createListPublisher();
type Hooks = SubscriptionHooks;

/** Calls a subscription hook in the extension's service worker. */
async function call<K extends keyof Hooks>(worker: Worker, name: K, ...args: Parameters<Hooks[K]>): Promise<Awaited<ReturnType<Hooks[K]>>> {
  return worker.evaluate(
    async ([hook, hookArgs]) => {
      const hooks = (globalThis as unknown as { termlensBackground?: { subscriptions?: Record<string, (...a: unknown[]) => Promise<unknown>> } })
        .termlensBackground?.subscriptions;
      if (!hooks) throw new Error('termlensBackground.subscriptions is not wired in entrypoints/background.ts');
      return hooks[hook]!(...hookArgs);
    },
    [name, args] as const,
  ) as Promise<Awaited<ReturnType<Hooks[K]>>>;
}

const has = (counts: Map<string, number>, term: string) => (counts.get(term) ?? 0) > 0;

describe('a subscribed list', () => {
  let listId = '';

  it('highlights, follows 304 and 200, keeps the reader’s override, and keeps the last good copy when the list breaks', async () => {
    const listUrl = suite.server.route('/lists/policy-new-terms.json', serveList);
    const pageUrl = suite.server.page('/news/2024-05-01/p2.html', ARTICLE);
    const worker = await suite.browser.serviceWorker();
    const workerErrors = watchWorkerErrors(worker);

    const list = await call(worker, 'subscribe', listUrl);
    if (!('id' in list)) throw new Error(`subscribe failed: ${list.code}: ${list.message}`);
    listId = list.id;
    expect(list.subscription).toMatchObject({ url: listUrl, etag: '"v1"' });

    const { page, errors } = await suite.newPage();
    await page.goto(pageUrl);
    await showWholePage(page);
    let reading = await waitForHighlights(page, (r) => has(r.counts, '低空经济') && has(r.counts, '耐心资本') && has(r.counts, '算力券'));
    expect(has(reading.counts, '银发经济')).toBe(false);
    expect(has(reading.counts, '长期资本')).toBe(false);

    // The reader edits a subscribed entry: a variant that is on the page, and a definition.
    const patient = (await call(worker, 'entries', listId)).find((e) => e.term === '耐心资本')!;
    await call(worker, 'edit', patient.id, READER_OVERRIDE);
    reading = await waitForHighlights(page, (r) => has(r.counts, '长期资本'));

    // Unchanged upstream: a conditional request, answered 304.
    expect(await call(worker, 'update', listId)).toEqual({ status: 'not-modified' });
    expect(statuses.at(-1)).toBe(304);

    // The publisher adds 银发经济, drops 算力券 (not edited) and renames 低空经济's English.
    published.version = 2;
    published.entries = [...SECOND_ENTRIES];
    expect(await call(worker, 'update', listId)).toMatchObject({ status: 'updated', counts: { added: 1, removed: 1 } });
    expect(statuses.at(-1)).toBe(200);
    reading = await waitForHighlights(page, (r) => has(r.counts, '银发经济') && !has(r.counts, '算力券'));
    expect(has(reading.counts, '低空经济')).toBe(true);
    // The override survived the update: its variant still highlights, its definition stands.
    expect(has(reading.counts, '长期资本')).toBe(true);
    const after = (await call(worker, 'entries', listId)).find((e) => e.id === patient.id);
    expect(after).toMatchObject(READER_OVERRIDE);
    const lastGood = await call(worker, 'list', listId);
    expect(lastGood?.subscription).toMatchObject({ etag: '"v2"', version: '2' });
    await screenshot(page, 'subscription-after-update');

    // The publisher breaks the file: the update fails, the last good copy stays, the error is kept.
    published.version = 3;
    published.garbage = true;
    const failed = await call(worker, 'update', listId);
    expect(failed).toMatchObject({ status: 'failed', code: 'invalid-list' });
    const broken = await call(worker, 'list', listId);
    expect(broken?.subscription?.error).toMatch(/not valid/);
    expect(broken?.subscription?.lastSuccessAt).toBe(lastGood?.subscription?.lastSuccessAt);
    expect(broken?.subscription?.etag).toBe('"v2"');
    await page.waitForTimeout(1_000);
    reading = await waitForHighlights(page, (r) => has(r.counts, '银发经济') && has(r.counts, '低空经济') && has(r.counts, '长期资本'));
    expect(has(reading.counts, '算力券')).toBe(false);

    expect(errors.pageErrors).toEqual([]);
    expect(workerErrors).toEqual([]);
  });

  it('carries the reader’s edit of a subscribed entry through browser sync, and takes one made in another browser', async () => {
    expect(listId).not.toBe('');
    const worker = await suite.browser.serviceWorker();
    const workerErrors = watchWorkerErrors(worker);
    const { page: extension } = await suite.newPage();
    await extension.goto(suite.browser.extensionUrl('/popup.html'));
    const syncItems = () =>
      extension.evaluate(() =>
        (globalThis as unknown as { chrome: { storage: { sync: { get(k: null): Promise<Record<string, unknown>> } } } }).chrome.storage.sync.get(null),
      );
    const entries = await call(worker, 'entries', listId);
    const patient = entries.find((e) => e.term === '耐心资本')!;
    const lowAltitude = entries.find((e) => e.term === '低空经济')!;

    // This browser's edit (made in the first test) is in storage.sync: the fields and the reader's values, not upstream's.
    await expect
      .poll(async () => (await syncItems())[`o.${patient.id}`], { timeout: 20_000, interval: 250 })
      .toMatchObject({ entryId: patient.id, listId, changed: ['variants', 'definition'], mine: READER_OVERRIDE });
    expect(Object.keys(await syncItems()).some((k) => k.startsWith('e.') && k.includes(listId))).toBe(false);

    // Another browser of the reader's account edits 低空经济: its record arrives in storage.sync.
    const { page, errors } = await suite.newPage();
    await page.goto(suite.server.page('/news/2024-05-01/p3.html', ARTICLE));
    await showWholePage(page);
    await waitForHighlights(page, (r) => has(r.counts, '低空经济') && !has(r.counts, '上云用数'));
    const remote = otherBrowserRecord(lowAltitude.id, listId, OTHER_BROWSER_EDIT);
    await extension.evaluate(
      (items) => (globalThis as unknown as { chrome: { storage: { sync: { set(i: object): Promise<void> } } } }).chrome.storage.sync.set(items),
      { [`o.${lowAltitude.id}`]: remote },
    );
    // The worker takes it into the database, and the page highlights the new variant.
    const reading = await waitForHighlights(page, (r) => has(r.counts, '上云用数'));
    expect(has(reading.counts, '低空经济')).toBe(true);
    expect((await call(worker, 'entries', listId)).find((e) => e.id === lowAltitude.id)).toMatchObject(OTHER_BROWSER_EDIT);
    // This browser's own edit is untouched, and it does not write the other browser's record back changed.
    expect((await call(worker, 'entries', listId)).find((e) => e.id === patient.id)).toMatchObject(READER_OVERRIDE);
    await page.waitForTimeout(1_500);
    expect((await syncItems())[`o.${lowAltitude.id}`]).toEqual(remote);
    await screenshot(page, 'subscription-edit-from-another-browser');
    expect(errors.pageErrors).toEqual([]);
    expect(workerErrors).toEqual([]);
  });

  it('shows the last error and the last success in the options page', async () => {
    expect(listId).not.toBe('');
    const { page } = await suite.newPage();
    await page.goto(suite.browser.extensionUrl('/options.html#/sharing'));
    const row = page.locator(`[data-testid="subscription"][data-list-id="${listId}"]`);
    await row.waitFor({ timeout: 10_000 });
    await expect.poll(() => row.locator('[data-testid="subscription-error"]').textContent()).toMatch(/not valid/);
    expect(await row.locator('[data-testid="subscription-last-success"]').textContent()).not.toBe('');
    await screenshot(page, 'subscription-error-in-options');
  });
});
